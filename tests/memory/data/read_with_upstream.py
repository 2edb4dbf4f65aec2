"""Print, as JSON, what openai-agents reads from SQLite session databases (the reverse check).

Run it with a Python that has `openai-agents` installed, on files written by agentkit:
    /opt/ref/bin/python tests/memory/data/read_with_upstream.py PLAIN_DB SESSION_ID [SESSION_ID ...] \
        --advanced ADVANCED_DB ADVANCED_SESSION_ID BRANCH [BRANCH ...]
tests/memory/test_memory_upstream_compat.py runs it when such a Python is available (set
REF_PYTHON, default /opt/ref/bin/python) and compares the output with agentkit's.
"""

from __future__ import annotations

import argparse
import asyncio
import json

from agents import SQLiteSession
from agents.extensions.memory import AdvancedSQLiteSession


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("plain_db")
    parser.add_argument("session_ids", nargs="+")
    parser.add_argument("--advanced", nargs="+", metavar="ARG")
    args = parser.parse_args()
    out: dict[str, object] = {}
    for session_id in args.session_ids:
        session = SQLiteSession(session_id, args.plain_db)
        out[session_id] = {
            "items": await session.get_items(),
            "items_limit_2": await session.get_items(limit=2),
        }
        session.close()
    if args.advanced:
        db, session_id, *branches = args.advanced
        adv = AdvancedSQLiteSession(session_id=session_id, db_path=db)
        out["advanced"] = {
            "branches": await adv.list_branches(),
            "all_usage": await adv.get_session_usage(),
            **{
                branch: {
                    "items": await adv.get_items(branch_id=branch),
                    "turns": await adv.get_conversation_turns(branch),
                    "by_turns": {
                        str(k): v for k, v in (await adv.get_conversation_by_turns(branch)).items()
                    },
                    "tool_usage": [list(t) for t in await adv.get_tool_usage(branch)],
                    "turn_usage": await adv.get_turn_usage(branch_id=branch),
                }
                for branch in branches
            },
        }
        adv.close()
    print(json.dumps(out, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    asyncio.run(main())
