"""Showing untrusted names (file paths, reasons) on one line, in the terminal and the GUI.

A file name may hold a newline, a tab, an escape sequence or a bidi override: printed as is,
it splits a one-line summary in two, moves the cursor, or shows text other than it is.
"""
from __future__ import annotations

import regex

_UNSAFE = regex.compile(r"[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    r"""`text` with control, line-separator and bidi-override characters written as escapes
    (a newline becomes \n), so it prints on one line and shows what it is."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
