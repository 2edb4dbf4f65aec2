"""OpenTelemetry export of agentkit traces (extra: ``pip install "agentkit[otel]"``)."""

from __future__ import annotations

from .._optional import import_extra

import_extra("opentelemetry.trace", "otel")

from ._processor import OpenTelemetryTracingProcessor  # noqa: E402

__all__ = ["OpenTelemetryTracingProcessor"]
