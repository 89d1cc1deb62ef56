"""Plain-Python signatures for the tools, for trainers that build a tool's schema from a function's
type hints and its Google-style docstring (TRL, through transformers' get_json_schema).

Such parsers know str, int, float, bool, Literal, list, dict and unions, but neither pydantic's
`Annotated[..., Field(...)]` metadata nor nested models: the hints are reduced to those (a nested
model becomes a dict, its fields described in the argument's text) and each argument's description
moves into the docstring. The arguments are still validated by the tool itself when called.
"""

from __future__ import annotations

import inspect
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from corecraft_mcp.tools.base import ToolSpec


def plain_hint(hint: Any) -> Any:
    """The hint without Annotated metadata, with pydantic models as dict."""
    origin = get_origin(hint)
    if origin is Annotated:
        return plain_hint(get_args(hint)[0])
    if origin is Union or origin is types.UnionType:
        return Union[tuple(plain_hint(a) for a in get_args(hint))]  # noqa: UP007
    if origin is list:
        args = get_args(hint)
        return list[plain_hint(args[0])] if args else list  # type: ignore[misc]
    if origin is Literal:
        return hint
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return dict
    return hint


def _description(hint: Any) -> str:
    """The first description found in the hint's Annotated metadata (outermost first)."""
    if get_origin(hint) is Annotated:
        inner, *metadata = get_args(hint)
        for item in metadata:
            if isinstance(item, FieldInfo) and item.description:
                return item.description
        return _description(inner)
    for arg in get_args(hint):
        found = _description(arg)
        if found:
            return found
    return ""


def _models_in(hint: Any) -> list[type[BaseModel]]:
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return [hint]
    return [m for arg in get_args(hint) for m in _models_in(arg)]


def _model_fields_text(model: type[BaseModel]) -> str:
    parts = [
        f"{name} ({'required' if field.is_required() else 'optional'})"
        + (f": {field.description}" if field.description else "")
        for name, field in model.model_fields.items()
    ]
    return "each an object with " + "; ".join(parts)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def plain_signature(spec: ToolSpec) -> tuple[inspect.Signature, dict[str, Any], str]:
    """The tool's arguments (without the world) as (signature with `self` first, annotations,
    Google-style docstring)."""
    signature = inspect.signature(spec.fn, eval_str=True)
    params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    annotations: dict[str, Any] = {}
    arg_lines = []
    for param in list(signature.parameters.values())[1:]:
        hint = plain_hint(param.annotation)
        annotations[param.name] = hint
        params.append(
            inspect.Parameter(
                param.name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=param.default,
                annotation=hint,
            )
        )
        text = _description(param.annotation) or param.name.replace("_", " ")
        models = _models_in(param.annotation)
        if models:
            text += f" ({_model_fields_text(models[0])})"
        arg_lines.append(f"    {param.name}: {_one_line(text)}")
    annotations["return"] = str
    doc = spec.description
    if arg_lines:
        doc += "\n\nArgs:\n" + "\n".join(arg_lines)
    doc += "\n\nReturns:\n    The tool's result as JSON text."
    return signature.replace(parameters=params, return_annotation=str), annotations, doc
