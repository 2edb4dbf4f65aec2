"""The definition-side tool kinds side by side with upstream `agents` 0.24: the same program
(`tool_kinds_program.py`) runs on both against the loopback server with the same replies
queued; the request bodies the server saw, the items, the stream events, the final output and
the error (type and message) must match.

Skipped without the reference environment (tests/_reference.py); the
behaviour itself is covered without it by test_tools_kinds.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests._reference import HAVE_REFERENCE, NO_REFERENCE_REASON, REF_PYTHON
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b

PROGRAM = Path(__file__).with_name("tool_kinds_program.py")
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not HAVE_REFERENCE, reason=NO_REFERENCE_REASON)


def _call(name: str, namespace: str | None = None) -> dict[str, Any]:
    item = b.function_call_item(name, {"customer_id": "c1"}, call_id="call_1", id="fc_1")
    if namespace is not None:
        item["namespace"] = namespace
    return item


def _replies(first: dict[str, Any] | None) -> list[list[dict[str, Any]]]:
    """The model's outputs, in order: one call (if any), then a text answer."""
    return ([[first]] if first is not None else []) + [[b.message_item("done", id="msg_1")]]


def _searched(call: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """A server-side tool search that loads the `crm` namespace, then the call, then text."""
    search = {
        "type": "tool_search_call",
        "id": "tsc_1",
        "call_id": "ts_1",
        "arguments": {"query": "customer"},
        "execution": "server",
        "status": "completed",
    }
    loaded = {
        "type": "tool_search_output",
        "id": "tso_1",
        "call_id": "ts_1",
        "execution": "server",
        "status": "completed",
        "tools": [
            {
                "type": "namespace",
                "name": "crm",
                "description": "CRM tools",
                "tools": [
                    {
                        "type": "function",
                        "name": "lookup_customer",
                        "parameters": {"type": "object", "properties": {}},
                        "strict": False,
                    }
                ],
            }
        ],
    }
    return [[search, loaded, call], [b.message_item("done", id="msg_1")]]


CUSTOM_CALL = {
    "type": "custom_tool_call",
    "id": "ctc_1",
    "call_id": "call_c",
    "name": "run_sql",
    "input": "select 1",
    "status": "completed",
}


def _program() -> list[list[dict[str, Any]]]:
    """A program that calls a tool, then its output and a text answer."""
    program = {
        "type": "program",
        "id": "prog_1",
        "call_id": "prog_c",
        "code": "await tools.lookup_raw({customer_id: 'c1'})",
        "fingerprint": "fp",
    }
    call = b.function_call_item("lookup_raw", {"customer_id": "c1"}, call_id="call_1", id="fc_1")
    call["caller"] = {"type": "program", "caller_id": "prog_c"}
    done = {
        "type": "program_output",
        "id": "po_1",
        "call_id": "prog_c",
        "result": "ok",
        "status": "completed",
    }
    return [[program, call], [done, b.message_item("done", id="msg_1")]]


# scenario -> the model's outputs (empty when the run must fail before calling the model)
SCENARIOS: dict[str, list[list[dict[str, Any]]]] = {
    "namespace": _replies(_call("lookup_customer", "crm")),
    "searched": _searched(_call("lookup_customer", "crm")),
    "deferred": _replies(_call("lookup_customer", "lookup_customer")),
    "programmatic": _replies(None),
    "program": _program(),
    "program_caller_not_allowed": _program(),
    "output_type": _replies(_call("find_customer")),
    "output_type_mismatch": _replies(_call("find_customer")),
    "output_json_schema": _replies(_call("find_id")),
    "custom_data": _replies(_call("lookup_customer")),
    "custom": _replies(CUSTOM_CALL),
    "custom_error": _replies(CUSTOM_CALL),
    "collision_tools_warn": _replies(_call("lookup_customer")),
    "collision_handoff_warn": _replies(_call("lookup_customer")),
    "collision_tools_error": [],
    "collision_handoff_error": [],
    "collision_agents_error": [],
    "deferred_without_search": [],
    "search_without_surface": [],
    "programmatic_only_without_tool": [],
}
STREAMED = [
    "searched",
    "namespace",
    "deferred",
    "output_type",
    "custom_data",
    "collision_handoff_warn",
]


def _run(lib: str, server: OpenAIServer, spec: dict[str, Any]) -> dict[str, Any]:
    python = REF_PYTHON if lib == "agents" else sys.executable
    payload = json.dumps({**spec, "lib": lib, "base_url": server.base_url})
    done = subprocess.run(
        [python, str(PROGRAM), payload],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/tmp" if lib == "agents" else REPO,
        env={**os.environ, "OPENAI_API_KEY": "sk-test"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["requests"] = [
        {k: v for k, v in (r.json or {}).items() if k != "prompt_cache_key"}
        for r in server.requests
    ]
    return result


def _compare(server: OpenAIServer, spec: dict[str, Any]) -> dict[str, Any]:
    outputs = SCENARIOS[spec["scenario"]]
    server.allow_pending = not outputs or spec["scenario"] == "program_caller_not_allowed"
    sides = {}
    for lib in ("agents", "agentkit"):
        server.clear()
        for output in outputs:
            server.queue(
                b.stream_response(output) if spec.get("stream") else b.response_reply(output)
            )
        sides[lib] = _run(lib, server, spec)
    assert sides["agentkit"] == sides["agents"]
    return sides["agentkit"]


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_same_requests_items_and_errors_as_upstream(
    openai_server: OpenAIServer, scenario: str
) -> None:
    result = _compare(openai_server, {"scenario": scenario})
    if scenario == "program_caller_not_allowed":
        assert result["error"][0] == "ModelBehaviorError"
    elif SCENARIOS[scenario]:
        assert result["final_output"] == "done"
        assert len(result["requests"]) == len(SCENARIOS[scenario])
    else:
        assert result["requests"] == []
        assert result["error"][0] == "UserError"


@pytest.mark.parametrize("scenario", STREAMED)
def test_streamed_runs_match_upstream(openai_server: OpenAIServer, scenario: str) -> None:
    result = _compare(openai_server, {"scenario": scenario, "stream": True})
    assert result["final_output"] == "done"
    assert "tool_output" in result["events"] or "handoff_occured" in result["events"]


@pytest.mark.parametrize("scenario", ["deferred", "programmatic", "output_json_schema"])
def test_responses_only_features_fail_on_chat_completions_like_upstream(
    openai_server: OpenAIServer, scenario: str
) -> None:
    openai_server.allow_pending = True
    sides = {}
    for lib in ("agents", "agentkit"):
        openai_server.clear()
        sides[lib] = _run(lib, openai_server, {"scenario": scenario, "api": "chat"})
    assert sides["agentkit"] == sides["agents"]
    assert sides["agentkit"]["error"][0] == "UserError"
    assert "only supported with OpenAI Responses models" in sides["agentkit"]["error"][1]


@pytest.mark.parametrize(
    ("scenario", "tool_choice"),
    [
        ("namespace", "lookup_customer"),
        ("namespace", "crm"),
        ("namespace", "tool_search"),
        ("deferred", "lookup_customer"),
        ("deferred_without_search", "required"),
    ],
)
def test_tool_choice_checks_match_upstream(
    openai_server: OpenAIServer, scenario: str, tool_choice: str
) -> None:
    openai_server.allow_pending = True
    sides = {}
    for lib in ("agents", "agentkit"):
        openai_server.clear()
        sides[lib] = _run(lib, openai_server, {"scenario": scenario, "tool_choice": tool_choice})
    assert sides["agentkit"] == sides["agents"]
    assert sides["agentkit"]["error"][0] == "UserError"
    assert "tool_choice" in sides["agentkit"]["error"][1]
