"""Pages, one module per screen: fetch through the visibility policy, read, render."""
