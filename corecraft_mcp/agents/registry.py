"""Model specs to adapters: `openai:NAME` (Chat Completions), `openai-responses:NAME` (the
Responses API) and `anthropic:NAME`.

The built-in agents (`reference`, `noop`) need a task, not a provider, so the runner builds them.
The SDKs are imported only here, on demand, so the package works without the `models` extra.
"""

from __future__ import annotations

from corecraft_mcp.grading.chat import ChatModel

PROVIDERS = ("openai", "openai-responses", "anthropic")
_BUILT_BY_RUNNER = ("reference", "noop")


def split_spec(spec: str) -> tuple[str, str]:
    """('openai', 'gpt-5.4') from 'openai:gpt-5.4'. Only the first colon splits, since local
    model names have their own (Ollama's 'qwen3:8b')."""
    provider, colon, name = spec.partition(":")
    provider = provider.strip().lower()
    name = name.strip()
    if spec.strip() in _BUILT_BY_RUNNER:
        raise ValueError(f"{spec!r} is a built-in agent: the runner creates it, not make_model")
    if not colon or not name or provider not in PROVIDERS:
        raise ValueError(
            f"unknown model {spec!r}: use openai:NAME (OpenAI or any OpenAI-compatible server "
            "via --base-url), openai-responses:NAME (OpenAI's Responses API), anthropic:NAME, "
            "or the built-in 'reference' / 'noop'"
        )
    return provider, name


def make_model(
    spec: str,
    *,
    base_url: str | None = None,
    api_key: str | None = None,
    timeout_s: float = 120.0,
    max_retries: int = 5,
) -> ChatModel:
    """The adapter for spec. `timeout_s` bounds each request attempt; `max_retries` is how often
    the SDK retries rate limits, 5xx, timeouts and dropped connections (with backoff, honouring
    Retry-After) before the call fails with ProviderError."""
    provider, name = split_spec(spec)
    if timeout_s <= 0:
        raise ValueError(f"timeout_s must be positive, not {timeout_s}")
    if max_retries < 0:
        raise ValueError(f"max_retries must be 0 or more, not {max_retries}")
    if provider == "openai":
        from corecraft_mcp.agents.openai_chat import OpenAIChatModel

        return OpenAIChatModel(
            name, base_url=base_url, api_key=api_key, timeout_s=timeout_s, max_retries=max_retries
        )
    if provider == "openai-responses":
        from corecraft_mcp.agents.openai_responses import OpenAIResponsesModel

        return OpenAIResponsesModel(
            name, base_url=base_url, api_key=api_key, timeout_s=timeout_s, max_retries=max_retries
        )
    from corecraft_mcp.agents.anthropic_chat import AnthropicChatModel

    return AnthropicChatModel(
        name, base_url=base_url, api_key=api_key, timeout_s=timeout_s, max_retries=max_retries
    )
