"""Date formats per language (FORMAT_MODULE_PATH): every `|date` without an argument, and
`formats.date_format()` in Python (e-mails, exports), writes a date the one way of its
language. Formats not set here fall back to Django's own for the language."""
