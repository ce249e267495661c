"""保险 the insurance industry platform: policies held with their cash value, annuity payments."""
