"""Kopf adapters: the only package (besides the CLI) that imports kopf.

Importing it registers every handler with Kopf's default registry.
"""

from pax8_operator.handlers import connection, lifecycle

__all__ = ["connection", "lifecycle"]
