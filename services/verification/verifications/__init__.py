"""Verifications: accept one household, fan out to the sources, assess, report."""
