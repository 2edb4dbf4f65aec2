"""Record the request bodies openai-agents 0.24 sends for every scenario in parity_scenarios.py.

Run from the repository root with the dev interpreter (it starts the loopback server and runs the
scenarios in a child process with the reference interpreter that has `agents` and `openai`):

    /opt/dev/bin/python tests/models/data/record_upstream.py [/opt/ref/bin/python]

It rewrites tests/models/data/upstream_requests.json.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE.parent))

from parity_scenarios import SCENARIOS  # noqa: E402

from tests.openai_server import OpenAIServer  # noqa: E402
from tests.openai_server import builders as b  # noqa: E402

COMPARED_HEADERS = ("content-type", "accept", "authorization", "x-custom")


def main() -> None:
    ref_python = sys.argv[1] if len(sys.argv) > 1 else "/opt/ref/bin/python"
    with OpenAIServer() as server:
        server.queue(b.response_auto("Hello from the server.", times=None), path="/responses")
        server.queue(b.chat_auto("Hello from the server.", times=None), path="/chat/completions")
        done = subprocess.run(
            [ref_python, str(HERE.parent / "parity_scenarios.py"), "agents", server.base_url],
            capture_output=True,
            text=True,
            check=True,
        )
        outcome = json.loads(done.stdout.strip().splitlines()[-1])
        requests = list(server.requests)
    failed = [entry for entry in outcome if entry[1] != "ok"]
    if failed or len(requests) != len(SCENARIOS):
        raise SystemExit(f"upstream run failed: {failed}, {len(requests)} requests")
    recorded = {}
    for scenario, request in zip(SCENARIOS, requests, strict=True):
        recorded[scenario.name] = {
            "path": request.path,
            "query": request.raw_query,
            "headers": {
                name: request.headers.get(name)
                for name in COMPARED_HEADERS
                if request.headers.get(name) is not None
            },
            "body": request.json,
            "validation_error": request.validation_error,
        }
    (HERE / "upstream_requests.json").write_text(
        json.dumps(recorded, indent=1, sort_keys=True) + "\n"
    )
    print(f"recorded {len(recorded)} requests")


if __name__ == "__main__":
    main()
