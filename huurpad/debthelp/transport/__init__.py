"""Transports of Schuldenknooppunt messages to and from the canonical form (docs/debt-help-transports.md)."""
