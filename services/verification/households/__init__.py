"""Enrolled households (在保家庭): approved verifications under periodic review (分类复核)."""
