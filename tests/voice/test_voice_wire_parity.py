"""Wire parity with openai-agents 0.24: the same voice program, run with each SDK against the
same scripted servers, sends the same requests and yields the same events (see wire_parity.py).

Needs the reference SDK's venv (/opt/ref/bin/python with openai-agents[voice]); skipped where it
does not exist, since the reference is not a dependency of agentkit.
"""

from __future__ import annotations

import subprocess

import pytest

from tests._reference import HAVE_REFERENCE
from tests.voice.wire_parity import REF_PYTHON, compare


def _reference_available() -> bool:
    if not HAVE_REFERENCE:
        return False
    probe = subprocess.run([REF_PYTHON, "-c", "import agents.voice"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _reference_available(), reason="openai-agents 0.24 reference venv absent")
def test_requests_and_events_equal_openai_agents() -> None:
    ours, theirs = compare()
    assert ours["events"] == theirs["events"]
    assert len(ours["http"]) == 12
    for mine, reference in zip(ours["http"], theirs["http"], strict=True):
        assert mine == reference
    assert ours["websocket"] == theirs["websocket"]
    assert ours["pending"] == theirs["pending"] == []
    assert ours["failures"] == theirs["failures"] == []
