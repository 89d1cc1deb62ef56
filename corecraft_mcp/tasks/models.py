"""A task file, as pydantic models: the contract between task authors, the grader and the judge."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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


class MentionsCheck(_Strict):
    """Every fact appears in the final response (normalised: case, spacing, $ and 1,000s)."""

    mentions: list[str] = Field(min_length=1)


class NotMentionsCheck(_Strict):
    not_mentions: list[str] = Field(min_length=1)


Check = (
    StateCheck | UnchangedCheck | CalledCheck | NotCalledCheck | MentionsCheck | NotMentionsCheck
)


class Criterion(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")]
    kind: CriterionKind
    text: str = Field(min_length=10)
    weight: float = Field(default=1.0, gt=0)
    check: Check | None = None
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


class Task(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{2,80}$")]
    world: str
    split: Split
    category: Category
    difficulty: Difficulty
    instruction: str = Field(min_length=20)
    policies: list[str] = Field(default_factory=list, description="policy slugs the task needs")
    rubric: list[Criterion] = Field(min_length=4, max_length=12)
    reference: Solution
    near_misses: list[NearMiss] = Field(min_length=1)

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
        return self

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.rubric if c.id == criterion_id)
