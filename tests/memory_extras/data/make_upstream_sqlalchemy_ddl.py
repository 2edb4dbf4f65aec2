"""Writes upstream_sqlalchemy_ddl.json: the DDL of openai-agents 0.24.0's SQLAlchemySession tables.

Run with the reference interpreter:
/opt/ref/bin/python tests/memory_extras/data/make_upstream_sqlalchemy_ddl.py
"""

import json
from pathlib import Path

from agents.extensions.memory import SQLAlchemySession
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.schema import CreateIndex, CreateTable


def ddl(session: SQLAlchemySession) -> dict[str, list[str]]:
    out = {}
    for name, dialect in (("postgresql", postgresql.dialect()), ("sqlite", sqlite.dialect())):
        statements = []
        for table in session._metadata.sorted_tables:
            statements.append(str(CreateTable(table).compile(dialect=dialect)).strip())
            statements += [
                str(CreateIndex(i).compile(dialect=dialect)).strip()
                for i in sorted(table.indexes, key=lambda i: i.name)
            ]
        out[name] = statements
    return out


engine = create_async_engine("postgresql+asyncpg://u@h/db")
result = {
    "default": ddl(SQLAlchemySession("s", engine=engine)),
    "custom": ddl(
        SQLAlchemySession("s", engine=engine, sessions_table="my_s", messages_table="my_m")
    ),
}
Path(__file__).with_name("upstream_sqlalchemy_ddl.json").write_text(
    json.dumps(result, indent=1) + "\n"
)
