"""车管 vehicle administration: the vehicles registered to one person."""
