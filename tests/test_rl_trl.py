"""TRL's GRPOTrainer driving CoreCraftToolEnv and corecraft_reward, as it drives any environment:
a two-step GRPO run on a tiny randomly initialised model and tokenizer built here (no download)."""

from __future__ import annotations

import argparse
import asyncio
import functools
import importlib.util
import inspect
import json
import pickle
from pathlib import Path
from typing import Any

import anyio
import pytest

torch = pytest.importorskip("torch")
trl = pytest.importorskip("trl")
transformers = pytest.importorskip("transformers")
datasets = pytest.importorskip("datasets")

from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, trainers  # noqa: E402
from trl.chat_template_utils import qwen2_5_chat_template  # noqa: E402

from corecraft_mcp.rl.dataset import task_rows  # noqa: E402
from corecraft_mcp.rl.schemas import tool_schemas  # noqa: E402
from corecraft_mcp.rl.trl_env import (  # noqa: E402
    CoreCraftReplyEnv,
    CoreCraftToolEnv,
    ToolCallError,
    corecraft_reward,
)
from corecraft_mcp.tasks.loader import load_tasks  # noqa: E402

TASK = "acct-unverified-new-email-0006"  # rubric: `called: search_customers`, among others
CALL = {"name": "search_customers", "arguments": {"email": "yolanda.morris.pc@gmail.com"}}
CALL_TEXT = f"<tool_call>\n{json.dumps(CALL)}\n</tool_call>"


def tiny_tokenizer(corpus: list[str], vocab_size: int = 8000) -> Any:
    """A byte-level BPE tokenizer trained here, with Qwen 2.5's chat template (as TRL ships it)
    and the reference tool call as one token, so a random model can emit it. Its merges cross
    word boundaries, so a prompt it was trained on (system prompt and the 23 tool schemas: some
    45,000 characters) is a few hundred tokens and a CPU trains on it in seconds."""
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(corpus, trainer)
    tok.add_tokens(
        [
            AddedToken(t, normalized=False, special=False)
            for t in ("<tool_call>", "</tool_call>", CALL_TEXT)
        ]
    )
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        additional_special_tokens=specials[1:],
    )
    fast.chat_template = qwen2_5_chat_template
    return fast


def test_tool_methods_have_schemas_trl_can_render() -> None:
    env = CoreCraftToolEnv()
    names = [
        n
        for n, _ in inspect.getmembers(CoreCraftToolEnv, predicate=inspect.isfunction)
        if n not in ("reset", "get_reward") and not n.startswith("_")
    ]
    assert sorted(names) == sorted(s["function"]["name"] for s in tool_schemas())
    update_order = env.update_order  # type: ignore[attr-defined]  # set from the registry
    schema = transformers.utils.get_json_schema(update_order)
    assert schema["function"]["parameters"]["properties"]["action"]["enum"] == [
        "change_address",
        "change_shipping_method",
        "change_items",
        "cancel",
    ]
    assert "ORD-" in schema["function"]["parameters"]["properties"]["order_id"]["description"]


def test_environment_round_trips_through_pickle_and_grades() -> None:
    env = pickle.loads(pickle.dumps(CoreCraftToolEnv()))
    row = next(r for r in task_rows("train") if r["task_id"] == TASK)
    assert env.reset(**row) is None

    async def episode() -> list[float | None]:
        text = await env.search_customers(email="yolanda.morris.pc@gmail.com")
        assert json.loads(text)["total"] == 0
        with pytest.raises(ToolCallError, match="invalid arguments for search_customers"):
            await env.search_customers(page=0)
        completion = [{"role": "assistant", "content": "Please confirm your identity."}]
        return await corecraft_reward(completions=[completion], environments=[env], prompts=[[]])

    [reward] = anyio.run(episode)
    assert reward is not None and 0 < reward <= 1
    # TRL reuses instances: a fresh reset forgets the previous rollout.
    env.reset(**row)
    [fresh] = anyio.run(
        lambda: corecraft_reward(completions=[[]], environments=[env], prompts=[[]])
    )
    assert fresh is not None and fresh < reward


def tiny_model_and_tokenizer(rows: list[dict[str, Any]]) -> tuple[Any, Any]:
    # Trained on the prompt exactly as TRL renders it: the chat template with the tools.
    env = CoreCraftToolEnv()
    tools = [getattr(env, s["function"]["name"]) for s in tool_schemas()]
    rendered = tiny_tokenizer(["x"], vocab_size=300).apply_chat_template(
        rows[0]["prompt"], tools=tools, add_generation_prompt=True, tokenize=False
    )
    tokenizer = tiny_tokenizer([rendered])
    config = transformers.Qwen2Config(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=1,
        max_position_embeddings=16384,
        tie_word_embeddings=True,
    )
    return transformers.Qwen2ForCausalLM(config), tokenizer


def test_reply_env_owns_its_reward_as_the_async_trainer_drives_it() -> None:
    """AsyncGRPOTrainer: the factory is pickled to a rollout process, reset runs in a thread
    pool, tools and get_reward on the rollout loop, and the instance is reused."""
    env: CoreCraftReplyEnv = pickle.loads(pickle.dumps(CoreCraftReplyEnv()))
    assert "reply" in dir(env) and inspect.iscoroutinefunction(CoreCraftReplyEnv.get_reward)
    row = next(r for r in task_rows("train") if r["task_id"] == TASK)
    task_reference = next(t for t in load_tasks() if t.id == TASK).reference

    async def rollout(reply: str | None) -> float:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, functools.partial(env.reset, **row))
        for call in task_reference.calls:
            await getattr(env, call.tool)(**call.args)
        if reply is not None:
            assert await env.reply(message=reply) == "sent"
        return await env.get_reward()

    assert asyncio.run(rollout(task_reference.response)) == 1.0
    # The reply is what is graded: this one discloses the unverified caller's order.
    assert asyncio.run(rollout("It ships by FedEx, tracking 157202782282.")) < 1.0


def test_grpo_two_steps_rewards_reach_the_loss(tmp_path: Path) -> None:
    torch.manual_seed(0)
    rows = [r for r in task_rows("train") if r["task_id"] == TASK]
    model, tokenizer = tiny_model_and_tokenizer(rows)
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    call_id = tokenizer.convert_tokens_to_ids(CALL_TEXT)
    seen_rewards: list[list[float | None]] = []

    async def recorded_reward(**kwargs: Any) -> list[float | None]:
        rewards = await corecraft_reward(**kwargs)
        seen_rewards.append(rewards)
        return rewards

    recorded_reward.__name__ = "corecraft_reward"
    args = trl.GRPOConfig(
        output_dir=str(tmp_path),
        per_device_train_batch_size=4,
        num_generations=4,
        max_completion_length=24,
        max_tool_calling_iterations=1,
        max_steps=2,
        learning_rate=1e-2,
        epsilon=0.2,
        epsilon_high=0.28,
        temperature=1.0,
        logging_steps=1,
        save_strategy="no",
        report_to="none",
        use_cpu=True,
        seed=0,
        # The random model emits the tool call or the end of its turn about equally often, so
        # a group's rewards differ and GRPO has an advantage to learn from.
        generation_kwargs={"sequence_bias": [[[call_id], 9.0], [[tokenizer.eos_token_id], 9.0]]},
    )
    trainer = trl.GRPOTrainer(
        model=model,
        processing_class=tokenizer,
        reward_funcs=recorded_reward,
        train_dataset=datasets.Dataset.from_list(rows * 4),
        environment_factory=CoreCraftToolEnv,
        args=args,
    )
    advantages: list[Any] = []
    compute_loss = trainer.compute_loss

    def spy(model: Any, inputs: dict[str, Any], *a: Any, **kw: Any) -> Any:
        advantages.append(inputs["advantages"].detach().clone())
        return compute_loss(model, inputs, *a, **kw)

    trainer.compute_loss = spy
    trainer.train()

    assert len(seen_rewards) == 2 and all(len(r) == 4 for r in seen_rewards)
    flat = [r for batch in seen_rewards for r in batch]
    assert all(r is not None and 0 <= r <= 1 for r in flat)
    assert len(set(flat)) > 1, f"the random policy's rewards did not vary: {flat}"
    # GRPO's advantage is the reward less its group's mean, over the group's spread: it must be
    # computed from our rewards (the trainer may reorder a batch, so compare them sorted).
    for rewards, adv in zip(seen_rewards, advantages, strict=True):
        r = torch.tensor(rewards)
        expected = (r - r.mean()) / (r.std() + 1e-4)
        assert torch.allclose(adv.flatten().sort().values, expected.sort().values, atol=1e-3)
    logged = [h for h in trainer.state.log_history if "rewards/corecraft_reward/mean" in h]
    assert [round(h["rewards/corecraft_reward/mean"], 5) for h in logged] == [
        round(sum(r or 0.0 for r in b) / len(b), 5) for b in seen_rewards
    ]
    if any(a.abs().sum() > 0 for a in advantages):
        changed = any(not torch.equal(before[n], p) for n, p in model.named_parameters())
        assert changed, "non-zero advantages but the model did not change"


def test_example_script_trains_and_saves(tmp_path: Path) -> None:
    """examples/train_grpo.py's training half on the tiny model saved as a local checkpoint."""
    torch.manual_seed(0)
    rows = [r for r in task_rows("train") if r["task_id"] == TASK]
    model, tokenizer = tiny_model_and_tokenizer(rows)
    model.save_pretrained(tmp_path / "tiny")
    tokenizer.save_pretrained(tmp_path / "tiny")
    path = Path(__file__).parent.parent / "examples" / "train_grpo.py"
    spec = importlib.util.spec_from_file_location("train_grpo", path)
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    args = argparse.Namespace(
        model=str(tmp_path / "tiny"),
        output_dir=str(tmp_path / "out"),
        world="seed42",
        task=[TASK],
        num_generations=2,
        batch_size=2,
        gradient_accumulation_steps=1,
        epochs=1.0,
        max_steps=1,
        learning_rate=1e-3,
        epsilon=0.2,
        epsilon_high=0.28,
        max_completion_length=8,
        max_tool_calls=1,
        use_vllm=False,
        vllm_mode="colocate",
        vllm_memory=0.3,
        no_thinking=False,
        judge_model=None,
        report_to="none",
    )
    # AutoTokenizer would rebuild the tiny tokenizer as Qwen 2's (its own pre-tokenizer): pass it.
    final = example.train(args, processing_class=tokenizer)
    assert (final / "config.json").exists() and (final / "tokenizer.json").exists()
