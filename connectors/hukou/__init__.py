"""公安 public security: household-register identity (户籍) of one person."""
