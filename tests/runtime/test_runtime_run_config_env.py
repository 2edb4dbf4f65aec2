"""RunConfig reads the tracing environment switches when each config is made, not at import."""

from __future__ import annotations

import pytest

from agentkit.run_config import RunConfig

_NAMES = ("AGENTKIT_TRACE_INCLUDE_SENSITIVE_DATA", "OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, True),
        ({"OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA": "false"}, False),
        ({"AGENTKIT_TRACE_INCLUDE_SENSITIVE_DATA": "0"}, False),
        ({"AGENTKIT_TRACE_INCLUDE_SENSITIVE_DATA": "off"}, False),
        ({"AGENTKIT_TRACE_INCLUDE_SENSITIVE_DATA": "yes"}, True),
        # Our own name wins over upstream's.
        (
            {
                "AGENTKIT_TRACE_INCLUDE_SENSITIVE_DATA": "false",
                "OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA": "true",
            },
            False,
        ),
    ],
)
def test_trace_include_sensitive_data_default_from_env(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: bool
) -> None:
    for name in _NAMES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert RunConfig().trace_include_sensitive_data is expected
    # An explicit value always wins.
    assert RunConfig(trace_include_sensitive_data=not expected).trace_include_sensitive_data is (
        not expected
    )


def test_env_is_read_per_config(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _NAMES:
        monkeypatch.delenv(name, raising=False)
    assert RunConfig().trace_include_sensitive_data is True
    monkeypatch.setenv("AGENTKIT_TRACE_INCLUDE_SENSITIVE_DATA", "false")
    assert RunConfig().trace_include_sensitive_data is False
    monkeypatch.delenv("AGENTKIT_TRACE_INCLUDE_SENSITIVE_DATA")
    assert RunConfig().trace_include_sensitive_data is True
