"""住建/不动产登记 real-estate register: the properties one person owns."""
