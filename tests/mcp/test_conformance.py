"""The official MCP conformance suite (`@modelcontextprotocol/conformance`, installed by `.ci/run`)
driving agentkit.mcp as a client: the suite starts each scenario's server on localhost and runs
`conformance_client.py` against it.

Scenarios not run: `elicitation-sep1034-client-defaults` needs an elicitation callback, which the
server classes do not expose (nor do upstream's); the `auth/*` scenarios need an OAuth client flow,
which is only reachable by passing an `mcp` OAuth provider as `auth` and is not part of this API.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONFORMANCE_JS, HERE, NODE_DIR, require_node_package

CLIENT = HERE / "conformance_client.py"


@pytest.mark.parametrize("scenario", ["initialize", "tools_call", "sse-retry"])
def test_client_scenario(scenario: str, tmp_path: Path) -> None:
    require_node_package(CONFORMANCE_JS)
    node = shutil.which("node") or "node"
    command = [
        node,
        "--import",
        str(NODE_DIR / "node20-compat.mjs"),
        str(CONFORMANCE_JS),
        "client",
        "--command",
        f"{sys.executable} {CLIENT}",
        "--scenario",
        scenario,
        "--timeout",
        "60000",
    ]
    done = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=180, check=False
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "OVERALL: PASSED" in report, report
    assert " 0 failed" in report, report
