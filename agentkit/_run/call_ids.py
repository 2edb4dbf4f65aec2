"""Tool calls of one model response that share a `call_id`.

A tool's output is matched to its call by `call_id`, so two different calls under one id cannot
both be answered: the next request would keep one pair and the session would store all of them.
Like openai-agents 0.24, such a response is a `ModelBehaviorError`, raised before any tool runs.
An exact repeat (same type, tool, arguments; only the item `id` or `status` differs) is the same
invocation sent twice: it runs once and is recorded once, as upstream does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..exceptions import ModelBehaviorError

__all__ = ["unique_tool_calls"]

# Fields that differ between two copies of one invocation.
_COPY_FIELDS = frozenset({"id", "status"})


def _invocation(output: Any) -> tuple[str, str] | None:
    """(type, call_id) of a client-side tool call, else None."""
    call_id = getattr(output, "call_id", None)
    kind = getattr(output, "type", None)
    if not isinstance(call_id, str) or not call_id or not isinstance(kind, str):
        return None
    if kind.endswith("_output"):
        return None
    return kind, call_id


def _fingerprint(output: Any) -> str:
    dump = getattr(output, "model_dump", None)
    data = dump(exclude_unset=False) if callable(dump) else dict(vars(output))
    payload = {k: v for k, v in data.items() if k not in _COPY_FIELDS}
    return json.dumps(payload, sort_keys=True, default=repr)


def unique_tool_calls(outputs: Iterable[Any]) -> list[Any]:
    """`outputs` without exact repeats of a tool call; `ModelBehaviorError` when two different
    calls share a `call_id`."""
    # A call's fingerprint (a model dump and JSON encoding) is only needed when its id repeats:
    # the first call under each id is kept as is and fingerprinted on the id's first repeat.
    first: dict[str, Any] = {}
    fingerprints: dict[str, str] = {}
    kept: list[Any] = []
    for output in outputs:
        invocation = _invocation(output)
        if invocation is None:
            kept.append(output)
            continue
        _, call_id = invocation
        earlier = first.get(call_id)
        if earlier is None:
            first[call_id] = output
            kept.append(output)
            continue
        previous = fingerprints.get(call_id)
        if previous is None:
            previous = fingerprints[call_id] = _fingerprint(earlier)
        if previous != _fingerprint(output):
            raise ModelBehaviorError(
                "Model reused a tool call ID for a different invocation in one response. "
                "Use a unique call ID for each tool invocation."
            )
    return kept
