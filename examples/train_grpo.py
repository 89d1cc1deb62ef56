"""GRPO on CoreCraft with TRL: the train split, 16 rollouts per prompt, each in its own world,
rubric rewards; then the held-out split through `corecraft-mcp eval`.

Clipping: `--epsilon 0.2 --epsilon-high 0.28` by default. The CoreCraft paper trains with "GRPO
with adaptive clipping" without spelling it out; a related paper by the same team calls it GRPO
with decoupled clipping, i.e. separate lower and upper bounds on the importance ratio with the
upper one higher (DAPO's clip-higher). That is our reading, and these are DAPO's values; the loss
is TRL's default "dapo" (token-level) with no KL term (beta 0).

    pip install 'corecraft-mcp[rl]' vllm            # torch for your accelerator first
    python examples/train_grpo.py --model Qwen/Qwen3-1.7B --use-vllm --output-dir runs/grpo

The held-out evaluation serves the trained model with `vllm serve` (an OpenAI-compatible server
that parses the model's tool calls: `--tool-call-parser` names the parser for its family) and runs
`corecraft-mcp eval --model openai:NAME --base-url ... --split heldout`. `--eval-base-url` uses a
server you run yourself instead; `--no-eval` skips it. See the README's "Training" section for the
GPU memory each model size needs.
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from corecraft_mcp.grading.judge import Judge


def make_judge(spec: str) -> Judge:
    """A picklable judge factory's body (partial of this module-level function)."""
    from corecraft_mcp.agents.registry import make_model

    return Judge(make_model(spec))


def train(args: argparse.Namespace, processing_class: Any = None) -> Path:
    """Train; the tokenizer is the model's own unless `processing_class` is given."""
    import torch
    from datasets import Dataset
    from trl import GRPOConfig, GRPOTrainer

    from corecraft_mcp.rl.dataset import task_rows
    from corecraft_mcp.rl.trl_env import CoreCraftToolEnv, corecraft_reward

    judge = functools.partial(make_judge, args.judge_model) if args.judge_model else None
    rows = [
        row
        for row in task_rows("train")
        if not args.task or any(fnmatch.fnmatchcase(row["task_id"], p) for p in args.task)
    ]
    config = GRPOConfig(
        output_dir=args.output_dir,
        num_generations=args.num_generations,
        per_device_train_batch_size=args.batch_size,
        gradient_accumulation_steps=args.gradient_accumulation_steps,
        num_train_epochs=args.epochs,
        learning_rate=args.learning_rate,
        epsilon=args.epsilon,
        epsilon_high=args.epsilon_high,
        beta=0.0,
        max_completion_length=args.max_completion_length,
        max_tool_calling_iterations=args.max_tool_calls,
        temperature=1.0,
        max_steps=args.max_steps,
        use_cpu=not torch.cuda.is_available(),  # a smoke run on a machine without a GPU
        use_vllm=args.use_vllm,
        vllm_mode=args.vllm_mode,
        vllm_gpu_memory_utilization=args.vllm_memory,
        chat_template_kwargs={"enable_thinking": False} if args.no_thinking else None,
        logging_steps=1,
        save_strategy="no",
        report_to=args.report_to,
    )
    trainer = GRPOTrainer(
        model=args.model,
        processing_class=processing_class,
        train_dataset=Dataset.from_list(rows),
        reward_funcs=corecraft_reward,
        environment_factory=functools.partial(
            CoreCraftToolEnv, world=args.world, judge_factory=judge
        ),
        args=config,
    )
    trainer.train()
    final = Path(args.output_dir) / "final"
    trainer.save_model(str(final))
    if trainer.processing_class is not None:
        trainer.processing_class.save_pretrained(str(final))
    return final


def _wait_healthy(url: str, server: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"vllm serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=5):
                return
        except OSError:
            time.sleep(5)
    raise SystemExit(f"vllm serve was not up after {timeout_s:.0f} s")


def evaluate(args: argparse.Namespace, model_dir: Path) -> int:
    name = "corecraft-grpo"
    out = str(Path(args.output_dir) / "heldout-eval")
    server = None
    base_url = args.eval_base_url
    if base_url is None:
        base_url = f"http://127.0.0.1:{args.eval_port}/v1"
        server = subprocess.Popen(
            [
                "vllm", "serve", str(model_dir), "--served-model-name", name,
                "--port", str(args.eval_port), "--enable-auto-tool-choice",
                "--tool-call-parser", args.tool_call_parser,
            ]
        )  # fmt: skip
        _wait_healthy(base_url, server, timeout_s=900)
    try:
        command = [
            "corecraft-mcp", "eval", "--model", f"openai:{name}", "--base-url", base_url,
            "--split", "heldout", "--trials", str(args.eval_trials), "--out", out,
            "--temperature", "0.6",
        ]  # fmt: skip
        if args.judge_model:
            command += ["--judge-model", args.judge_model]
        return subprocess.call(command)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", required=True, help="a Hugging Face model id or local path")
    p.add_argument("--output-dir", default="runs/grpo")
    p.add_argument("--world", default="seed42")
    p.add_argument("--task", action="append", help="train tasks to use (id or glob; repeatable)")
    p.add_argument("--num-generations", type=int, default=16, help="rollouts per prompt")
    p.add_argument("--batch-size", type=int, default=16, help="per device; a multiple of 16")
    p.add_argument("--gradient-accumulation-steps", type=int, default=1)
    p.add_argument("--epochs", type=float, default=1.0)
    p.add_argument("--max-steps", type=int, default=-1, help="stop early (a smoke run)")
    p.add_argument("--learning-rate", type=float, default=1e-6)
    p.add_argument("--epsilon", type=float, default=0.2, help="lower clip bound")
    p.add_argument("--epsilon-high", type=float, default=0.28, help="upper clip bound")
    p.add_argument("--max-completion-length", type=int, default=8192)
    p.add_argument("--max-tool-calls", type=int, default=30, help="tool-calling turns")
    p.add_argument("--use-vllm", action="store_true", help="generate with vLLM")
    p.add_argument("--vllm-mode", choices=["colocate", "server"], default="colocate")
    p.add_argument("--vllm-memory", type=float, default=0.3, help="GPU share for vLLM")
    p.add_argument("--no-thinking", action="store_true", help="Qwen3: enable_thinking=False")
    p.add_argument("--judge-model", help="e.g. openai:gpt-5.2: judged criteria join the reward")
    p.add_argument("--report-to", default="none")
    p.add_argument("--no-eval", action="store_true")
    p.add_argument("--eval-base-url", help="an OpenAI-compatible server already serving it")
    p.add_argument("--eval-port", type=int, default=8011)
    p.add_argument("--eval-trials", type=int, default=4)
    p.add_argument("--tool-call-parser", default="hermes", help="vLLM's (Qwen: hermes)")
    args = p.parse_args()
    if args.batch_size * args.gradient_accumulation_steps % args.num_generations:
        p.error("batch size x gradient accumulation must be a multiple of --num-generations")
    model_dir = train(args)
    return 0 if args.no_eval else evaluate(args, model_dir)


if __name__ == "__main__":
    sys.exit(main())
