"""One tool listing per server, and output-schema validators compiled once per schema.

The MCP client compiles a tool's output schema (jsonschema) the first time a session validates
a result of that tool, and keeps it per session; every episode opens a new session, so an eval
compiled the same 23 schemas again per episode (276 ms for all of them) and listed the tools
again (47 ms). A backend serves one server program, so its listing is fetched once and each new
session is given the listing and the compiled validators."""

from __future__ import annotations

import json
from typing import Any

import anyio
from jsonschema import SchemaError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from mcp import Client
from mcp_types import ListToolsResult
from referencing import Registry

from corecraft_mcp.grading.chat import ToolSchema


class SchemaValidators:
    """Compiled validators keyed by the schema's content (not the tool's name)."""

    def __init__(self) -> None:
        self._compiled: dict[str, Validator] = {}

    def get(self, schema: dict[str, Any]) -> Validator:
        key = json.dumps(schema, sort_keys=True, separators=(",", ":"))
        validator = self._compiled.get(key)
        if validator is None:
            cls = validator_for(schema)
            try:
                cls.check_schema(schema)
            except SchemaError as exc:
                raise RuntimeError(f"invalid output schema: {exc.message}") from exc
            # As the SDK compiles them: $refs resolve within the schema document only.
            validator = cls(schema, registry=Registry())
            self._compiled[key] = validator
        return validator


class SharedTools:
    """A server's tools, listed by the first session and given to every later one."""

    def __init__(self) -> None:
        self._listing: ListToolsResult | None = None
        self._lock = anyio.Lock()
        self.validators = SchemaValidators()

    async def attach(self, client: Client) -> list[ToolSchema]:
        """Prepare `client`'s session to call and validate the server's tools without listing
        or compiling anything; returns the tools as the model is shown them."""
        if self._listing is None:
            async with self._lock:
                if self._listing is None:
                    self._listing = await client.list_tools()
        listing = self._listing.model_copy()  # the session filters its `tools` in place
        session = client.session
        # The session's own bookkeeping for a listing (schemas to validate against, parameter
        # headers), as if it had listed the tools itself: the SDK has no public way to seed it.
        session._absorb_tool_listing(listing, complete=True)
        for tool in listing.tools:
            if tool.output_schema is not None:
                validator = self.validators.get(tool.output_schema)
                session._tool_output_validators[tool.name] = validator
        return [
            ToolSchema(name=t.name, description=t.description or "", input_schema=t.input_schema)
            for t in listing.tools
        ]
