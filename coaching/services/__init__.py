"""Writes: every change to an important record goes through a function here."""
