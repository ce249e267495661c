"""社会保险 (social insurance) as a seventh data source: connector, wire format, mock agency."""
