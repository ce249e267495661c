"""Domain-free building blocks with real names: money, ID numbers, masking, crypto."""
