"""Refusing bad tool arguments the same way everywhere (MCP server, replayer, RL environment):
unknown arguments are refused, and the refusal is one sentence saying what was wrong and what is
accepted, without validator internals (model names, documentation links) or the caller's input
echoed back at length."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import ErrorDetails

MAX_LISTED = 5  # problems named in one refusal; the rest are counted
MAX_NAME = 40  # characters of an unknown argument's name repeated back

_UNKNOWN = {"extra_forbidden", "unexpected_keyword_argument"}
_MISSING = {"missing", "missing_argument", "missing_keyword_only_argument"}


def _shown(name: object) -> str:
    text = str(name)
    return repr(text if len(text) <= MAX_NAME else text[:MAX_NAME] + "...")


def _problem(error: ErrorDetails) -> str:
    loc = [str(p) for p in error["loc"]]
    field = loc[0] if loc else "arguments"
    kind = error["type"]
    if kind in _UNKNOWN:
        return f"unknown argument {_shown(field)}"
    if kind in _MISSING:
        return f"missing argument '{field}'"
    where = ".".join(loc) if loc else "arguments"
    # pydantic's messages state the rule ("Input should be 'refund' or 'store_credit'",
    # "String should have at most 2000 characters") and never quote the input.
    message = error["msg"]
    return f"{where}: {message[0].lower()}{message[1:]}" if message else where


def argument_error(tool: str, exc: ValidationError, accepted: Sequence[str]) -> str:
    """One sentence: what was wrong with the arguments of `tool` and which arguments it takes."""
    problems = list(dict.fromkeys(_problem(e) for e in exc.errors()))
    shown = problems[:MAX_LISTED]
    if len(problems) > MAX_LISTED:
        shown.append(f"and {len(problems) - MAX_LISTED} more problems")
    names = ", ".join(accepted) if accepted else "none"
    return f"invalid arguments for {tool}: {'; '.join(shown)} (its arguments are {names})"


def unknown_tool_text(name: str, known: Iterable[str]) -> str:
    """A call to a tool there is none of, over MCP (a protocol error) or the ToolCaller alike."""
    return f"unknown tool '{name[:80]}': the tools are {', '.join(known)}"


def refusal_text(tool: str, reason: str) -> str:
    """What a caller sees when `tool` refuses a well-formed call (a ToolInputError: an unknown
    order, a write the policy forbids): the MCP SDK's wording for a tool's own error, kept by
    the server and used by the ToolCaller, so every path reads the same."""
    return f"Error executing tool {tool}: {reason}"


def strict_model(model: type[BaseModel]) -> type[BaseModel]:
    """`model` refusing arguments it does not declare; its JSON schema then says
    additionalProperties: false, so clients see the rule before calling."""
    config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    return type(model.__name__, (model,), {"model_config": config, "__module__": __name__})


def argument_names(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]
