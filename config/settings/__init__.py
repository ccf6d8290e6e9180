"""Settings per environment: ``base`` holds what they share."""
