"""Comparing coverage: which articles report the same event (counterparts), how their passages
line up (alignment), and what each side says that the other does not. Qt-free."""
