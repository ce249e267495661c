"""Spot checks (入户抽查): an auditable sample of verified households to visit at home
(ADR 0016)."""
