"""Data-source connectors: one package per agency, sharing the ``sdk`` contract."""
