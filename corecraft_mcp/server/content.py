"""The company's policies and knowledge base as MCP resources (rendered by world.documents), and
the agent's system prompt."""

from __future__ import annotations

import json
from dataclasses import dataclass

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError
from mcp.server.mcpserver.resources import TextResource

from corecraft_mcp.world.documents import kb_documents, policy_documents
from corecraft_mcp.world.world import World

MARKDOWN = "text/markdown"


@dataclass(frozen=True)
class Library:
    """A world's policies, knowledge base and prompt as the server publishes them. Built once per
    world and shared by every server of that world: the documents never change in an episode."""

    resources: tuple[TextResource, ...]
    policy_docs: dict[str, str]  # slug -> markdown
    kb_docs: dict[str, str]  # article id -> markdown
    prompt: str


def build_library(world: World) -> Library:
    policies = policy_documents(world.base)
    index = [
        {
            "uri": f"corecraft://policies/{p.slug}",
            "slug": p.slug,
            "title": p.title,
            "version": p.version,
            "summary": p.summary,
        }
        for p in policies
    ]
    resources = [
        TextResource(
            uri="corecraft://policies",
            name="policies",
            title="Company policies (index)",
            description="Every current company policy: slug, title, version, one-line summary.",
            mime_type="application/json",
            text=json.dumps(index, indent=2),
        )
    ]
    policy_docs = {p.slug: p.markdown for p in policies}
    resources += [
        TextResource(
            uri=f"corecraft://policies/{p.slug}",
            name=f"policy-{p.slug}",
            title=p.title,
            description=p.summary,
            mime_type=MARKDOWN,
            text=p.markdown,
        )
        for p in policies
    ]
    articles = kb_documents(world.base)
    kb_index = [
        {
            "uri": f"corecraft://kb/{a.id}",
            "id": a.id,
            "title": a.title,
            "category": a.category,
            "superseded_by": a.superseded_by,
        }
        for a in articles
    ]
    resources.append(
        TextResource(
            uri="corecraft://kb",
            name="knowledgebase",
            title="Knowledge base (index)",
            description="Every knowledge-base article: id, title, category, what supersedes it.",
            mime_type="application/json",
            text=json.dumps(kb_index, indent=2),
        )
    )
    kb_docs = {a.id: a.markdown for a in articles}
    resources += [
        TextResource(
            uri=f"corecraft://kb/{a.id}",
            name=f"kb-{a.id}",
            title=a.title,
            description=f"{a.category} article" + (" (superseded)" if a.superseded_by else ""),
            mime_type=MARKDOWN,
            text=a.markdown,
        )
        for a in articles
    ]
    return Library(
        resources=tuple(resources),
        policy_docs=policy_docs,
        kb_docs=kb_docs,
        prompt=support_agent_prompt(world),
    )


def register_library(server: MCPServer, library: Library) -> None:
    """The resources, the lookup templates and the support_agent prompt, on one server."""
    for resource in library.resources:
        server.add_resource(resource)

    # Templates answer any id, including ones a client builds itself, with a clear error.
    @server.resource("corecraft://policies/{slug}", mime_type=MARKDOWN, name="policy")
    def policy_by_slug(slug: str) -> str:
        if slug in library.policy_docs:
            return library.policy_docs[slug]
        known = ", ".join(library.policy_docs)
        raise ResourceNotFoundError(f"no policy '{slug}': the policies are {known}")

    @server.resource("corecraft://kb/{article_id}", mime_type=MARKDOWN, name="kb-article")
    def kb_by_id(article_id: str) -> str:
        if article_id in library.kb_docs:
            return library.kb_docs[article_id]
        raise ResourceNotFoundError(
            f"no article '{article_id}': ids look like KB-1001; read corecraft://kb for the index"
        )

    @server.prompt(
        name="support_agent",
        title="CoreCraft support agent",
        description="System prompt for an agent working CoreCraft's support queue: role, today's "
        "date, how to work, and the index of company policies.",
    )
    def support_agent() -> str:
        return library.prompt


def support_agent_prompt(world: World) -> str:
    """The system prompt an agent works under: who it is, the date, how to work, the policies."""
    index = "\n".join(
        f"- {p.title} (corecraft://policies/{p.slug}): {p.summary}"
        for p in policy_documents(world.base)
    )
    return f"""You are a customer-support agent at CoreCraft, an online retailer of PC hardware
(components, peripherals, prebuilt and custom-built PCs). Today is {world.today.isoformat()}; use
this date, not your own sense of the date, for every window, warranty and deadline.

How to work:
- Use the tools to look things up and to act. Never invent an order number, amount, date,
  tracking number or policy: find it. Customer data is messy: a customer may have two profiles,
  quote a wrong order number, or remember dates differently from the tracking record. Check
  before you act, and say what you found.
- Verify identity before discussing or changing an account or order, as the identity policy says.
- Apply company policy exactly, including its exceptions (tier benefits, dead-on-arrival items,
  open-box and refurbished items, final-sale clearance, assembled custom builds). Where policy
  requires escalation, escalate the ticket to the right team instead of acting yourself.
- Make every change in the systems of record with the tools (returns, exchanges, order changes,
  tickets, notes); a promise in your reply is not a change.
- The tools are systems of record and calculators: they report records and facts and refuse
  only what the systems themselves block. The policy decisions are yours (a return window, a
  fee or waiver, a late-delivery remedy, whether to escalate): a write the tool accepts is not
  thereby allowed by policy, and what you decide (a fee, a reason, a team) is recorded as given.
- Knowledge-base articles and policies can be superseded: follow the current one.
- Finish with the reply to the customer (or the report to your manager): state what you did and
  the exact facts (ids, amounts in dollars, dates) the reader needs, courteously and concisely.

Company policies (read them as resources):
{index}
"""
