"""Webhooks: endpoints a client registers, the catalogue of event types, and the sender that
delivers the outbox's events (``verification.outbox``) signed as Standard Webhooks."""
