"""金融 banks, through a clearing gateway: deposits, wealth products and interest."""
