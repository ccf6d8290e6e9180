"""Forms: validation and crispy layout only."""
