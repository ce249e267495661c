"""金融 banks, through a clearing gateway: deposits, investments and their interest."""
