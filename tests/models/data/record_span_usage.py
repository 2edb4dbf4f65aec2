"""Record the model spans openai-agents 0.24 exports for ../span_usage_scenarios.py.

    .venv/bin/python tests/models/data/record_span_usage.py [/opt/ref/bin/python]

rewrites tests/models/data/upstream_span_usage.json (the server's port in `base_url` is replaced
by `<port>`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
sys.path.insert(0, str(HERE.parent))

from span_usage_scenarios import SCENARIOS  # noqa: E402

from tests.openai_server import OpenAIServer  # noqa: E402
from tests.openai_server import builders as b  # noqa: E402


def main() -> None:
    ref_python = sys.argv[1] if len(sys.argv) > 1 else "/opt/ref/bin/python"
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    recorded = {}
    for name, (_, _, usage) in SCENARIOS.items():
        with OpenAIServer() as server:
            server.queue(b.response_auto("Hello.", usage=usage), path="/responses")
            server.queue(b.chat_auto("Hello."), path="/chat/completions")
            script = str(HERE.parent / "span_usage_scenarios.py")
            done = subprocess.run(
                [ref_python, script, "agents", server.base_url, name],
                check=True,
                env=env,
                capture_output=True,
                text=True,
            )
            port = server.base_url.split(":")[2].split("/")[0]
            recorded[name] = json.loads(done.stdout.replace(port, "<port>"))
            server.allow_pending = True
    (HERE / "upstream_span_usage.json").write_text(json.dumps(recorded, indent=1) + "\n")
    print(f"recorded {len(recorded)} scenarios")


if __name__ == "__main__":
    main()
