"""Record what openai-agents 0.24 sends for every scenario in ../default_model_scenarios.py.

Run from the repository root with agentkit's dev interpreter (it starts the loopback server and
runs each scenario in a child process with the reference interpreter that has `agents`):

    .venv/bin/python tests/models/data/record_default_model_requests.py [/opt/ref/bin/python]

It rewrites tests/models/data/upstream_default_model_requests.json: per scenario, the path and body
of every request (tracing is disabled, so only model requests reach the server).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE.parent))

from default_model_scenarios import SCENARIOS  # noqa: E402

from tests.openai_server import OpenAIServer  # noqa: E402
from tests.openai_server import builders as b  # noqa: E402


def main() -> None:
    ref_python = sys.argv[1] if len(sys.argv) > 1 else "/opt/ref/bin/python"
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env["OPENAI_AGENTS_DISABLE_TRACING"] = "1"
    recorded = {}
    for scenario in SCENARIOS:
        with OpenAIServer() as server:
            server.queue(b.response_auto("Hello.", times=None), path="/responses")
            server.queue(b.chat_auto("Hello.", times=None), path="/chat/completions")
            script = str(HERE.parent / "default_model_scenarios.py")
            subprocess.run(
                [ref_python, script, "agents", server.base_url, scenario.name],
                check=True,
                env=env,
                capture_output=True,
            )
            recorded[scenario.name] = [
                {"path": r.path, "body": r.json, "validation_error": r.validation_error}
                for r in server.requests
            ]
    out = HERE / "upstream_default_model_requests.json"
    out.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(f"recorded {len(recorded)} scenarios")


if __name__ == "__main__":
    main()
