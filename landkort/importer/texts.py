"""Text fields that are refused: formulas, markup and control characters.

Files come from 98 kommuner's spreadsheets, and what one kommune imports is shown to
everyone: an enhed's name goes into charts (plotly draws a subset of HTML in labels),
downloads and exports that others open in Excel. So a text field is refused when it

- begins with ``=``, ``+``, ``-`` or ``@`` (after leading spaces, which are dropped):
  a spreadsheet may run it as a formula (``=cmd|' /C calc'!A0``, ``=HYPERLINK(…)``);
- contains ``<`` or ``>``: markup such as ``<a href=…>`` that a chart could render;
- contains a control character anywhere (tab, carriage return, line feed, the C0 and C1
  ranges, DEL), or a character that turns text around (bidirectional overrides and
  isolates) or breaks lines (U+2028, U+2029): a leading tab or CR is the other way in
  for formulas, and the rest hides what a name really says.

Hyphens inside a name are fine (``Børn- og Ungeforvaltning``, ``SKAT - person``), and a
count such as ``-5`` is a number, not a text field: it is refused as negative instead.
The writers of CSV and XLSX escape such values too; this is the first of two defences.
"""

from __future__ import annotations

import re

MAX_ENHED = 100
"""An enhed's name, in characters (the longest of the 35 opgaver is 41)."""

FORMULA_START = ("=", "+", "-", "@")

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_MARKUP = re.compile("[<>]")
_CONTROL_NAMES = {
    "\t": "tabulator",
    "\r": "vognretur (CR)",
    "\n": "linjeskift",
    "\x00": "nul-tegn",
    "\u2028": "linjeskift (U+2028)",
    "\u2029": "afsnitsskift (U+2029)",
}


def refusal(text: str) -> str | None:
    """Why a text field's value is refused, in Danish, or None when it is fine."""
    control = _CONTROL.search(text)
    if control is not None:
        char = control.group()
        name = _CONTROL_NAMES.get(char, f"U+{ord(char):04X}")
        return f"teksten indeholder et kontroltegn ({name}), som ikke er tilladt"
    stripped = text.strip()
    if stripped.startswith(FORMULA_START):
        first = stripped[0]
        return (
            f'teksten begynder med "{first}", så et regneark kan læse den som en formel; '
            f'skriv den uden "{first}" foran'
        )
    if _MARKUP.search(text) is not None:
        return 'teksten indeholder "<" eller ">" (HTML-kode), som ikke er tilladt'
    return None


def enhed_refusal(text: str) -> str | None:
    """Why an enhed's name is refused: the rules above, and at most ``MAX_ENHED`` long."""
    reason = refusal(text)
    if reason is None and len(text.strip()) > MAX_ENHED:
        reason = f"enhedens navn er for langt ({len(text.strip())} tegn, højst {MAX_ENHED})"
    return reason
