"""Writing rows to CSV and XLSX a chunk at a time, safe to open in any spreadsheet.

Memory stays bounded by the chunk, not the row count: CSV goes straight to the file and
XLSX through openpyxl's write-only workbook, which streams rows to disk.
"""

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

# A text cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe.

    Numbers, dates and empty cells stay as they are. Every text cell starting with a trigger
    is escaped, phone numbers (+49 30 123456) too: a spreadsheet reads "+1+1" as a sum and
    "+49 30 1" as a broken formula. `unescape_cell` gives the text back on import.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unescape_cell(value):
    """The inverse of `escape_cell` for a file we exported coming back in."""
    if isinstance(value, str) and value[:1] == "'" and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date | Decimal):
        return str(value)
    return str(value)


def write_csv(file: IO[str], headers: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Write the rows as CSV (comma, UTF-8 with the caller's file); returns the row count."""
    writer = csv.writer(file)
    writer.writerow([escape_cell(header) for header in headers])
    count = 0
    for row in rows:
        writer.writerow([_text(escape_cell(value)) for value in row])
        count += 1
    return count


def write_xlsx(
    file: IO[bytes] | str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    title: str = "Sheet1",
    amount_columns: Sequence[int] = (),
) -> int:
    """Write the rows to one sheet; Decimal amounts stay numbers shown with two decimals."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([escape_cell(header) for header in headers])
    amount_set = set(amount_columns)
    count = 0
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            value = escape_cell(value)
            if isinstance(value, datetime) and value.tzinfo is not None:
                value = value.replace(tzinfo=None)  # Excel has no time zones; values are UTC
            cell = WriteOnlyCell(sheet, value=value)
            if index in amount_set:
                cell.number_format = "0.00"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(file)
    return count
