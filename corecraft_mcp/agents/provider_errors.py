"""A provider call that still fails after the SDK's own retries, as one line saying what to fix:
the wording every adapter shares (keys, model access, rate limits, timeouts, unreachable hosts).
Each adapter adds only what its provider has alone (Anthropic's 402, OpenAI's Responses hint)."""

from __future__ import annotations

from corecraft_mcp.grading.chat import ProviderError, one_line


def no_answer(name: str, timeout_s: float, max_retries: int) -> ProviderError:
    return ProviderError(f"{name}: no answer within {timeout_s:g}s (after {max_retries} retries)")


def unreachable(name: str, where: str, max_retries: int, exc: BaseException) -> ProviderError:
    return ProviderError(
        f"{name}: cannot reach {where} (after {max_retries} retries): "
        f"{one_line(str(exc.__cause__ or exc))}"
    )


def status_message(
    name: str,
    model: str,
    status: int,
    detail: str,
    *,
    where: str,
    key_source: str | None,
    key_env: str,
    max_retries: int,
    retry_label: str,
    check: str = "the model name",
) -> str | None:
    """The line for an HTTP status every provider answers alike, or None for the adapter to word.
    `key_source` names the key that was sent (None: a placeholder for a keyless server);
    `retry_label` names a retryable failure (429, 408, 409, 5xx) that outlasted the retries."""
    if status == 401:
        if key_source is None:
            return f"{name}: {where} wants an API key (401): set {key_env}. {detail}"
        return f"{name}: {key_source} was rejected by {where} (401): set a valid key. {detail}"
    if status == 403:
        return f"{name}: this key may not use model {model!r} (403): {detail}"
    if status == 404:
        return f"{name}: {where} does not serve model {model!r} (404): check {check}. {detail}"
    if status in (408, 409, 429) or status >= 500:
        return (
            f"{name}: {retry_label} ({status}), still failing after up to {max_retries} "
            f"retries: {detail}"
        )
    return None
