"""Every text a person reads, in each language, under a stable code (see ``catalogue``)."""
