"""``Idempotency-Key`` on POSTs: the first answer is stored and replayed, never recomputed."""
