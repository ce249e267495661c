"""Assessment: pure functions from evidence, policy and household to a result."""
