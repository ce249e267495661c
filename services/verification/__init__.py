"""Household economic-status verification service (家庭经济状况核对)."""
