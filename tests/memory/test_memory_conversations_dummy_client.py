"""`OpenAIConversationsSession` with a dummy `conversations` client calls it as upstream does
(tests/memory/data/upstream_conversations_dummy.json, recorded with
`/opt/ref/bin/python tests/memory/conversations_dummy_scenarios.py agents`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conversations_dummy_scenarios import main

UPSTREAM = json.loads(
    (Path(__file__).resolve().parent / "data" / "upstream_conversations_dummy.json").read_text()
)


async def test_session_over_a_dummy_client_matches_upstream() -> None:
    assert await main("agentkit") == UPSTREAM
