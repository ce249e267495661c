"""住房公积金 housing provident fund: account balance and contribution base."""
