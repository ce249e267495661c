"""Re-verification (复核): comparing a household's new report with its previous one."""
