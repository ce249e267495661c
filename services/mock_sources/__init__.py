"""Mock agencies server: six fake agencies with their own wire formats.

``create_app()`` builds the FastAPI app; ``server`` runs it on a real socket
(in a thread for tests, or in an existing event loop); ``cli`` runs it
standalone as ``mock-sources``; ``faults`` makes agencies misbehave on demand
(seeded, per agency, switched under ``/_faults``); ``stats`` counts each
agency's requests in flight and their peak (``/_stats``).  WIRE.md is the contract.
"""

from mock_sources.app import create_app

__all__ = ["create_app"]
