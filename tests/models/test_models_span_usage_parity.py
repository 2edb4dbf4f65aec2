"""Model spans carry the usage and model_config openai-agents 0.24 exports (recorded by
tests/models/data/record_span_usage.py): `input_tokens_details.cache_write_tokens_details`, and
chat spans' `model_config.base_url` with upstream's trailing slash."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b

sys.path.insert(0, str(Path(__file__).resolve().parent))
from span_usage_scenarios import SCENARIOS

HERE = Path(__file__).resolve().parent

UPSTREAM: dict[str, Any] = json.loads((HERE / "data" / "upstream_span_usage.json").read_text())


def test_every_scenario_was_recorded() -> None:
    assert sorted(UPSTREAM) == sorted(SCENARIOS)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_model_spans_match_upstream(openai_server: OpenAIServer, name: str) -> None:
    _, _, usage = SCENARIOS[name]
    openai_server.queue(b.response_auto("Hello.", usage=usage), path="/responses")
    openai_server.queue(b.chat_auto("Hello."), path="/chat/completions")
    openai_server.allow_pending = True  # one of the two replies is for the other API
    script = str(HERE / "span_usage_scenarios.py")
    done = subprocess.run(
        [sys.executable, script, "agentkit", openai_server.base_url, name],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "", "PYTHONPATH": str(HERE.parents[1])},
    )
    port = openai_server.base_url.split(":")[2].split("/")[0]
    assert json.loads(done.stdout.replace(port, "<port>")) == UPSTREAM[name]
