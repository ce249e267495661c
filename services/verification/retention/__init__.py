"""Retention: purging a verification's personal data on a schedule (ADR 0024)."""
