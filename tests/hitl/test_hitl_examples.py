"""The human-in-the-loop example ports run offline (no API key, stdin not a terminal)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

EXPECTED = {
    "hitl_approve_resume": [
        'Approve cancel_order({"order_id":42})? [auto-approved]',
        "Done: It is sunny in Oslo.; Order 42 cancelled.",
    ],
    "hitl_stream": [
        "event: tool_called",
        'approving send_email({"to":"bob@example.com"})',
        "event: tool_output",
        "event: message_output_created",
        "Finished: Email sent to bob@example.com.",
    ],
    "hitl_custom_rejection": [
        "An operator declined delete_account; tell the user it needs a ticket. | "
        "Bob's account is protected.",
    ],
    "hitl_agents_as_tools": [
        'Billing asks to run issue_refund({"order_id":7}): approved',
        "Billing says: Refunded order 7.",
    ],
    "hitl_session": [
        "Done: Blue room booked.",
        "session: message, function_call, function_call_output, message",
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs_offline(name: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines() == EXPECTED[name]
    assert "running offline" in proc.stderr
