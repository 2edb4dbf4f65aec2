"""`python -m agentkit` (or the `agentkit` command): chat with an agent in the terminal."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agentkit",
        description="Chat with an agent in the terminal (type 'exit' or press Ctrl-D to stop). "
        "Uses OPENAI_API_KEY / OPENAI_BASE_URL from the environment.",
    )
    parser.add_argument("--model", default=None, help="model name (default: the SDK default)")
    parser.add_argument("--name", default="Assistant", help="the agent's name")
    parser.add_argument(
        "--instructions", default="You are a helpful assistant.", help="the system prompt"
    )
    parser.add_argument("--no-stream", action="store_true", help="print whole answers")
    parser.add_argument(
        "--max-turns", type=int, default=10, help="model calls allowed per message (default 10)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = _parser().parse_args(argv)
    if args.max_turns < 1:
        _parser().error("--max-turns must be at least 1")

    from .agent import Agent
    from .repl import run_demo_loop

    agent: Agent[None] = Agent(name=args.name, instructions=args.instructions, model=args.model)
    try:
        asyncio.run(run_demo_loop(agent, stream=not args.no_stream, max_turns=args.max_turns))
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
