"""Settings and helpers shared by the fuzz targets.

Every target is a hypothesis test decorated with `FUZZ`, so pytest runs it with the CI budget and
`fuzz/run.py` can drive the very same function through `test.hypothesis.fuzz_one_input`.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

_T = TypeVar("_T")

# Examples per target under pytest; `AGENTKIT_FUZZ_EXAMPLES` scales the CI budget up or down.
EXAMPLES = int(os.environ.get("AGENTKIT_FUZZ_EXAMPLES", "100"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)


def scaled(factor: float) -> settings:
    """`FUZZ` with `factor` times the examples, for targets much cheaper or dearer than average."""
    return settings(FUZZ, max_examples=max(1, int(EXAMPLES * factor)))


def run(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run a coroutine on a fresh loop (targets stay plain functions, as atheris needs)."""
    return asyncio.run(coro)


def json_values(max_leaves: int = 20) -> st.SearchStrategy[Any]:
    """Arbitrary JSON values (what `json.loads` can return)."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**63), max_value=2**63)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=20)
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=max_leaves,
    )
