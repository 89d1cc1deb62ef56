"""Free text a tool stores (reasons, messages, notes): printable text with something to read."""

from __future__ import annotations

import unicodedata

from corecraft_mcp.tools.base import ToolInputError

_LAYOUT = "\n\r\t"  # the only control characters plain text may carry
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}  # categories that put nothing on the page alone


def plain_text(value: str, field: str, longest: int | None = None) -> str:
    """`value` stripped, or a ToolInputError naming the field: no control characters (NUL, escape
    sequences) besides line breaks and tabs, and at least one visible character."""
    cleaned = value.strip()
    for ch in cleaned:
        if unicodedata.category(ch) == "Cc" and ch not in _LAYOUT:
            raise ToolInputError(
                f"{field} contains a control character (U+{ord(ch):04X}): give plain text "
                "(line breaks and tabs are fine)"
            )
    if all(unicodedata.category(ch) in _INVISIBLE for ch in cleaned):
        raise ToolInputError(f"{field} is empty: write it in words")
    if longest is not None and len(cleaned) > longest:
        raise ToolInputError(f"{field} must be 1-{longest} characters of text, not {len(cleaned)}")
    return cleaned
