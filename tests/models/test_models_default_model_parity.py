"""With no model named (or one named only somewhere), requests equal openai-agents 0.24's.

The expected requests were recorded from the upstream SDK by
tests/models/data/record_default_model_requests.py; the scenarios are in default_model_scenarios.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b

sys.path.insert(0, str(Path(__file__).parent))
from default_model_scenarios import NS, SCENARIOS, Scenario, run_scenario

UPSTREAM: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "upstream_default_model_requests.json").read_text()
)


def _comparable(body: Any) -> Any:
    # A run without conversation, session or group gets a random prompt_cache_key on both sides.
    if isinstance(body, dict) and str(body.get("prompt_cache_key", "")).startswith("agents-sdk:"):
        body = {**body, "prompt_cache_key": "<random>"}
    return body


def test_every_scenario_was_recorded() -> None:
    assert sorted(UPSTREAM) == sorted(s.name for s in SCENARIOS)


@pytest.fixture(autouse=True)
def _process_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    from agentkit.models import _openai_shared

    monkeypatch.delenv("OPENAI_DEFAULT_MODEL", raising=False)
    # The scenarios set the default client; put the previous one back afterwards.
    monkeypatch.setattr(_openai_shared, "_default_openai_client", None)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
async def test_requests_match_upstream(openai_server: OpenAIServer, scenario: Scenario) -> None:
    openai_server.queue(b.response_auto("Hello.", times=None), path="/responses")
    openai_server.queue(b.chat_auto("Hello.", times=None), path="/chat/completions")
    await run_scenario(NS("agentkit"), scenario, openai_server.base_url)
    expected = UPSTREAM[scenario.name]
    got = [{"path": r.path, "body": r.json} for r in openai_server.requests]
    assert [r["path"] for r in got] == [r["path"] for r in expected]
    for mine, theirs in zip(got, expected, strict=True):
        assert _comparable(mine["body"]) == _comparable(theirs["body"])


def test_default_model_is_upstreams() -> None:
    from agentkit.models import get_default_model, get_default_model_settings
    from agentkit.types.shared import Reasoning

    assert get_default_model() == "gpt-5.6-luna"
    settings = get_default_model_settings()
    assert settings.reasoning == Reasoning(effort="none")
    assert settings.verbosity == "low"
