"""The reference environment: a Python with openai-agents 0.24 installed, for side-by-side tests.

The `REF_PYTHON` environment variable names its interpreter (default `/opt/ref/bin/python`;
`.ci/run` builds one). Tests that compare agentkit with upstream skip when it is absent, or when
`REF_PYTHON` is set empty: the CI matrix does that on its extra interpreters, because the
comparison already ran on the primary one.
"""

from __future__ import annotations

import os
from pathlib import Path

REF_PYTHON: str = os.environ.get("REF_PYTHON", "/opt/ref/bin/python")
HAVE_REFERENCE: bool = bool(REF_PYTHON) and Path(REF_PYTHON).is_file()
NO_REFERENCE_REASON = (
    f"no reference openai-agents 0.24 environment (REF_PYTHON={REF_PYTHON!r}); "
    "set REF_PYTHON to a Python that has it installed"
)
