"""Shaping a shell executor's result into the text and `shell_call_output` entries the model
gets (the same rendering, truncation and fields as openai-agents 0.24)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal

from ..util._dataclass import dataclass

if TYPE_CHECKING:
    from .._shell_tool import ShellCommandOutput


def _exit_code(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def normalize_shell_output(entry: ShellCommandOutput | Mapping[str, Any]) -> ShellCommandOutput:
    """An executor's output entry (a `ShellCommandOutput` or a mapping) as `ShellCommandOutput`."""
    from .._shell_tool import ShellCallOutcome, ShellCommandOutput

    if isinstance(entry, ShellCommandOutput):
        return entry
    outcome_value = entry.get("outcome")
    outcome_type: Literal["exit", "timeout"] = "exit"
    exit_code: Any = None
    if isinstance(outcome_value, Mapping):
        if outcome_value.get("type") == "timeout":
            outcome_type = "timeout"
        exit_code = outcome_value.get("exit_code")
    else:
        if str(entry.get("status", "completed") or "completed").lower() == "timeout":
            outcome_type = "timeout"
        if outcome_value == "failure":
            exit_code = 1
        elif outcome_value == "success":
            exit_code = 0
        if exit_code is None and "exit_code" in entry:
            exit_code = entry.get("exit_code")
    command = entry.get("command")
    provider_data = entry.get("provider_data")
    return ShellCommandOutput(
        stdout=str(entry.get("stdout", "") or ""),
        stderr=str(entry.get("stderr", "") or ""),
        outcome=ShellCallOutcome(type=outcome_type, exit_code=_exit_code(exit_code)),
        command=str(command) if command is not None else None,
        provider_data=dict(provider_data) if isinstance(provider_data, Mapping) else None,
    )


def serialize_shell_output(output: ShellCommandOutput) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "stdout": output.stdout,
        "stderr": output.stderr,
        "status": output.status,
        "outcome": {"type": output.outcome.type},
    }
    if output.outcome.type == "exit":
        payload["outcome"]["exit_code"] = output.outcome.exit_code
        if output.outcome.exit_code is not None:
            payload["exit_code"] = output.outcome.exit_code
    if output.command is not None:
        payload["command"] = output.command
    if output.provider_data:
        payload["provider_data"] = output.provider_data
    return payload


def render_shell_outputs(outputs: Sequence[ShellCommandOutput]) -> str:
    """The outputs as text for the model: `$ command`, stdout, stderr, exit code, timeout."""
    if not outputs:
        return "(no output)"
    chunks: list[str] = []
    for result in outputs:
        lines: list[str] = []
        if result.command:
            lines.append(f"$ {result.command}")
        stdout = result.stdout.rstrip("\n")
        stderr = result.stderr.rstrip("\n")
        if stdout:
            lines.append(stdout)
        if stderr:
            if stdout:
                lines.append("")
            lines.extend(["stderr:", stderr])
        if result.exit_code not in (None, 0):
            lines.append(f"exit code: {result.exit_code}")
        if result.status == "timeout":
            lines.append("status: timeout")
        chunk = "\n".join(lines).strip()
        chunks.append(chunk if chunk else "(no output)")
    return "\n\n".join(chunks)


def truncate_shell_outputs(
    outputs: Sequence[ShellCommandOutput], max_length: int
) -> list[ShellCommandOutput]:
    """Keep at most `max_length` characters of stdout and stderr over all outputs, in order."""
    from .._shell_tool import ShellCommandOutput

    remaining = max(0, max_length)
    truncated: list[ShellCommandOutput] = []
    for output in outputs:
        stdout = output.stdout[:remaining] if remaining > 0 else ""
        remaining -= len(stdout)
        stderr = output.stderr[:remaining] if remaining > 0 else ""
        remaining -= len(stderr)
        truncated.append(
            ShellCommandOutput(
                stdout=stdout,
                stderr=stderr,
                outcome=output.outcome,
                command=output.command,
                provider_data=output.provider_data,
            )
        )
    return truncated


def _resolve_exit_code(raw_exit_code: Any, status: str | None) -> int:
    code = _exit_code(raw_exit_code)
    if code is not None:
        return code
    return 1 if (status or "").lower() == "failure" else 0


def model_output_entries(entries: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The entries as the `output` of a `shell_call_output` (SDK bookkeeping removed)."""
    structured: list[dict[str, Any]] = []
    for entry in entries:
        sanitized = dict(entry)
        status = sanitized.pop("status", None)
        sanitized.pop("provider_data", None)
        raw_exit_code = sanitized.pop("exit_code", None)
        sanitized.pop("command", None)
        outcome = sanitized.get("outcome")
        if isinstance(outcome, str):
            kind = "timeout" if status == "timeout" else "exit"
            payload: dict[str, Any] = {"type": kind}
            if kind == "exit":
                payload["exit_code"] = _resolve_exit_code(raw_exit_code, outcome)
            sanitized["outcome"] = payload
        elif isinstance(outcome, dict):
            payload = dict(outcome)
            outcome_status = payload.pop("status", None)
            if payload.get("type") != "timeout":
                payload.setdefault(
                    "exit_code",
                    _resolve_exit_code(
                        raw_exit_code, outcome_status if isinstance(outcome_status, str) else None
                    ),
                )
            sanitized["outcome"] = payload
        structured.append(sanitized)
    return structured


@dataclass
class ShapedShellOutput:
    """An executor's result as the model gets it."""

    text: str
    entries: list[dict[str, Any]] | None = None
    max_output_length: int | None = None
    provider_data: dict[str, Any] = field(default_factory=dict)


def shape_result(result: Any, requested_max: int | None) -> ShapedShellOutput:
    """A `ShellResult` or plain value, capped by the smaller of its own and the model's limit."""
    from .._shell_tool import ShellResult

    requested = None if requested_max is None else max(0, requested_max)
    if not isinstance(result, ShellResult):
        text = str(result)
        return ShapedShellOutput(
            text=text if requested is None else text[:requested], max_output_length=requested
        )
    outputs = [normalize_shell_output(entry) for entry in result.output]
    own = None if result.max_output_length is None else max(0, result.max_output_length)
    limit = own if requested is None else requested if own is None else min(own, requested)
    if limit is not None:
        outputs = truncate_shell_outputs(outputs, limit)
    text = render_shell_outputs(outputs)
    return ShapedShellOutput(
        text=text if limit is None else text[:limit],
        entries=[serialize_shell_output(o) for o in outputs],
        max_output_length=limit,
        provider_data=dict(result.provider_data or {}),
    )
