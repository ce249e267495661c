"""The connector contract: normalized evidence, the connector protocol, the
shared HTTP resilience mechanism and entry-point discovery.

Nothing here imports the verification service; the service imports this.
"""
