"""人社 employment and social insurance (就业和社会保险) as a data source, shipped as a
distribution of its own: connector, fixed-width wire format, mock agency."""
