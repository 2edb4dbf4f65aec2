"""A SQLite session with conversation branches, per-turn usage and structured queries.

The extra tables (`message_structure`, `turn_usage`, `branch_reservations`,
`session_clear_generations`) have the same layout as the upstream SDK's, so either can open a
database the other wrote.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ...memory.session_settings import SessionSettings, resolve_session_limit
from ...memory.sqlite_session import (
    _CORRUPT,
    SQLiteSession,
    _decode,
    _decode_rows,
)
from ...memory.util import _encode_items

if TYPE_CHECKING:
    from ...items import TResponseInputItem
    from ...result import RunResult

_BUILTIN_TOOL_TYPES = frozenset(
    {
        "computer_call",
        "file_search_call",
        "web_search_call",
        "code_interpreter_call",
        "shell_call",
        "apply_patch_call",
    }
)
_TOOL_CALL_TYPES = (
    "tool_call",
    "function_call",
    "computer_call",
    "file_search_call",
    "web_search_call",
    "code_interpreter_call",
    "tool_search_call",
    "custom_tool_call",
    "mcp_call",
    "mcp_approval_request",
    "shell_call",
    "apply_patch_call",
)


def _message_type(item: Any) -> str:
    """Classify an item as user, assistant, its `type`, or other."""
    if isinstance(item, dict):
        role = item.get("role")
        if role in ("user", "assistant"):
            return cast(str, role)
        if item.get("type"):
            return str(item["type"])
    return "other"


def _tool_name(item: Any) -> str | None:
    """Name the tool an item calls or answers: `server.tool` for MCP, `namespace.name`, etc."""
    if not isinstance(item, dict):
        return None
    item_type = item.get("type")
    if item_type in ("mcp_call", "mcp_approval_request") and "server_label" in item:
        label, name = item.get("server_label"), item.get("name")
        if label and name:
            return f"{label}.{name}"
        if label or name:
            return str(label or name)
        return None
    if item_type in ("tool_search_call", "tool_search_output"):
        return "tool_search"
    # A non-string `type` (a list from hostile JSON) would be unhashable in the set lookup.
    if isinstance(item_type, str) and item_type in _BUILTIN_TOOL_TYPES:
        return item_type
    if "name" in item:
        name = item.get("name")
        if name is None:
            return None
        name_text = str(name)
        namespace = item.get("namespace")
        namespace_text = str(namespace) if namespace is not None else ""
        # A namespace equal to the name is the wire shape of a deferred top-level tool.
        if name_text and namespace_text and namespace_text != name_text:
            return f"{namespace_text}.{name_text}"
        return name_text
    return None


def _preview(content: Any, max_length: int | None = None) -> str:
    """Render user-message content (a string or a list of parts) as text, maybe truncated."""
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    if max_length is not None and len(text) > max_length:
        return text[:max_length] + "..."
    return text


def _content_texts(content: Any) -> list[str]:
    """The searchable texts of user-message content."""
    if isinstance(content, str):
        return [content]
    if isinstance(content, list):
        return [
            part["text"]
            for part in content
            if isinstance(part, dict) and isinstance(part.get("text"), str)
        ]
    return []


def _details_json(details: Any) -> str | None:
    """Serialize a usage-details object (pydantic model, dataclass or dict) as JSON, or None."""
    if details is None:
        return None
    if hasattr(details, "model_dump"):
        data = details.model_dump()
    elif dataclasses.is_dataclass(details) and not isinstance(details, type):
        data = dataclasses.asdict(details)
    elif isinstance(details, dict):
        data = details
    else:
        data = vars(details)
    return json.dumps(data)


def _load_details(text: Any) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except (json.JSONDecodeError, TypeError):
        return None


class AdvancedSQLiteSession(SQLiteSession):
    """`SQLiteSession` plus branches, turn numbering per branch, usage analytics and queries.

    Every item belongs to a branch; reads and writes use the current branch, which starts as
    "main". A user message starts a new turn. Branching from a turn copies the structure of
    the earlier turns (sharing the stored items) into a new branch and switches to it.
    """

    def __init__(
        self,
        *,
        session_id: str,
        db_path: str | Path = ":memory:",
        create_tables: bool = False,
        logger: logging.Logger | None = None,
        session_settings: SessionSettings | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Open the session.

        Args:
            create_tables: create the branch and usage tables. Without it they must already
                exist (made by an earlier session with `create_tables=True`), or the first
                operation raises ValueError.
            logger: where branch operations and usage-storage failures are logged.
            **kwargs: `sessions_table` and `messages_table`, as for `SQLiteSession`.
        """
        self._create_tables = create_tables
        # (current branch, clear generation it belongs to); a clear by any instance resets it.
        self._branch: tuple[str, int] = ("main", 0)
        super().__init__(session_id, db_path, session_settings=session_settings, **kwargs)
        self._logger = logger if logger is not None else logging.getLogger(__name__)

    # -- schema -------------------------------------------------------------------------------

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        if self._create_tables:
            super()._create_schema(conn)
            self._create_structure_tables(conn)
            self._check_structure_owner(conn)
        else:
            self._check_structure_owner(conn)
            super()._create_schema(conn)
        conn.execute(
            "CREATE TABLE IF NOT EXISTS branch_reservations ("
            "\n    session_id TEXT NOT NULL,"
            "\n    branch_id TEXT NOT NULL,"
            "\n    PRIMARY KEY (session_id, branch_id)"
            "\n)"
        )
        conn.execute(
            "CREATE TABLE IF NOT EXISTS session_clear_generations ("
            "\n    session_id TEXT PRIMARY KEY,"
            "\n    generation INTEGER NOT NULL DEFAULT 0"
            "\n)"
        )
        if self._create_tables:
            for name, columns in (
                ("idx_structure_session_seq", "session_id, sequence_number"),
                ("idx_structure_branch", "session_id, branch_id"),
                ("idx_structure_turn", "session_id, branch_id, user_turn_number"),
                ("idx_structure_branch_seq", "session_id, branch_id, sequence_number"),
            ):
                conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON message_structure({columns})")
            conn.execute(
                "CREATE INDEX IF NOT EXISTS idx_turn_usage_session_turn"
                " ON turn_usage(session_id, branch_id, user_turn_number)"
            )

    def _create_structure_tables(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS message_structure ("
            "\n    id INTEGER PRIMARY KEY AUTOINCREMENT,"
            "\n    session_id TEXT NOT NULL,"
            "\n    message_id INTEGER NOT NULL,"
            "\n    branch_id TEXT NOT NULL DEFAULT 'main',"
            "\n    message_type TEXT NOT NULL,"
            "\n    sequence_number INTEGER NOT NULL,"
            "\n    user_turn_number INTEGER,"
            "\n    branch_turn_number INTEGER,"
            "\n    tool_name TEXT,"
            "\n    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,"
            "\n    FOREIGN KEY (session_id)"
            f" REFERENCES {self.sessions_table}(session_id) ON DELETE CASCADE,"
            "\n    FOREIGN KEY (message_id)"
            f" REFERENCES {self.messages_table}(id) ON DELETE CASCADE"
            "\n)"
        )
        conn.execute(
            "CREATE TABLE IF NOT EXISTS turn_usage ("
            "\n    id INTEGER PRIMARY KEY AUTOINCREMENT,"
            "\n    session_id TEXT NOT NULL,"
            "\n    branch_id TEXT NOT NULL DEFAULT 'main',"
            "\n    user_turn_number INTEGER NOT NULL,"
            "\n    requests INTEGER DEFAULT 0,"
            "\n    input_tokens INTEGER DEFAULT 0,"
            "\n    output_tokens INTEGER DEFAULT 0,"
            "\n    total_tokens INTEGER DEFAULT 0,"
            "\n    input_tokens_details JSON,"
            "\n    output_tokens_details JSON,"
            "\n    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,"
            "\n    FOREIGN KEY (session_id)"
            f" REFERENCES {self.sessions_table}(session_id) ON DELETE CASCADE,"
            "\n    UNIQUE(session_id, branch_id, user_turn_number)"
            "\n)"
        )

    def _check_structure_owner(self, conn: sqlite3.Connection) -> None:
        """Require the structure tables to exist and point at this session's base tables.

        Their names are fixed, so one database file can hold the structure of only one
        sessions/messages table pair.
        """
        expected = {
            "message_structure": {
                "session_id": (self.sessions_table, "session_id"),
                "message_id": (self.messages_table, "id"),
            },
            "turn_usage": {"session_id": (self.sessions_table, "session_id")},
        }
        for table, columns in expected.items():
            foreign_keys = conn.execute(f"PRAGMA foreign_key_list({table})").fetchall()
            if not foreign_keys:
                raise ValueError(
                    f"The `{table}` table is missing from {self.db_path}. Construct an "
                    "AdvancedSQLiteSession with create_tables=True to create it."
                )
            for column, (target_table, target_column) in columns.items():
                targets = [(fk[2], fk[4]) for fk in foreign_keys if fk[3].lower() == column]
                if len(targets) != 1 or (
                    targets[0][0].lower(),
                    (targets[0][1] or "").lower(),
                ) != (target_table.lower(), target_column):
                    found = ", ".join(f"{t}({c})" for t, c in targets) or "nothing"
                    raise ValueError(
                        f"`{table}.{column}` in {self.db_path} refers to {found}, not to "
                        f"{target_table}({target_column}). The branch tables are shared by the "
                        "whole file: give each sessions_table/messages_table pair its own db_path."
                    )

    # -- helpers run inside transactions --------------------------------------------------------

    def _sync_branch(self, conn: sqlite3.Connection) -> None:
        """Fall back to "main" if any instance cleared this session since the branch was chosen."""
        row = conn.execute(
            "SELECT generation FROM session_clear_generations WHERE session_id = ?",
            (self.session_id,),
        ).fetchone()
        generation = row[0] if row is not None else 0
        if generation != self._branch[1]:
            self._branch = ("main", generation)

    def _reserve_existing_branches(self, conn: sqlite3.Connection) -> None:
        """Record every branch that has items as used, so its id is never handed out again."""
        conn.execute(
            "INSERT OR IGNORE INTO branch_reservations (session_id, branch_id)"
            " SELECT DISTINCT session_id, branch_id FROM message_structure WHERE session_id = ?",
            (self.session_id,),
        )

    def _resolve_branch(self, conn: sqlite3.Connection, branch_id: str | None) -> str:
        if branch_id is not None:
            return branch_id
        self._sync_branch(conn)
        return self._branch[0]

    def _branch_exists(self, conn: sqlite3.Connection, branch_id: str) -> bool:
        row = conn.execute(
            "SELECT 1 FROM message_structure WHERE session_id = ? AND branch_id = ? LIMIT 1",
            (self.session_id, branch_id),
        ).fetchone()
        return row is not None

    def _delete_unreferenced_messages(self, conn: sqlite3.Connection, message_ids: set[int]) -> int:
        """Delete those of `message_ids` that no branch refers to any more."""
        referenced = {
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT message_id FROM message_structure WHERE session_id = ?",
                (self.session_id,),
            )
        }
        orphans = [(message_id,) for message_id in message_ids - referenced]
        conn.executemany(f"DELETE FROM {self.messages_table} WHERE id = ?", orphans)
        return len(orphans)

    def _user_turn_rows(self, conn: sqlite3.Connection, branch_id: str) -> list[tuple[Any, ...]]:
        """(branch turn, decoded item, created_at) of the user messages of a branch, in order."""
        rows = conn.execute(
            f"SELECT s.branch_turn_number, m.message_data, s.created_at"
            f" FROM message_structure s JOIN {self.messages_table} m ON s.message_id = m.id"
            " WHERE s.session_id = ? AND s.branch_id = ? AND s.message_type = 'user'"
            " ORDER BY s.branch_turn_number, s.sequence_number",
            (self.session_id, branch_id),
        ).fetchall()
        return [(turn, _decode(data), created_at) for turn, data, created_at in rows]

    # -- the Session API, per branch ---------------------------------------------------------

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        """Append `items` to the current branch in one transaction, numbering user turns."""
        self._check_not_closed()
        encoded = _encode_items(items)
        if not encoded:
            return
        meta = [
            (_message_type(item), _tool_name(item), _message_type(item) == "user") for item in items
        ]

        def write(conn: sqlite3.Connection) -> None:
            self._sync_branch(conn)
            branch = self._branch[0]
            message_ids = self._insert_messages(conn, encoded)
            (sequence,) = conn.execute(
                "SELECT COALESCE(MAX(sequence_number), 0) FROM message_structure"
                " WHERE session_id = ?",
                (self.session_id,),
            ).fetchone()
            turn, branch_turn = conn.execute(
                "SELECT COALESCE(MAX(user_turn_number), 0), COALESCE(MAX(branch_turn_number), 0)"
                " FROM message_structure WHERE session_id = ? AND branch_id = ?",
                (self.session_id, branch),
            ).fetchone()
            rows = []
            for message_id, (message_type, tool_name, is_user) in zip(
                message_ids, meta, strict=True
            ):
                if is_user:
                    turn += 1
                    branch_turn += 1
                sequence += 1
                rows.append(
                    (
                        self.session_id,
                        message_id,
                        branch,
                        message_type,
                        sequence,
                        turn,
                        branch_turn,
                        tool_name,
                    )
                )
            conn.executemany(
                "INSERT INTO message_structure (session_id, message_id, branch_id, message_type,"
                " sequence_number, user_turn_number, branch_turn_number, tool_name)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

        await self._run(lambda: self._write(write), mutation=True)

    async def get_items(
        self, limit: int | None = None, branch_id: str | None = None
    ) -> list[TResponseInputItem]:
        """Return the items of a branch (default: the current one), or its latest `limit`."""
        effective = resolve_session_limit(limit, self.session_settings)

        def read(conn: sqlite3.Connection) -> list[Any]:
            branch = self._resolve_branch(conn, branch_id)
            if effective == 0:
                return []
            order = "ASC" if effective is None or effective < 0 else "DESC"
            rows = conn.execute(
                f"SELECT m.message_data FROM {self.messages_table} m"
                " JOIN message_structure s ON m.id = s.message_id"
                " WHERE m.session_id = ? AND s.branch_id = ?"
                f" ORDER BY s.sequence_number {order}",
                (self.session_id, branch),
            )
            return _decode_rows(rows, effective)

        return await self._run(lambda: self._read(read), mutation=False)

    async def pop_item(self) -> TResponseInputItem | None:
        """Remove and return the newest item of the current branch, or None.

        The stored item is deleted only when no other branch shares it; a turn left empty
        loses its usage row.
        """

        def pop(conn: sqlite3.Connection) -> Any:
            self._sync_branch(conn)
            branch = self._branch[0]
            self._reserve_existing_branches(conn)
            while True:
                row = conn.execute(
                    "SELECT id, message_id, user_turn_number FROM message_structure"
                    " WHERE session_id = ? AND branch_id = ?"
                    " ORDER BY sequence_number DESC LIMIT 1",
                    (self.session_id, branch),
                ).fetchone()
                if row is None:
                    return None
                structure_id, message_id, turn = row
                conn.execute("DELETE FROM message_structure WHERE id = ?", (structure_id,))
                data = conn.execute(
                    f"SELECT message_data FROM {self.messages_table} WHERE id = ?", (message_id,)
                ).fetchone()
                self._delete_unreferenced_messages(conn, {message_id})
                if turn is not None:
                    conn.execute(
                        "DELETE FROM turn_usage WHERE session_id = ? AND branch_id = ?"
                        " AND user_turn_number = ? AND NOT EXISTS (SELECT 1 FROM message_structure"
                        " WHERE session_id = ? AND branch_id = ? AND user_turn_number = ?)",
                        (self.session_id, branch, turn, self.session_id, branch, turn),
                    )
                item = _decode(data[0]) if data is not None else _CORRUPT
                if item is not _CORRUPT:
                    return item

        item = await self._run(lambda: self._write(pop), mutation=True)
        return cast("TResponseInputItem | None", item)

    async def clear_session(self) -> None:
        """Delete every item, branch and usage row of this session; the branch becomes "main".

        Branch ids used so far stay reserved.
        """

        def clear(conn: sqlite3.Connection) -> int:
            self._reserve_existing_branches(conn)
            for table in (self.messages_table, self.sessions_table, "message_structure"):
                conn.execute(f"DELETE FROM {table} WHERE session_id = ?", (self.session_id,))
            conn.execute("DELETE FROM turn_usage WHERE session_id = ?", (self.session_id,))
            conn.execute(
                "INSERT OR IGNORE INTO session_clear_generations (session_id, generation)"
                " VALUES (?, 0)",
                (self.session_id,),
            )
            conn.execute(
                "UPDATE session_clear_generations SET generation = generation + 1"
                " WHERE session_id = ?",
                (self.session_id,),
            )
            (generation,) = conn.execute(
                "SELECT generation FROM session_clear_generations WHERE session_id = ?",
                (self.session_id,),
            ).fetchone()
            return cast(int, generation)

        def work() -> None:
            generation = self._write(clear)
            self._branch = ("main", generation)

        await self._run(work, mutation=True)

    # -- usage ----------------------------------------------------------------------------------

    async def store_run_usage(self, result: RunResult | Any) -> None:
        """Record `result.context_wrapper.usage` as the usage of the current turn.

        Call it after each run. Failures are logged, never raised.
        """
        try:
            usage = result.context_wrapper.usage
            if usage is None:
                return
            values = (
                usage.requests or 0,
                usage.input_tokens or 0,
                usage.output_tokens or 0,
                usage.total_tokens or 0,
                self._details_or_none(getattr(usage, "input_tokens_details", None), "input"),
                self._details_or_none(getattr(usage, "output_tokens_details", None), "output"),
            )

            def store(conn: sqlite3.Connection) -> None:
                self._sync_branch(conn)
                branch = self._branch[0]
                turn, anchor = conn.execute(
                    "SELECT COALESCE(MAX(user_turn_number), 0), COUNT(*) FROM message_structure"
                    " WHERE session_id = ? AND branch_id = ?",
                    (self.session_id, branch),
                ).fetchone()
                if not anchor:
                    self._logger.debug("No turn on branch %r to record usage for", branch)
                    return
                conn.execute(
                    "INSERT OR REPLACE INTO turn_usage (session_id, branch_id, user_turn_number,"
                    " requests, input_tokens, output_tokens, total_tokens, input_tokens_details,"
                    " output_tokens_details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (self.session_id, branch, turn, *values),
                )

            await self._run(lambda: self._write(store), mutation=True)
        except Exception as exc:
            self._logger.error(
                "Failed to store run usage for session %r: %s: %s",
                self.session_id,
                type(exc).__name__,
                exc,
            )

    def _details_or_none(self, details: Any, which: str) -> str | None:
        try:
            return _details_json(details)
        except (TypeError, ValueError) as exc:
            self._logger.warning("Failed to serialize %s token details: %s", which, exc)
            return None

    async def get_session_usage(self, branch_id: str | None = None) -> dict[str, int] | None:
        """Sum the usage of one branch, or of all branches; None when nothing was recorded."""

        def read(conn: sqlite3.Connection) -> dict[str, int] | None:
            where, params = "session_id = ?", [self.session_id]
            if branch_id:
                where += " AND branch_id = ?"
                params.append(branch_id)
            row = conn.execute(
                "SELECT SUM(requests), SUM(input_tokens), SUM(output_tokens), SUM(total_tokens),"
                f" COUNT(*) FROM turn_usage WHERE {where}",
                params,
            ).fetchone()
            if row[0] is None:
                return None
            keys = ("requests", "input_tokens", "output_tokens", "total_tokens", "total_turns")
            return {key: value or 0 for key, value in zip(keys, row, strict=True)}

        return await self._run(lambda: self._read(read), mutation=False)

    async def get_turn_usage(
        self, user_turn_number: int | None = None, branch_id: str | None = None
    ) -> list[dict[str, Any]] | dict[str, Any]:
        """Return the usage of one turn (a dict, empty if none) or of every turn (a list)."""
        columns = (
            "requests",
            "input_tokens",
            "output_tokens",
            "total_tokens",
            "input_tokens_details",
            "output_tokens_details",
        )

        def as_dict(row: tuple[Any, ...]) -> dict[str, Any]:
            record = dict(zip(columns, row, strict=True))
            for key in ("input_tokens_details", "output_tokens_details"):
                record[key] = _load_details(record[key])
            return record

        def read(conn: sqlite3.Connection) -> list[dict[str, Any]] | dict[str, Any]:
            branch = self._resolve_branch(conn, branch_id)
            select = f"SELECT user_turn_number, {', '.join(columns)} FROM turn_usage"
            where = " WHERE session_id = ? AND branch_id = ?"
            if user_turn_number is not None:
                row = conn.execute(
                    select + where + " AND user_turn_number = ?",
                    (self.session_id, branch, user_turn_number),
                ).fetchone()
                return as_dict(row[1:]) if row is not None else {}
            rows = conn.execute(
                select + where + " ORDER BY user_turn_number", (self.session_id, branch)
            )
            return [{"user_turn_number": row[0], **as_dict(row[1:])} for row in rows]

        return await self._run(lambda: self._read(read), mutation=False)

    # -- turns and search -----------------------------------------------------------------------

    async def get_conversation_turns(self, branch_id: str | None = None) -> list[dict[str, Any]]:
        """List the user turns of a branch: turn, content (100-char preview), full_content, ..."""

        def read(conn: sqlite3.Connection) -> list[dict[str, Any]]:
            branch = self._resolve_branch(conn, branch_id)
            return [
                _turn_record(turn, item.get("content", ""), created, 100)
                for turn, item, created in self._user_turn_rows(conn, branch)
                if isinstance(item, dict)
            ]

        return await self._run(lambda: self._read(read), mutation=False)

    async def find_turns_by_content(
        self, search_term: str, branch_id: str | None = None
    ) -> list[dict[str, Any]]:
        """List the user turns whose text contains `search_term` (ASCII case-insensitive)."""
        pattern = re.compile(re.escape(search_term), re.IGNORECASE | re.ASCII)

        def read(conn: sqlite3.Connection) -> list[dict[str, Any]]:
            branch = self._resolve_branch(conn, branch_id)
            matches = []
            for turn, item, created in self._user_turn_rows(conn, branch):
                if not isinstance(item, dict):
                    continue
                content = item.get("content", "")
                if any(pattern.search(text) for text in _content_texts(content)):
                    matches.append(_turn_record(turn, content, created, None))
            return matches

        return await self._run(lambda: self._read(read), mutation=False)

    async def get_conversation_by_turns(
        self, branch_id: str | None = None
    ) -> dict[int, list[dict[str, str | None]]]:
        """Map each turn number to its items' `{"type", "tool_name"}`, in order."""

        def read(conn: sqlite3.Connection) -> dict[int, list[dict[str, str | None]]]:
            branch = self._resolve_branch(conn, branch_id)
            turns: dict[int, list[dict[str, str | None]]] = {}
            for turn, message_type, tool_name in conn.execute(
                "SELECT user_turn_number, message_type, tool_name FROM message_structure"
                " WHERE session_id = ? AND branch_id = ? ORDER BY sequence_number",
                (self.session_id, branch),
            ):
                turns.setdefault(turn, []).append({"type": message_type, "tool_name": tool_name})
            return turns

        return await self._run(lambda: self._read(read), mutation=False)

    async def get_tool_usage(self, branch_id: str | None = None) -> list[tuple[str, int, int]]:
        """Count tool calls per (tool name, turn) on a branch, as (name, count, turn) tuples.

        A tool-search output counts only when its turn has no tool-search call.
        """
        placeholders = ", ".join("?" for _ in _TOOL_CALL_TYPES)

        def read(conn: sqlite3.Connection) -> list[tuple[str, int, int]]:
            branch = self._resolve_branch(conn, branch_id)
            rows = conn.execute(
                "SELECT tool_name, COUNT(*), user_turn_number FROM message_structure s"
                " WHERE session_id = ? AND branch_id = ? AND ("
                f"  message_type IN ({placeholders})"
                "  OR (message_type = 'tool_search_output' AND NOT EXISTS ("
                "    SELECT 1 FROM message_structure c WHERE c.session_id = s.session_id"
                "    AND c.branch_id = s.branch_id AND c.user_turn_number = s.user_turn_number"
                "    AND c.tool_name = s.tool_name AND c.message_type = 'tool_search_call'))"
                " ) GROUP BY tool_name, user_turn_number ORDER BY user_turn_number",
                (self.session_id, branch, *_TOOL_CALL_TYPES),
            )
            return [(name, count, turn) for name, count, turn in rows]

        return await self._run(lambda: self._read(read), mutation=False)

    # -- branches -------------------------------------------------------------------------------

    async def create_branch_from_turn(
        self, turn_number: int, branch_name: str | None = None
    ) -> str:
        """Fork the current branch before user turn `turn_number` and switch to the new branch.

        The new branch holds the turns before it (sharing the stored items). Its id is
        `branch_name`, or `branch_from_turn_<n>_<unix time>`; ids are never reused.
        Raises ValueError if the turn has no user message or the name is blank or used.
        """
        if branch_name is not None and not branch_name.strip():
            raise ValueError("Branch name cannot be empty")

        def create(conn: sqlite3.Connection) -> tuple[str, str]:
            self._sync_branch(conn)
            source = self._branch[0]
            rows = self._user_turn_rows(conn, source)
            turn = next((row for row in rows if row[0] == turn_number), None)
            if turn is None:
                raise ValueError(
                    f"Turn {turn_number} does not contain a user message in branch '{source}'"
                )
            self._reserve_existing_branches(conn)
            new_branch = self._reserve_branch_id(conn, branch_name, turn_number)
            copied = conn.execute(
                "SELECT message_id, message_type, user_turn_number, branch_turn_number, tool_name"
                " FROM message_structure WHERE session_id = ? AND branch_id = ?"
                " AND branch_turn_number < ? ORDER BY sequence_number",
                (self.session_id, source, turn_number),
            ).fetchall()
            (sequence,) = conn.execute(
                "SELECT COALESCE(MAX(sequence_number), 0) FROM message_structure"
                " WHERE session_id = ?",
                (self.session_id,),
            ).fetchone()
            conn.executemany(
                "INSERT INTO message_structure (session_id, message_id, branch_id, message_type,"
                " sequence_number, user_turn_number, branch_turn_number, tool_name)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        self.session_id,
                        message_id,
                        new_branch,
                        kind,
                        sequence + i,
                        turn_,
                        bturn,
                        tool,
                    )
                    for i, (message_id, kind, turn_, bturn, tool) in enumerate(copied, start=1)
                ],
            )
            return new_branch, source

        def work() -> str:
            new_branch, source = self._write(create)
            self._branch = (new_branch, self._branch[1])
            self._logger.debug(
                "Created branch %r from turn %s of %r", new_branch, turn_number, source
            )
            return new_branch

        return await self._run(work, mutation=True)

    def _reserve_branch_id(self, conn: sqlite3.Connection, name: str | None, turn: int) -> str:
        def reserve(candidate: str) -> bool:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO branch_reservations (session_id, branch_id) VALUES (?, ?)",
                (self.session_id, candidate),
            )
            return cursor.rowcount == 1

        if name is not None:
            if not reserve(name):
                raise ValueError(
                    f"Branch ID '{name}' has already been used. Choose a new branch ID."
                )
            return name
        base = f"branch_from_turn_{turn}_{int(time.time())}"
        candidate, suffix = base, 1
        while not reserve(candidate):
            suffix += 1
            candidate = f"{base}_{suffix}"
        return candidate

    async def create_branch_from_content(
        self, search_term: str, branch_name: str | None = None
    ) -> str:
        """Branch from the earliest user turn containing `search_term`; ValueError if none."""
        matches = await self.find_turns_by_content(search_term)
        if not matches:
            raise ValueError(f"No user turns found containing '{search_term}'")
        return await self.create_branch_from_turn(matches[0]["turn"], branch_name)

    async def switch_to_branch(self, branch_id: str) -> None:
        """Make `branch_id` current; ValueError if it has no items."""

        def switch() -> None:
            def check(conn: sqlite3.Connection) -> None:
                self._sync_branch(conn)
                if not self._branch_exists(conn, branch_id):
                    raise ValueError(f"Branch '{branch_id}' does not exist")

            self._read(check)
            old = self._branch[0]
            self._branch = (branch_id, self._branch[1])
            self._logger.info("Switched from branch '%s' to '%s'", old, branch_id)

        await self._run(switch, mutation=True)

    async def delete_branch(self, branch_id: str, force: bool = False) -> None:
        """Delete a branch, its usage and the items no other branch shares.

        "main" cannot be deleted; the current branch only with `force=True` (then "main"
        becomes current). The id stays reserved.
        """
        if not branch_id or not branch_id.strip():
            raise ValueError("Branch ID cannot be empty")
        if branch_id == "main":
            raise ValueError("Cannot delete the 'main' branch")

        def delete(conn: sqlite3.Connection) -> tuple[bool, int, int, int]:
            self._sync_branch(conn)
            is_current = branch_id == self._branch[0]
            if is_current and not force:
                raise ValueError(
                    f"Cannot delete current branch '{branch_id}'. "
                    "Use force=True or switch branches first"
                )
            if not self._branch_exists(conn, branch_id):
                raise ValueError(f"Branch '{branch_id}' does not exist")
            self._reserve_existing_branches(conn)
            usage = conn.execute(
                "DELETE FROM turn_usage WHERE session_id = ? AND branch_id = ?",
                (self.session_id, branch_id),
            ).rowcount
            message_ids = {
                row[0]
                for row in conn.execute(
                    "SELECT message_id FROM message_structure WHERE session_id = ? AND branch_id = ?",
                    (self.session_id, branch_id),
                )
            }
            structure = conn.execute(
                "DELETE FROM message_structure WHERE session_id = ? AND branch_id = ?",
                (self.session_id, branch_id),
            ).rowcount
            orphans = self._delete_unreferenced_messages(conn, message_ids)
            return is_current, usage, structure, orphans

        def work() -> None:
            is_current, usage, structure, orphans = self._write(delete)
            if is_current:
                self._branch = ("main", self._branch[1])
            self._logger.info(
                "Deleted branch '%s': %s message entries, %s usage entries, %s orphaned messages",
                branch_id,
                structure,
                usage,
                orphans,
            )

        await self._run(work, mutation=True)

    async def list_branches(self) -> list[dict[str, Any]]:
        """List the branches with items: branch_id, message_count, user_turns, is_current, created_at."""

        def read(conn: sqlite3.Connection) -> list[dict[str, Any]]:
            current = self._resolve_branch(conn, None)
            rows = conn.execute(
                "SELECT branch_id, COUNT(*), SUM(message_type = 'user'), MIN(created_at)"
                " FROM message_structure WHERE session_id = ?"
                " GROUP BY branch_id ORDER BY MIN(created_at), MIN(id)",
                (self.session_id,),
            )
            return [
                {
                    "branch_id": branch,
                    "message_count": count,
                    "user_turns": users,
                    "is_current": branch == current,
                    "created_at": created,
                }
                for branch, count, users, created in rows
            ]

        return await self._run(lambda: self._read(read), mutation=False)


def _turn_record(
    turn: int, content: Any, created_at: Any, max_length: int | None
) -> dict[str, Any]:
    return {
        "turn": turn,
        "content": _preview(content, max_length),
        "full_content": content,
        "timestamp": created_at,
        "can_branch": True,
    }
