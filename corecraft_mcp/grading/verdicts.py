"""What a tool's output must not contain: the policy verdicts and next-step advice that
DESIGN.md section 4 leaves to the agent. KB articles and policy texts are the agent's reading
and keep their guidance, so the articles' tools are exempt; every other tool's result and
refusal is scanned, field names and text alike.

The lists are maintained here, once, and read by the regression test and the measurement
script (benchmarks/tool_verdicts.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from corecraft_mcp.tools.transcript import CallRecord

# Tools whose text is guidance by design: the knowledge base the agent reads.
EXEMPT_TOOLS = frozenset({"search_knowledgebase", "get_knowledgebase_article"})

# Fields whose text is a record the world holds (what a customer or colleague wrote, a product's
# catalogue copy), returned as stored: the tool is not speaking there. Matched on the last key.
RECORD_TEXT_FIELDS = frozenset(
    {
        "body",
        "description",
        "subject",
        "content",
        "text",
        "internal_note",
        "resolution",
        "notes",
        # a warranty policy's own terms, as stored in warranty_policies
        "coverage",
        "claim_process",
    }
)
# Record fields whose name reads like a verdict but holds catalogue data (a spec).
RECORD_FIELD_PATHS: tuple[str, ...] = (r".*\.specs\.[a-z_0-9]+",)

# Field names that carry a decision the policies leave to the agent (a verdict), matched on the
# whole name. Facts stay allowed: dates, elapsed days, amounts, terms.
VERDICT_FIELDS: tuple[str, ...] = (
    r"qualifies.*",
    r".*_qualifies.*",
    r"(is_)?eligible.*",
    r".*_eligible",
    r"is_within_.*",
    r"within_.*",
    r".*_within_(window|period|policy)",
    r"remedy.*",
    r".*_remedy(_.*)?",
    r".*_deadline",
    r"deadline.*",
    r"handled_by_today",
    r"handler_today",
    r".*_today_handler",
    r"should_.*",
    r"recommend.*",
    r".*_recommendation",
    r"next_step.*",
    r"(next|recommended|suggested)_action.*",
    r"covered_today",
    r"(claim_)?handler_today",
    r"(eligible|returnable|refundable|qualifies)_today",
    r"requires_.*approval",
    r".*_approval_required",
    r"suggested_.*",
    r"advice",
    r"hint",
    r"escalate.*",
    r"escalation_team",
    r"(fee|waiver)_applies",
    r"waived",
    r"approved",
    r"accept(ed|able)",
)

# Sentences that tell the agent what to do next, matched case-insensitively anywhere in a text.
NEXT_STEP_PHRASES: tuple[str, ...] = (
    r"\btell the customer\b",
    r"\binform the customer\b",
    r"\blet the customer know\b",
    r"\boffer the customer\b",
    r"\bask the customer\b",
    r"\bescalat(e|ing)\b",
    r"\bopen an rma\b",
    r"\bcontact (the )?(manufacturer|carrier|billing|logistics|customer|support)\b",
    r"\bshould\b",
    r"\byou (can|could|may|must|need)\b",
    r"\bplease\b",
    r"\brecommend",
    r"\bconsider\b",
    r"\binstead\b",
    r"\btry\b",
    r"\buse [a-z_]+ (instead|to)\b",
    r"\bqualifies\b",
    r"\bis (not )?eligible\b",
    r"\bhandles a claim today\b",
    r"\bremedy is\b",
)

_FIELD = re.compile("|".join(f"(?:{p})" for p in VERDICT_FIELDS))
_RECORD_PATH = re.compile("|".join(f"(?:{p})" for p in RECORD_FIELD_PATHS))
_PHRASE = re.compile("|".join(f"(?:{p})" for p in NEXT_STEP_PHRASES), re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    tool: str
    kind: str  # "field" or "phrase"
    where: str  # the field's path, or the text's path
    match: str

    def __str__(self) -> str:
        return f"{self.tool}: {self.kind} {self.match!r} at {self.where}"


def _walk(value: Any, path: str) -> Iterator[tuple[str, str | None, Any]]:
    """(path, key, value) for every mapping entry and every string the tool wrote, depth first
    (record text is skipped)."""
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if _RECORD_PATH.fullmatch(here):
                continue
            yield here, str(key), item
            # A stored text column is a record; a list of lines is the tool's own notes.
            if not (str(key) in RECORD_TEXT_FIELDS and isinstance(item, str)):
                yield from _walk(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, None, value


def findings_in(call: CallRecord) -> list[Finding]:
    if call.tool in EXEMPT_TOOLS:
        return []
    found: list[Finding] = []
    for path, key, value in _walk(call.result, "result"):
        if key is not None and _FIELD.fullmatch(key):
            found.append(Finding(call.tool, "field", path, key))
        if key is None and isinstance(value, str):
            found += [Finding(call.tool, "phrase", path, m[0]) for m in _PHRASE.finditer(value)]
    if call.error:
        found += [Finding(call.tool, "phrase", "error", m[0]) for m in _PHRASE.finditer(call.error)]
    return found


def findings(calls: Iterable[CallRecord]) -> list[Finding]:
    return [f for call in calls for f in findings_in(call)]
