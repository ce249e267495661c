"""Who holds a person: the one-household-per-person registry (``models.py``).

Written by ``households/`` (an enrolment takes its members, an end releases them) and read
by ``verifications/`` (a member enrolled in another household is a finding of the report),
so it sits below both: neither package imports the other for it.
"""
