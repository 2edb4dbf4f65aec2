"""What the `mcp_*.py` examples share: choosing the model, and starting the example MCP server
over HTTP (SSE or Streamable HTTP) on 127.0.0.1 for the length of a `with` block.

Offline (no OPENAI_API_KEY) the examples use `tool_calling_model`, a test model from
`agentkit.testing` that calls the tools the guide's prompt asks for, then answers from their
outputs; with OPENAI_API_KEY they use the real model (AGENTKIT_EXAMPLE_MODEL, default gpt-4.1).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SERVER = Path(__file__).resolve().parent / "mcp_example_server.py"
SAMPLES = Path(__file__).resolve().parent / "sample_files"


Call = tuple[str, dict[str, Any]] | tuple[str, dict[str, Any], str]
"""(tool, arguments) or (tool, arguments, word): with a word, only when the question contains it."""


def choose_model(calls: list[Call], answer: str | None = None) -> Any:
    """The real model when OPENAI_API_KEY is set, else `tool_calling_model(calls, answer)`."""
    if os.environ.get("OPENAI_API_KEY"):
        return os.environ.get("AGENTKIT_EXAMPLE_MODEL", "gpt-4.1")
    print("OPENAI_API_KEY is not set: running offline on agentkit.testing.", file=sys.stderr)
    return tool_calling_model(calls, answer)


def tool_calling_model(calls: list[Call], answer: str | None = None) -> Any:
    """Calls the offered tools of `calls` in turn, then answers `answer` or the tool outputs."""
    from agentkit.testing import FunctionModel, ModelCall, function_call

    def respond(call: ModelCall) -> Any:
        question = " ".join(
            str(i.get("content")) for i in call.input if i.get("role") == "user"
        ).lower()
        outputs = [i["output"] for i in call.input if i.get("type") == "function_call_output"]
        offered = {tool.name for tool in call.tools}
        pending = [
            c for c in calls if c[0] in offered and (len(c) < 3 or str(c[-1]).lower() in question)
        ]
        if len(outputs) < len(pending):
            name, arguments = pending[len(outputs)][0], pending[len(outputs)][1]
            return [function_call(name, arguments, call_id=f"call_{len(outputs)}")]
        if answer is not None:
            return answer
        texts = [_text(output) for output in outputs]
        return " | ".join(texts) if texts else "No tools were needed."

    return FunctionModel(respond)


def _text(output: Any) -> str:
    if isinstance(output, list):
        return " ".join(_text(part) for part in output)
    if isinstance(output, dict):
        return str(output.get("text", output))
    return str(output)


@contextmanager
def running_server(transport: str) -> Iterator[str]:
    """Start `mcp_example_server.py` over `transport` ("sse" or "streamable-http"); yield its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, str(SERVER), transport, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, process)
        yield f"http://127.0.0.1:{port}" + ("/sse" if transport == "sse" else "/mcp")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(port: int, process: subprocess.Popen[Any]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the example MCP server exited early")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("the example MCP server did not start")
