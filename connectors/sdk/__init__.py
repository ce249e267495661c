"""The connector contract: normalized evidence, the connector protocol, the
shared HTTP resilience mechanism (with its attempt log and Prometheus metrics),
entry-point discovery and the test kit.  ``connectors/README.md`` describes it.

Nothing here imports the verification service; the service imports this.
"""
