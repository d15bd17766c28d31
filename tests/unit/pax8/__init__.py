"""Tests of the Pax8 client: policies, a scripted transport, and the simulator.

The simulator is used in-process (httpx.ASGITransport) and over real HTTP.
"""
