"""Writes upstream_encrypted.json: envelopes stored by openai-agents 0.24.0's EncryptedSession.

Run with the reference interpreter: /opt/ref/bin/python tests/memory_extras/data/make_upstream_encrypted.py
"""

import asyncio
import json
from pathlib import Path

from agents.extensions.memory import EncryptedSession
from agents.memory import SQLiteSession

ITEMS = [
    {"role": "user", "content": "Bonjour, ça va ? 👋"},
    {"type": "function_call", "call_id": "c1", "name": "f", "arguments": '{"a": 1}'},
    {"type": "function_call_output", "call_id": "c1", "output": "ok"},
]
CASES = [("user-123", "q4Lv0a1kXr8Y6u2mJv9T1cZb3h5N7p0sWq2eR4tY6uI="), ("s-2", "a raw passphrase")]


async def main() -> None:
    out = []
    for session_id, key in CASES:
        store = SQLiteSession(session_id)
        session = EncryptedSession(session_id, store, key, ttl=600)
        await session.add_items(ITEMS)
        out.append(
            {
                "session_id": session_id,
                "key": key,
                "items": ITEMS,
                "stored": await store.get_items(),
            }
        )
    path = Path(__file__).with_name("upstream_encrypted.json")
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


asyncio.run(main())
