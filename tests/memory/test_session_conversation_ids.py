"""Items saved to an `OpenAIConversationsSession` lose provider ids, placeholder ids and provider
data as upstream strips them (reasoning keeps its id), compared with openai-agents 0.24 through
`conversation_items_program.py` (that part skipped without /opt/ref/bin/python)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from agentkit._run.session_persistence import for_conversation
from tests._reference import HAVE_REFERENCE, NO_REFERENCE_REASON, REF_PYTHON
from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b

PROGRAM = Path(__file__).with_name("conversation_items_program.py")
REPO = Path(__file__).resolve().parents[2]


def test_for_conversation_keeps_only_required_ids() -> None:
    assert for_conversation(
        {"type": "function_call", "id": "fc_1", "call_id": "c", "name": "f", "arguments": "{}"}
    ) == {"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"}
    assert for_conversation({"type": "reasoning", "id": "rs_1", "summary": []}) == {
        "type": "reasoning",
        "id": "rs_1",
        "summary": [],
    }
    assert for_conversation({"type": "reasoning", "id": "__fake_id__", "summary": []}) == {
        "type": "reasoning",
        "summary": [],
    }
    assert for_conversation(
        {"type": "web_search_call", "id": "ws_1", "status": "completed", "provider_data": {}}
    ) == {"type": "web_search_call", "id": "ws_1", "status": "completed"}


def _queue(server: OpenAIServer, responses: bool) -> None:
    if responses:
        call = b.function_call_item("lookup", {"city": "Oslo"}, call_id="c1", id="fc_1")
        reasoning = b.reasoning_item(["think"], id="rs_1")
        server.queue(b.response_reply([reasoning, call], id="resp_1"))
        server.queue(b.response_reply([b.message_item("Oslo found", id="msg_2")], id="resp_2"))
    else:
        server.queue(b.chat_tool_calls(b.chat_tool_call("lookup", {"city": "Oslo"}, id="c1")))
        server.queue(b.chat_text("Oslo found"))


def _saved(lib: str, server: OpenAIServer, responses: bool) -> list[Any]:
    server.clear()
    _queue(server, responses)
    python = REF_PYTHON if lib == "agents" else sys.executable
    done = subprocess.run(
        [
            python,
            str(PROGRAM),
            json.dumps({"lib": lib, "base_url": server.base_url, "responses": responses}),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/tmp" if lib == "agents" else REPO,
        env={**os.environ, "OPENAI_API_KEY": "sk-test"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"final_output": "Oslo found"}
    return [
        r.json["items"] for r in server.requests if r.method == "POST" and r.path.endswith("/items")
    ]


@pytest.mark.skipif(not HAVE_REFERENCE, reason=NO_REFERENCE_REASON)
@pytest.mark.parametrize("responses", [True, False], ids=["responses", "chat"])
def test_saved_items_match_upstream(openai_server: OpenAIServer, responses: bool) -> None:
    # Upstream posts the assistant message without its id, which the spec's item schema does not
    # allow for `output_text` content; agentkit sends the same body, so the server's schema
    # complaint is expected here (the bodies are compared instead).
    openai_server.allow_failures = True
    ours = _saved("agentkit", openai_server, responses)
    assert ours == _saved("agents", openai_server, responses)
    flat = [item for batch in ours for item in batch]
    assert all("provider_data" not in item for item in flat)
    assert [item.get("id") for item in flat if item.get("type") != "reasoning"] == [None] * (
        len(flat) - (1 if responses else 0)
    )
