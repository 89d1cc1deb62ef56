"""One episode as a collapsible HTML section: its verdicts, its transcript, its world diff.

Every string from a result passes through `esc`: transcripts hold arbitrary model and customer
text, and the page must show a '<script>' in them as text, never run it.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from pydantic import ValidationError

from corecraft_mcp.evaluation.results import EpisodeResult
from corecraft_mcp.grading.chat import Message, ToolCallRequest
from corecraft_mcp.grading.scoring import Verdict
from corecraft_mcp.tools.transcript import CallRecord

# A tool result can be a whole catalogue page; the report keeps the start and says what it cut.
TEXT_LIMIT = 3000
# The system prompt is the same long text in every episode: its start identifies it.
SYSTEM_LIMIT = 400


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def clipped(text: str, limit: int = TEXT_LIMIT) -> str:
    """The text escaped, cut at `limit` characters with a note saying how much was left out."""
    if len(text) <= limit:
        return esc(text)
    return (
        f'{esc(text[:limit])}<span class="cut">\n… truncated: {len(text) - limit:,} more '
        f"characters ({len(text):,} in all)</span>"
    )


def pretty(value: Any) -> str:
    """JSON-looking text indented for reading; anything else as it is."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        if not isinstance(parsed, dict | list):
            return value
        value = parsed
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False, default=str)


def verdict_word(verdict: Verdict) -> str:
    if verdict.judge_error:
        return "judge error"
    if verdict.satisfied is None:
        return "ungraded"
    return "pass" if verdict.satisfied else "fail"


def outcome_word(episode: EpisodeResult) -> str:
    return {"infra_error": "infra error", "ungraded": "awaiting judge"}.get(
        episode.outcome, episode.outcome
    )


def css_class(word: str) -> str:
    return word.replace(" ", "-")


def _criteria(episode: EpisodeResult) -> str:
    if episode.grade is None:
        return '<p class="muted">not graded</p>'
    rows = []
    for v in episode.grade.verdicts:
        word = verdict_word(v)
        rows.append(
            f"<tr><td><code>{esc(v.criterion_id)}</code></td><td>{esc(v.kind)}</td>"
            f'<td>{esc(v.method)}</td><td class="num">{v.weight:g}</td>'
            f'<td><span class="badge {css_class(word)}">{esc(word)}</span></td>'
            f'<td class="evidence">{clipped(v.evidence, 1000)}</td></tr>'
        )
    return (
        '<table class="criteria"><thead><tr><th>criterion</th><th>kind</th><th>method</th>'
        "<th>weight</th><th>verdict</th><th>evidence or reason</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _turn(role: str, body: str) -> str:
    return f'<div class="turn {esc(role)}"><div class="role">{esc(role)}</div>{body}</div>'


def _tool_call(call: ToolCallRequest, result: Message | None) -> str:
    if call.invalid_arguments is not None:
        arguments = f"invalid arguments: {call.invalid_arguments}"
    else:
        arguments = pretty(call.arguments)
    parts = [
        f'<div class="call"><div class="call-name">call <code>{esc(call.name)}</code></div>',
        f'<pre class="args">{clipped(arguments)}</pre>',
    ]
    if result is None:
        parts.append('<p class="muted">no result recorded</p>')
    else:
        label = "error" if result.is_error else "result"
        parts.append(
            f'<div class="result-label {label}">{label}</div>'
            f'<pre class="result {label}">{clipped(pretty(result.content))}</pre>'
        )
    return "".join(parts) + "</div>"


def _parse_messages(raw: list[dict[str, Any]]) -> list[Message] | None:
    try:
        return [Message.model_validate(m) for m in raw]
    except ValidationError:
        return None


def _from_messages(messages: list[Message]) -> str:
    results = {m.tool_call_id: m for m in messages if m.role == "tool" and m.tool_call_id}
    shown: set[str] = set()
    out = []
    for message in messages:
        if message.role == "system":
            body = f'<pre class="text">{clipped(message.content, SYSTEM_LIMIT)}</pre>'
            out.append(_turn("system", body))
        elif message.role == "user":
            out.append(_turn("user", f'<pre class="text">{clipped(message.content)}</pre>'))
        elif message.role == "assistant":
            body = f'<pre class="text">{clipped(message.content)}</pre>' if message.content else ""
            for call in message.tool_calls:
                result = results.get(call.id)
                shown.add(call.id)
                body += _tool_call(call, result)
            out.append(_turn("assistant", body or '<p class="muted">(empty turn)</p>'))
        elif message.tool_call_id not in shown:
            # A tool result no call asked for (a malformed history): shown, not dropped.
            out.append(
                _turn("tool", f'<pre class="result">{clipped(pretty(message.content))}</pre>')
            )
    return "".join(out)


def _from_calls(calls: list[CallRecord]) -> str:
    """Runs that keep no conversation (replays) still record each call and its outcome."""
    if not calls:
        return '<p class="muted">no conversation recorded and no tool calls</p>'
    out = ['<p class="muted">no conversation recorded; the tool calls in order:</p>']
    for number, record in enumerate(calls, 1):
        request = ToolCallRequest(id=str(number), name=record.tool, arguments=record.args)
        content = record.error if not record.ok else pretty(record.result)
        result = Message(role="tool", content=content or "", is_error=not record.ok)
        out.append(_turn("assistant", _tool_call(request, result)))
    return "".join(out)


def _transcript(episode: EpisodeResult) -> str:
    transcript = episode.transcript
    messages = _parse_messages(transcript.messages) if transcript.messages else None
    if messages:
        return _from_messages(messages)
    return _from_calls(transcript.calls)


def _diff(episode: EpisodeResult) -> str:
    counts = episode.diff.counts()
    if not counts:
        return '<p class="muted">the episode changed nothing in the world</p>'
    rows = "".join(
        f'<tr><td><code>{esc(table)}</code></td><td class="num">{c["inserted"]}</td>'
        f'<td class="num">{c["updated"]}</td><td class="num">{c["deleted"]}</td></tr>'
        for table, c in sorted(counts.items())
    )
    return (
        '<table class="diff"><thead><tr><th>table</th><th>inserted</th><th>updated</th>'
        f"<th>deleted</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def episode_anchor(episode: EpisodeResult) -> str:
    return f"ep-{episode.task_id}-{episode.trial}"


def episode_html(episode: EpisodeResult) -> str:
    word = outcome_word(episode)
    usage = episode.usage
    facts = [
        f"trial {episode.trial}",
        f"reward {episode.reward:.2f}",
        f"{episode.category} / {episode.difficulty}",
        f"{len(episode.transcript.calls)} tool calls",
        f"{episode.steps} steps" + (" (step limit)" if episode.hit_step_limit else ""),
        f"{usage.input_tokens:,} + {usage.output_tokens:,} tokens",
        f"{episode.wall_s:.1f} s",
    ]
    summary = (
        f'<summary><span class="badge {css_class(word)}">{esc(word)}</span> '
        f'<code class="task">{esc(episode.task_id)}</code> '
        f'<span class="facts">{esc(" · ".join(facts))}</span></summary>'
    )
    sections = []
    if episode.error:
        sections.append(f'<h4>Error</h4><pre class="result error">{clipped(episode.error)}</pre>')
    if episode.judge_model:
        judged = f"judged by {episode.judge_model}"
        if episode.judge_prompt_version:
            judged += f" (prompt {episode.judge_prompt_version})"
        sections.append(f'<p class="muted">{esc(judged)}</p>')
    sections += [
        f"<h4>Criteria</h4>{_criteria(episode)}",
        f"<h4>Transcript</h4>{_transcript(episode)}",
        "<h4>Final response</h4>"
        + (
            f'<pre class="text response">{clipped(episode.transcript.response)}</pre>'
            if episode.transcript.response
            else '<p class="muted">(no final response)</p>'
        ),
        f"<h4>World changes</h4>{_diff(episode)}",
    ]
    return (
        f'<details class="episode {css_class(word)}" id="{esc(episode_anchor(episode))}">'
        f'{summary}<div class="episode-body">{"".join(sections)}</div></details>'
    )
