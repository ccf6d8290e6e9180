"""Pure business rules: no database, no request; the easiest code to test."""
