"""`run_demo_loop`: chat with an agent in the terminal, keeping the conversation between turns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from .agent import Agent
from .items import TResponseInputItem
from .result import RunResultBase
from .run import DEFAULT_MAX_TURNS, Runner
from .run_context import TContext
from .stream_events import AgentUpdatedStreamEvent, RawResponsesStreamEvent, RunItemStreamEvent

_MAX_ERROR_CHARS = 300


def _one_line(exc: BaseException) -> str:
    """`Type: first line of the message`, shortened: what the REPL prints for a failed turn."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if len(text) > _MAX_ERROR_CHARS:
        text = text[:_MAX_ERROR_CHARS] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


async def _stream_turn(
    agent: Agent[Any],
    history: list[TResponseInputItem],
    context: Any,
    max_turns: int | None,
    show: Callable[..., None],
) -> RunResultBase:
    streamed = Runner.run_streamed(agent, history, context=context, max_turns=max_turns)
    async for event in streamed.stream_events():
        if isinstance(event, RawResponsesStreamEvent):
            if getattr(event.data, "type", None) == "response.output_text.delta":
                show(getattr(event.data, "delta", ""), end="")
        elif isinstance(event, RunItemStreamEvent):
            if event.item.type == "tool_call_item":
                show("\n[tool called]")
            elif event.item.type == "tool_call_output_item":
                show(f"\n[tool output: {event.item.output}]")
        elif isinstance(event, AgentUpdatedStreamEvent):
            show(f"\n[Agent updated: {event.new_agent.name}]")
    show()
    return streamed


async def run_demo_loop(
    agent: Agent[Any],
    *,
    stream: bool = True,
    context: TContext | None = None,
    max_turns: int | None = DEFAULT_MAX_TURNS,
    output: TextIO | None = None,
) -> None:
    """Read a line, run the agent on the conversation so far, print the answer; repeat.

    Streams by default (text as it arrives, plus tool calls, tool outputs and agent changes).
    `exit`, `quit`, Ctrl-D or Ctrl-C ends the loop. After a handoff, the next turn starts with
    the agent that answered last. A turn that fails (a model, server or tool error) prints one
    line, `[error] Type: message`, and the loop goes on with the conversation as it was before
    that message.
    """
    import sys

    out = output if output is not None else sys.stdout

    def show(text: str = "", end: str = "\n") -> None:
        print(text, end=end, file=out, flush=True)

    current = agent
    history: list[TResponseInputItem] = []
    while True:
        try:
            line = input(" > ")
        except (EOFError, KeyboardInterrupt):
            show()
            return
        if line.strip().lower() in {"exit", "quit"}:
            return
        if not line.strip():
            continue
        turn: list[TResponseInputItem] = [*history, {"role": "user", "content": line}]
        result: RunResultBase
        try:
            if stream:
                result = await _stream_turn(current, turn, context, max_turns, show)
            else:
                result = await Runner.run(current, turn, context=context, max_turns=max_turns)
                if result.final_output is not None:
                    show(str(result.final_output))
        except Exception as exc:
            show(f"\n[error] {_one_line(exc)} (the conversation so far is kept; try again)")
            continue
        current = result.last_agent
        history = result.to_input_list()
