"""The provider-specific part of a model turn that must go back verbatim on the next request
(OpenAI's encrypted reasoning items, Anthropic's signed thinking blocks), kept by the turn's first
tool call id: the provider-neutral Message has no room for it."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

# One model object serves one episode, whose live turns are its latest: this bounds memory
# without ever evicting one.
MAX_KEPT_TURNS = 512


class KeptTurns(OrderedDict[str, list[dict[str, Any]]]):
    """Turns by first call id, oldest dropped past MAX_KEPT_TURNS."""

    def keep(self, first_call_id: str, parts: list[dict[str, Any]]) -> None:
        self[first_call_id] = parts
        while len(self) > MAX_KEPT_TURNS:
            self.popitem(last=False)
