"""Reference pages for integrators: every problem type (``GET /problems/{code}``, each
problem's ``type``) and the authorization's JSON Schema at the path its ``$id`` names.

Public, unauthenticated and cacheable: they hold no personal data and depend on no caller,
so they are not audited (as ``/healthz`` and ``/.well-known/audit-log-key`` are not: an
anonymous reader could otherwise grow the permanent log); anonymous requests are
rate-limited per address like any other.
"""
