"""Batches: re-verification of enrolled households as jobs (动态管理)."""
