"""Domain logic of the operator: what to check, what it means, what status to write (no Kopf)."""
