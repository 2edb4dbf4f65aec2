"""Responses output items for shell and apply-patch calls, shaped as the API sends them."""

from __future__ import annotations

from typing import Any


def shell_call(
    call_id: str,
    commands: list[str],
    *,
    max_output_length: int | None = None,
    timeout_ms: int | None = None,
) -> dict[str, Any]:
    """A `shell_call` output item (local environment: the client runs it)."""
    return {
        "id": f"shc_{call_id}",
        "type": "shell_call",
        "call_id": call_id,
        "status": "completed",
        "action": {
            "commands": commands,
            "max_output_length": max_output_length,
            "timeout_ms": timeout_ms,
        },
        "environment": {"type": "local"},
        "created_by": "resp_x",
    }


def hosted_shell_reply(call_id: str) -> list[dict[str, Any]]:
    """A hosted shell's call, the output the container produced, and a message."""
    call = shell_call(call_id, ["python --version"])
    call["environment"] = {"type": "container_reference", "container_id": "cntr_1"}
    output = {
        "id": f"sho_{call_id}",
        "type": "shell_call_output",
        "call_id": call_id,
        "status": "completed",
        "max_output_length": None,
        "output": [
            {
                "stdout": "Python 3.12.0\n",
                "stderr": "",
                "outcome": {"type": "exit", "exit_code": 0},
                "created_by": "resp_x",
            }
        ],
        "created_by": "resp_x",
    }
    message = {
        "id": "msg_hosted",
        "type": "message",
        "status": "completed",
        "role": "assistant",
        "content": [{"type": "output_text", "annotations": [], "logprobs": [], "text": "3.12"}],
    }
    return [call, output, message]


def apply_patch_call(call_id: str, kind: str, path: str, diff: str | None = None) -> dict[str, Any]:
    """An `apply_patch_call` output item with one operation."""
    operation: dict[str, Any] = {"type": kind, "path": path}
    if diff is not None:
        operation["diff"] = diff
    return {
        "id": f"apc_{call_id}",
        "type": "apply_patch_call",
        "call_id": call_id,
        "status": "completed",
        "operation": operation,
        "created_by": "resp_x",
    }


def local_shell_call(call_id: str, command: list[str]) -> dict[str, Any]:
    """A `local_shell_call` output item (the LocalShellTool's call)."""
    return {
        "id": f"lsh_{call_id}",
        "type": "local_shell_call",
        "call_id": call_id,
        "status": "completed",
        "action": {"type": "exec", "command": command, "env": {}},
    }
