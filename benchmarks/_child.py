"""Child-process entry: `python -m benchmarks._child SIDE SCENARIO PARAMS_JSON`.

Runs one scenario for one side in this fresh interpreter and prints `RESULT <json>` as the last
line. The harness runs it under the interpreter of the side being measured.
"""

from __future__ import annotations

import importlib
import json
import sys


def main() -> None:
    side, scenario, params = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    lib = importlib.import_module(f"benchmarks.side_{side}")
    from .scenarios import SCENARIOS

    # A side whose API differs from the Agents SDK's (pydantic-ai) brings its own scenarios.
    result = getattr(lib, "SCENARIOS", SCENARIOS)[scenario](lib, params)
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
