"""CSV cells a spreadsheet will not run as a formula (OWASP, "CSV Injection").

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``, ``-2-3``, a DDE
call). OWASP's rule: prefix such a cell with a single quote, so it is shown as text. The
full-width forms of those signs are included, because some spreadsheets fold them to ASCII.
The CSV writer quotes separators and double quotes itself.

Call :func:`csv_cell` on every text cell of every CSV the program writes (``compare``, and
any other CSV writer: one function, so every writer neutralises the same way).
"""

from __future__ import annotations

FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""First characters that make a spreadsheet evaluate a cell (ASCII and full-width)."""


def csv_cell(value: str) -> str:
    """``value`` as a safe CSV cell: prefixed with ``'`` if it would start a formula."""
    if value and value[0] in FORMULA_START:
        return "'" + value
    return value
