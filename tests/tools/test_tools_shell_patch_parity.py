"""ShellTool and ApplyPatchTool side by side with upstream `agents` 0.24: the same program
(`shell_patch_program.py`) runs on both against the loopback server with the same replies queued;
the requests the server saw, the run's items, stream events, interruptions and final output, and
the files left in the work directory must match.

Skipped without the reference environment (tests/_reference.py); the behaviour
itself is covered without it by test_tools_shell_patch.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests._reference import HAVE_REFERENCE, NO_REFERENCE_REASON, REF_PYTHON
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b
from tests.tools.shell_patch_replies import (
    apply_patch_call,
    hosted_shell_reply,
    local_shell_call,
    shell_call,
)

PROGRAM = Path(__file__).with_name("shell_patch_program.py")
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not HAVE_REFERENCE, reason=NO_REFERENCE_REASON)

Queue = Callable[[OpenAIServer, bool], None]


def _reply(output: list[dict[str, Any]], stream: bool) -> Any:
    return b.stream_response(output) if stream else b.response_reply(output)


def _shell(server: OpenAIServer, stream: bool) -> None:
    commands = ["echo hello", "ls", "echo oops >&2; exit 3"]
    server.queue(_reply([shell_call("sh_1", commands, max_output_length=4000)], stream))
    server.queue(_reply([b.message_item("ran")], stream))


def _shell_truncated(server: OpenAIServer, stream: bool) -> None:
    server.queue(
        _reply([shell_call("sh_1", ["echo abcdefghij", "echo xyz"], max_output_length=12)], stream)
    )
    server.queue(_reply([b.message_item("ran")], stream))


def _shell_one(server: OpenAIServer, stream: bool) -> None:
    server.queue(_reply([shell_call("sh_1", ["echo hi"])], stream))
    server.queue(_reply([b.message_item("ran")], stream))


def _hosted(server: OpenAIServer, stream: bool) -> None:
    # The container ran the command; the message ends the run without another request.
    server.queue(_reply(hosted_shell_reply("sh_h"), stream))


def _patch(server: OpenAIServer, stream: bool) -> None:
    server.queue(
        _reply(
            [
                apply_patch_call("p_1", "create_file", "notes.txt", "+one\n+two\n"),
                apply_patch_call("p_2", "update_file", "keep.txt", "@@\n-old line\n+new line\n"),
                apply_patch_call("p_3", "delete_file", "gone.txt"),
                apply_patch_call("p_4", "update_file", "keep.txt", "@@\n-missing\n+x\n"),
            ],
            stream,
        )
    )
    server.queue(_reply([b.message_item("patched")], stream))


def _patch_one(server: OpenAIServer, stream: bool) -> None:
    server.queue(
        _reply(
            [apply_patch_call("p_1", "update_file", "keep.txt", "@@\n-old line\n+new\n")], stream
        )
    )
    server.queue(_reply([b.message_item("patched")], stream))


def _local_shell(server: OpenAIServer, stream: bool) -> None:
    server.queue(_reply([local_shell_call("ls_1", ["ls"])], stream))
    server.queue(_reply([b.message_item("listed")], stream))


# name -> (replies, program settings)
SCENARIOS: dict[str, tuple[Queue, dict[str, Any]]] = {
    "local shell, structured results": (_shell, {"scenario": "shell_local"}),
    "local shell, text result": (_shell, {"scenario": "shell_text"}),
    "local shell, output capped": (_shell_truncated, {"scenario": "shell_local"}),
    "shell tool_choice": (_shell_one, {"scenario": "shell_local", "tool_choice": "shell"}),
    "hosted shell": (_hosted, {"scenario": "shell_hosted"}),
    "LocalShellTool": (_local_shell, {"scenario": "local_shell"}),
    "apply patch: create, update, delete, bad diff": (_patch, {"scenario": "patch"}),
    "shell approval: rejected with a message after a JSON round trip": (
        _shell_one,
        {"scenario": "shell_local", "approval": True, "decision": "reject:not on my machine"},
    ),
    "shell approval: rejected, default message": (
        _shell_one,
        {"scenario": "shell_local", "approval": True, "decision": "reject:"},
    ),
    "shell approval: approved": (
        _shell_one,
        {"scenario": "shell_local", "approval": True, "decision": "approve"},
    ),
    "apply patch approval: approved": (
        _patch_one,
        {"scenario": "patch", "approval": True, "decision": "approve"},
    ),
    "apply patch approval: rejected": (
        _patch_one,
        {"scenario": "patch", "approval": True, "decision": "reject:"},
    ),
}


def _workdir(root: Path) -> Path:
    root.mkdir()
    (root / "keep.txt").write_text("first\nold line\nlast\n")
    (root / "gone.txt").write_text("bye\n")
    return root


def _run(lib: str, server: OpenAIServer, spec: dict[str, Any], workdir: Path) -> dict[str, Any]:
    python = REF_PYTHON if lib == "agents" else sys.executable
    payload = json.dumps({**spec, "lib": lib, "base_url": server.base_url, "workdir": str(workdir)})
    done = subprocess.run(
        [python, str(PROGRAM), payload],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/tmp" if lib == "agents" else REPO,
        env={**os.environ, "OPENAI_API_KEY": "sk-test", "OPENAI_AGENTS_DISABLE_TRACING": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    files = {p.name: p.read_text() for p in sorted(workdir.iterdir())}
    return {
        "result": json.loads(done.stdout),
        "requests": [r.json for r in server.requests_to("/responses")],
        "files": files,
    }


def _normalize(data: Any) -> Any:
    """Drop ids the server makes up per response (everything else must match)."""
    if isinstance(data, dict):
        return {
            k: _normalize(v)
            for k, v in data.items()
            if k != "id" or not str(v).startswith(("msg_", "resp_"))
        }
    if isinstance(data, list):
        return [_normalize(v) for v in data]
    return data


@pytest.mark.parametrize("stream", [False, True], ids=["run", "run_streamed"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_same_requests_items_and_files_as_upstream(
    name: str, stream: bool, openai_server: OpenAIServer, tmp_path: Path
) -> None:
    queue, settings = SCENARIOS[name]
    spec = {**settings, "stream": stream}
    # Both libraries send `local_shell_call_output` without the `id` the spec requires (the
    # comparison below still holds them to the same body).
    openai_server.allow_failures = name == "LocalShellTool"
    seen = {}
    for lib in ("agents", "agentkit"):
        openai_server.clear()
        queue(openai_server, stream)
        seen[lib] = _run(lib, openai_server, spec, _workdir(tmp_path / lib))
    assert _normalize(seen["agentkit"]) == _normalize(seen["agents"])
