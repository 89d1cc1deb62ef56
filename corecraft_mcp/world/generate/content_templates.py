"""Markdown templates of the written content: loading, front matter, and strict rendering."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

# A placeholder is a bare lower-case name in braces; anything fancier (format specs, indexing,
# attributes) is deliberately not supported, and any brace left after rendering is an error.
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


@dataclass(frozen=True)
class Template:
    """One content file: its name (file stem), its front matter and its markdown body."""

    name: str
    meta: dict[str, str]
    body: str

    def field(self, key: str) -> str:
        try:
            return self.meta[key]
        except KeyError:
            raise KeyError(f"{self.name}: front matter has no '{key}'") from None


def content_dir(kind: str) -> Traversable:
    return resources.files("corecraft_mcp.world").joinpath("content", kind)


def load_templates(kind: str) -> list[Template]:
    """All templates of one kind ('policies' or 'kb'), sorted by file name."""
    files = sorted(
        (f for f in content_dir(kind).iterdir() if f.name.endswith(".md")), key=lambda f: f.name
    )
    return [parse_template(f.name.removesuffix(".md"), f.read_text("utf-8")) for f in files]


def parse_template(name: str, text: str) -> Template:
    """Split '---' front matter (one 'key: value' per line) from the markdown body."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError(f"{name}: a template starts with '---' front matter")
    try:
        end = lines.index("---", 1)
    except ValueError:
        raise ValueError(f"{name}: front matter is not closed with '---'") from None
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"{name}: front-matter line without ':': {line!r}")
        meta[key.strip()] = value.strip()
    body = "\n".join(lines[end + 1 :]).strip() + "\n"
    return Template(name=name, meta=meta, body=body)


def render(text: str, values: dict[str, str], source: str) -> str:
    """Fill every {placeholder}; an unknown name raises KeyError, a stray brace ValueError."""

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise KeyError(f"{source}: unknown placeholder {{{key}}}")
        return values[key]

    out = _PLACEHOLDER.sub(fill, text)
    if "{" in out or "}" in out:
        raise ValueError(f"{source}: a brace is left after rendering (malformed placeholder?)")
    return out
