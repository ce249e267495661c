"""证券登记结算 (中国结算 style): the securities a person holds, by account of their 一码通."""
