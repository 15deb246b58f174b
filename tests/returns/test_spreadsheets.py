"""Formula escaping: every text cell a spreadsheet would run is quoted, and comes back intact."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from returns.common.spreadsheets import escape_cell, unescape_cell, write_csv, write_xlsx


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2-3", "'-2-3"),
        ("+49 30 1234567", "'+49 30 1234567"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Anna Müller", "Anna Müller"),
        ("a=b", "a=b"),
        ("", ""),
        (Decimal("-12.50"), Decimal("-12.50")),
        (-3, -3),
        (None, None),
        (date(2026, 11, 1), date(2026, 11, 1)),
    ],
)
def test_escape_cell_quotes_every_text_starting_with_a_trigger(value, written):
    assert escape_cell(value) == written
    assert unescape_cell(escape_cell(value)) == value


def test_unescape_leaves_an_ordinary_apostrophe_alone():
    assert unescape_cell("'s-Hertogenbosch") == "'s-Hertogenbosch"
    assert unescape_cell("'") == "'"


def test_csv_and_xlsx_writers_escape_text_but_keep_numbers():
    rows = [["+1+1", Decimal("-5.00"), "-cmd|' /C calc'!A0"]]

    text = io.StringIO()
    write_csv(text, ["a", "b", "c"], rows)
    (row,) = list(csv.reader(io.StringIO(text.getvalue())))[1:]
    assert row == ["'+1+1", "-5.00", "'-cmd|' /C calc'!A0"]

    binary = io.BytesIO()
    write_xlsx(binary, ["a", "b", "c"], rows, amount_columns=[1])
    sheet = load_workbook(io.BytesIO(binary.getvalue())).active
    assert [cell.value for cell in sheet[2]] == ["'+1+1", -5, "'-cmd|' /C calc'!A0"]
    assert sheet["B2"].data_type == "n"
