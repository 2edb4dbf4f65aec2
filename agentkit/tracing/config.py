"""Per-run tracing configuration and the environment switches, read when first needed."""

from __future__ import annotations

import os

from typing_extensions import TypedDict


class TracingConfig(TypedDict, total=False):
    """Tracing settings for one run (``RunConfig.tracing``)."""

    api_key: str
    """Key used to export this run's trace and spans instead of the global exporter key."""

    include_task_and_turn_spans: bool
    """Whether the runner opens task and turn spans; True when omitted."""


def include_task_and_turn_spans(config: TracingConfig | None) -> bool:
    """Whether the runner should open task and turn spans for ``config``."""
    return config is None or config.get("include_task_and_turn_spans", True)


_TRUE = ("1", "true", "yes", "on")


def _env_flag(names: tuple[str, ...], default: bool) -> bool:
    # The first variable that is set decides, and anything but a "true" spelling means False
    # (as upstream reads these switches).
    for name in names:
        raw = os.environ.get(name)
        if raw is not None:
            return raw.strip().lower() in _TRUE
    return default


def _env_tracing_disabled() -> bool:
    """AGENTKIT_DISABLE_TRACING, else OPENAI_AGENTS_DISABLE_TRACING; off by default."""
    return _env_flag(("AGENTKIT_DISABLE_TRACING", "OPENAI_AGENTS_DISABLE_TRACING"), False)


def default_trace_include_sensitive_data() -> bool:
    """Default for ``RunConfig.trace_include_sensitive_data`` from the environment (True if unset).

    Reads AGENTKIT_TRACE_INCLUDE_SENSITIVE_DATA, else OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA.
    """
    return _env_flag(
        (
            "AGENTKIT_TRACE_INCLUDE_SENSITIVE_DATA",
            "OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA",
        ),
        True,
    )
