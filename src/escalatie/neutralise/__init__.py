"""Output that cannot be turned against its reader: one module per kind of file.

Case text is typed by people, so it may hold what a spreadsheet runs as a formula, what a
terminal runs as a command, what a Markdown viewer renders as a link or HTML, or control
characters a calendar file may not carry. Each exit point passes case text through the
neutraliser of its kind:

* :mod:`.spreadsheet` — CSV cells (OWASP's rule against CSV injection);
* :mod:`.calendar_text` — iCalendar files (RFC 5545's TEXT has no control characters);
* :mod:`.markdown` — Markdown reports (HTML and link syntax shown as text);
* :mod:`.terminal` — text for a terminal (no escape sequences, no bidirectional overrides);
* :mod:`.document` — a shared plan, an export, ``case show`` (no control characters).
"""
