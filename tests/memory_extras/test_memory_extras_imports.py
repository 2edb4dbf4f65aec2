"""Each store extra imports only with its dependency, and names the install command without it."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("module", "blocked", "extra"),
    [
        ("agentkit.sqlalchemy", "sqlalchemy", "sqlalchemy"),
        ("agentkit.redis", "redis", "redis"),
        ("agentkit.encrypt", "cryptography", "encrypt"),
        ("agentkit.dapr", "dapr", "dapr"),
    ],
)
def test_a_missing_dependency_names_the_extra(module: str, blocked: str, extra: str) -> None:
    script = (
        "import sys\n"
        f"sys.modules[{blocked!r}] = None\n"
        "try:\n"
        f"    import {module}\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert f'pip install "agentkit[{extra}]"' in out.stdout


def test_the_extras_import_and_export_their_sessions() -> None:
    from agentkit.dapr import DAPR_CONSISTENCY_EVENTUAL, DAPR_CONSISTENCY_STRONG, DaprSession
    from agentkit.encrypt import EncryptedSession
    from agentkit.redis import RedisSession
    from agentkit.sqlalchemy import SQLAlchemySession

    from agentkit.memory import SessionABC

    for cls in (DaprSession, EncryptedSession, RedisSession, SQLAlchemySession):
        assert issubclass(cls, SessionABC)
    assert (DAPR_CONSISTENCY_EVENTUAL, DAPR_CONSISTENCY_STRONG) == ("eventual", "strong")


async def test_an_unreachable_server_fails_the_test_loudly() -> None:
    from _memory_extras_services import connect_postgres, connect_redis

    with pytest.raises(
        pytest.fail.Exception, match=r"PostgreSQL server at 127.0.0.1:1 .*services.sh"
    ):
        await connect_postgres(port=1)
    with pytest.raises(pytest.fail.Exception, match=r"Redis server at 127.0.0.1:1 .*services.sh"):
        await connect_redis("redis://127.0.0.1:1/0")


def test_upstream_import_path() -> None:
    from agentkit.dapr import DaprSession as D
    from agentkit.encrypt import EncryptedSession as E
    from agentkit.redis import RedisSession as R
    from agentkit.sqlalchemy import SQLAlchemySession as S

    from agentkit.extensions.memory import (
        DaprSession,
        EncryptedSession,
        RedisSession,
        SQLAlchemySession,
    )

    assert (SQLAlchemySession, RedisSession, EncryptedSession, DaprSession) == (S, R, E, D)
