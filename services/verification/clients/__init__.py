"""API clients (case systems, auditors, admins) and bearer-token authentication."""
