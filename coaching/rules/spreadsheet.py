"""Cells for CSV exports that a spreadsheet opens as data, never as a formula."""

import datetime
from decimal import Decimal

# A spreadsheet evaluates a cell that starts with one of these as a formula (or DDE).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value) -> str | int | float | Decimal:
    """``value`` made safe for a CSV cell.

    Numbers stay numbers (a negative value is still a number); dates become ISO text;
    text starting with a formula trigger gets a leading apostrophe, which spreadsheets
    show as text and do not evaluate.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text
