"""Webhook events, written in the transaction of the change that causes them (the outbox)."""
