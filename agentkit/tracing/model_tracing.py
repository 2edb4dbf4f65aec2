"""How much of a model call to trace, from the run's tracing settings."""

from __future__ import annotations

from ..models.interface import ModelTracing


def get_model_tracing_impl(
    tracing_disabled: bool, trace_include_sensitive_data: bool
) -> ModelTracing:
    """DISABLED, ENABLED (with inputs and outputs) or ENABLED_WITHOUT_DATA."""
    if tracing_disabled:
        return ModelTracing.DISABLED
    if trace_include_sensitive_data:
        return ModelTracing.ENABLED
    return ModelTracing.ENABLED_WITHOUT_DATA
