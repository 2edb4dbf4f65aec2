"""Type-level checks of the model seam (checked by mypy --strict in CI, not run)."""

from __future__ import annotations

from typing_extensions import assert_type

from agentkit import ModelTracing

assert_type(ModelTracing.ENABLED.include_data(), bool)
assert_type(ModelTracing.DISABLED.is_disabled(), bool)
