"""Template tags of the returns admin (the work list on the index)."""
