"""A task file, as pydantic models: the contract between task authors, the grader and the judge."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

Category = Literal["information_retrieval", "communication", "problem_solving", "workflow"]
Difficulty = Literal["easy", "medium", "hard"]
Split = Literal["train", "heldout"]
CriterionKind = Literal["completeness", "correctness", "constraint", "format"]
Scalar = str | int | float | bool | None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class StateCheck(_Strict):
    """A read-only SQL query on the final world, compared with one expectation."""

    state: str = Field(min_length=7, description="a SELECT on the final world")
    equals: Scalar = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    gte: float | None = None
    lte: float | None = None
    rows: list[list[Scalar]] | None = None

    @model_validator(mode="after")
    def _one_expectation(self) -> StateCheck:
        given = [
            name
            for name in ("equals", "in_", "gte", "lte", "rows")
            if getattr(self, name) is not None or name in self.model_fields_set
        ]
        if not given:
            raise ValueError("a state check needs one of equals, in, gte, lte, rows")
        if len(given) > 1 and set(given) != {"gte", "lte"}:
            raise ValueError(
                f"a state check takes one expectation (gte with lte is fine), got {given}"
            )
        if not self.state.lstrip().lower().startswith(("select", "with")):
            raise ValueError("a state query must be a SELECT (or WITH ... SELECT)")
        return self


class UnchangedCheck(_Strict):
    """Tables, or rows given as 'table:key', that the episode must not change."""

    unchanged: list[str] = Field(min_length=1)


class CalledCheck(_Strict):
    """A successful call of a tool whose arguments include `with` (a subset)."""

    called: str
    with_: dict[str, Any] = Field(default_factory=dict, alias="with")


class NotCalledCheck(_Strict):
    """No call (successful or not) of a tool whose arguments include `with`."""

    not_called: str
    with_: dict[str, Any] = Field(default_factory=dict, alias="with")


Phrase = Annotated[str, Field(min_length=1)]
# One fact, or its alternatives (any of them states it).
Fact = Phrase | Annotated[list[Phrase], Field(min_length=1)]


def _alternatives(fact: Fact) -> list[str]:
    return [fact] if isinstance(fact, str) else list(fact)


class MentionsCheck(_Strict):
    """Every fact is stated in the final response, in any ordinary wording (see grading/claims);
    a fact given as a list is stated by any one of its alternatives."""

    mentions: list[Fact] = Field(min_length=1)

    def facts(self) -> list[list[str]]:
        return [_alternatives(f) for f in self.mentions]


class NotMentionsCheck(_Strict):
    """None of the phrases is stated (a negated one, "we can not waive the fee", is not)."""

    not_mentions: list[Phrase] = Field(min_length=1)


class ClaimCheck(_Strict):
    """The reply states the right value or conclusion (any of its phrasings in `claim`) and none
    of the plausible wrong ones in `wrong`: stating a wrong one fails, even beside the right."""

    claim: Fact
    wrong: list[Phrase] = Field(
        min_length=1, description="plausible wrong values or conclusions, each in its wording"
    )

    @property
    def right(self) -> list[str]:
        return _alternatives(self.claim)

    @model_validator(mode="after")
    def _distinct(self) -> ClaimCheck:
        both = {p.strip().lower() for p in self.right} & {p.strip().lower() for p in self.wrong}
        if both:
            raise ValueError(f"phrases are both in claim and in wrong: {sorted(both)}")
        return self


Check = (
    StateCheck
    | UnchangedCheck
    | CalledCheck
    | NotCalledCheck
    | MentionsCheck
    | NotMentionsCheck
    | ClaimCheck
)
_CHECK_KEYS = ("state", "unchanged", "called", "not_called", "mentions", "not_mentions", "claim")


def _check_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        value = value.model_dump(by_alias=True)
    if not isinstance(value, dict):
        return None
    return next((key for key in _CHECK_KEYS if key in value), None)


# Chosen by its key, so a misused check reports its own error, not seven kinds' errors.
CheckField = Annotated[
    Annotated[StateCheck, Tag("state")]
    | Annotated[UnchangedCheck, Tag("unchanged")]
    | Annotated[CalledCheck, Tag("called")]
    | Annotated[NotCalledCheck, Tag("not_called")]
    | Annotated[MentionsCheck, Tag("mentions")]
    | Annotated[NotMentionsCheck, Tag("not_mentions")]
    | Annotated[ClaimCheck, Tag("claim")],
    Discriminator(
        _check_kind,
        custom_error_type="check_kind",
        custom_error_message=f"a check is a mapping with one of the keys {', '.join(_CHECK_KEYS)}",
    ),
]


class Criterion(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")]
    kind: CriterionKind
    text: str = Field(min_length=10)
    weight: float = Field(default=1.0, gt=0)
    check: CheckField | None = None
    judge: bool = False

    @model_validator(mode="after")
    def _check_or_judge(self) -> Criterion:
        if (self.check is None) == (not self.judge):
            raise ValueError(
                "a criterion has either a deterministic check or judge: true, not both"
            )
        return self

    @property
    def deterministic(self) -> bool:
        return self.check is not None


class ToolCall(_Strict):
    tool: str
    args: dict[str, Any] = Field(default_factory=dict)


class Solution(_Strict):
    calls: list[ToolCall] = Field(default_factory=list)
    response: str


class NearMiss(Solution):
    name: str = Field(min_length=3)
    fails: list[str] = Field(min_length=1)


class Alternative(Solution):
    """A different path that is also right (another tool, another place for the note): the
    rubric must accept it, so `tasks validate` requires it to satisfy every criterion."""

    name: str = Field(min_length=3)
    why: str = Field(min_length=20, description="why this path is right too")


# An id of an entity in the world, as agents read it (CUS-00012, ORD-100234, SHP-300001, ...).
RecordId = Annotated[str, Field(pattern=r"^[A-Z]{2,4}-\d{3,6}$")]


class Reconcile(_Strict):
    """What the task makes the agent reconcile (records that disagree about one fact) or choose
    among (plausible candidates: several orders of one customer, duplicate profiles, similar
    products). `tasks validate` checks that every record exists in the world."""

    kind: Literal["conflict", "choice"]
    records: list[RecordId] = Field(min_length=2, description="at least two records")
    note: str = Field(min_length=10, description="what disagrees, or what tells them apart")

    @model_validator(mode="after")
    def _distinct(self) -> Reconcile:
        if len(set(self.records)) < len(self.records):
            raise ValueError(f"records repeat: {self.records}")
        return self


class PolicyException(_Strict):
    """A policy exception the task turns on (a tier's waiver, a safety override, an approval
    limit): the rule the agent must not apply as it usually would."""

    policy: str = Field(description="the slug of a policy the task cites")
    note: str = Field(min_length=10, description="the exception, in a sentence")


class Task(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{2,80}$")]
    world: str
    split: Split
    category: Category
    difficulty: Difficulty
    instruction: str = Field(min_length=20)
    policies: list[str] = Field(default_factory=list, description="policy slugs the task needs")
    reconcile: list[Reconcile] = Field(
        default_factory=list, description="records to reconcile or candidates to choose among"
    )
    exceptions: list[PolicyException] = Field(
        default_factory=list, description="policy exceptions the task turns on"
    )
    rubric: list[Criterion] = Field(min_length=4, max_length=12)
    reference: Solution
    near_misses: list[NearMiss] = Field(min_length=1)
    alternatives: list[Alternative] = Field(
        default_factory=list, description="valid alternative paths the rubric must accept"
    )
    paste_judged_only: str | None = Field(
        default=None,
        min_length=20,
        description="why only judged criteria catch a reply that pastes the tool output",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Task:
        ids = [c.id for c in self.rubric]
        duplicates = {i for i in ids if ids.count(i) > 1}
        if duplicates:
            raise ValueError(f"criterion ids repeat: {sorted(duplicates)}")
        for miss in self.near_misses:
            unknown = set(miss.fails) - set(ids)
            if unknown:
                raise ValueError(
                    f"near miss '{miss.name}' fails unknown criteria {sorted(unknown)}"
                )
        uncited = sorted({e.policy for e in self.exceptions} - set(self.policies))
        if uncited:
            raise ValueError(f"exceptions name policies the task does not cite: {uncited}")
        return self

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.rubric if c.id == criterion_id)
