"""Describe a SQLite database's schema as plain data (stdlib only; runs under any Python).

Used to capture the upstream SDK's schema into upstream_schema.json and to compare agentkit's
schema with it.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any


def normalize_sql(sql: str | None) -> str | None:
    """Collapse whitespace so DDL that differs only in layout compares equal."""
    if sql is None:
        return None
    text = re.sub(r"\s+", " ", sql).strip()
    return re.sub(r"\s*([(),])\s*", r"\1", text)


def dump_schema(path: str) -> dict[str, Any]:
    """Return every table and index with its normalized DDL, columns, indexes and foreign keys."""
    conn = sqlite3.connect(path)
    try:
        objects: dict[str, Any] = {}
        rows = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master"
            " WHERE type IN ('table', 'index') ORDER BY name"
        ).fetchall()
        for kind, name, table, sql in rows:
            entry: dict[str, Any] = {"type": kind, "table": table, "sql": normalize_sql(sql)}
            if kind == "table":
                entry["columns"] = [
                    {"name": r[1], "type": r[2], "notnull": r[3], "default": r[4], "pk": r[5]}
                    for r in conn.execute(f"PRAGMA table_info({name})")
                ]
                entry["foreign_keys"] = [
                    {"table": r[2], "from": r[3], "to": r[4], "on_update": r[5], "on_delete": r[6]}
                    for r in conn.execute(f"PRAGMA foreign_key_list({name})")
                ]
            else:
                entry["columns"] = [r[2] for r in conn.execute(f"PRAGMA index_info({name})")]
                entry["unique"] = bool(
                    next(r for r in conn.execute(f"PRAGMA index_list({table})") if r[1] == name)[2]
                )
            objects[name] = entry
        return objects
    finally:
        conn.close()
