"""税务 tax: monthly income records of one person over the look-back window."""
