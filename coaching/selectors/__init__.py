"""Reads and aggregates: querysets and plain data for pages, API and tasks."""
