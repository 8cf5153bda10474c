"""Cells bound for a spreadsheet: the one guard against formula (CSV) injection."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A cell for export that a spreadsheet will not run as a formula (OWASP CSV injection):
    text starting with = + - @ or a tab/carriage return gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
