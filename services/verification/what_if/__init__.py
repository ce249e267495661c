"""What-if: stored evidence of enrolled households replayed under a draft policy (ADR 0023)."""
