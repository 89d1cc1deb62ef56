"""Variants inside a template: `[[a|b|c]]` is one of a, b or c, drawn per message.

Real agents and customers rarely write the same sentence twice; a template with a few such
choices reads differently in every ticket while its fields (order numbers, amounts) stay exact.
Choices do not nest.
"""

from __future__ import annotations

import functools
import random
import re
import string
from collections.abc import Mapping

_CHOICE = re.compile(r"\[\[([^\[\]]*)\]\]")


def vary(rng: random.Random, template: str, fields: Mapping[str, str] | None = None) -> str:
    """The template with each `[[...|...]]` replaced by one of its options: given the fields,
    one whose every field has a value (any, when none has)."""
    if "[[" not in template:
        return template

    def choose(match: re.Match[str]) -> str:
        options = match.group(1).split("|")
        if fields is not None:
            options = [o for o in options if all(fields.get(f) for f in fields_of(o))] or options
        return str(rng.choice(options))

    return _CHOICE.sub(choose, template)


def first_wording(template: str) -> str:
    """The template with each `[[...|...]]` as its first option (the wording it had first)."""
    if "[[" not in template:
        return template
    return _CHOICE.sub(lambda m: m.group(1).split("|")[0], template)


def fields_of(template: str) -> frozenset[str]:
    """The names of the fields a template fills."""
    return _fields_of(template)


@functools.cache
def _fields_of(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)
