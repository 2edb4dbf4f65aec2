"""Encrypted RunState snapshots through the encrypt extra: a round trip resumes, and a wrong
key, a modified or truncated envelope, an unknown key id or an old snapshot get typed errors
that hold neither the key nor the snapshot."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("cryptography")

from agentkit.encrypt import SnapshotDecryptionError, decrypt_snapshot, encrypt_snapshot
from cryptography.fernet import Fernet

from agentkit import Runner, RunState
from agentkit.run_state import RunStateError, SnapshotExpiredError

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
import upstream_agents as shared  # noqa: E402

KEY = Fernet.generate_key().decode()
OTHER = Fernet.generate_key().decode()


async def _snapshot() -> str:
    ops, _ = shared.agent("agentkit", [shared.FIRST_TURN])
    state = (await Runner.run(ops, "clean up", context={"user": "secret-user"})).to_state()
    state.approve(state.get_interruptions()[0])
    return state.to_string()


async def test_an_encrypted_snapshot_hides_the_run_and_resumes() -> None:
    snapshot = await _snapshot()
    sealed = encrypt_snapshot(snapshot, KEY, key_id="k1")
    assert "secret-user" not in sealed and "delete_file" not in sealed
    assert json.loads(sealed)["kid"] == "k1"
    assert encrypt_snapshot(snapshot, KEY) != encrypt_snapshot(snapshot, KEY)  # fresh IV
    ops, parts = shared.agent("agentkit", [shared.FINAL])
    state = await RunState.from_string(ops, decrypt_snapshot(sealed, {"k1": KEY, "k0": OTHER}))
    result = await Runner.run(ops, state)
    assert (result.final_output, parts["log"]) == ("all done", ["delete a.txt"])


def _flip(sealed: str) -> str:
    data = json.loads(sealed)
    token = data["token"]
    data["token"] = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
    return json.dumps(data)


async def test_bad_envelopes_get_typed_errors_without_secrets() -> None:
    snapshot = await _snapshot()
    sealed = encrypt_snapshot(snapshot, KEY)
    cases = [
        (lambda: decrypt_snapshot(sealed, OTHER), "another key"),
        (lambda: decrypt_snapshot(_flip(sealed), KEY), "modified"),
        (lambda: decrypt_snapshot(sealed[: len(sealed) // 2], KEY), "truncated"),
        (lambda: decrypt_snapshot(snapshot, KEY), "not an encrypted RunState snapshot"),
        (lambda: decrypt_snapshot(sealed, {"other": KEY}), "unknown key id 'default'"),
        (
            lambda: decrypt_snapshot(json.dumps({**json.loads(sealed), "v": 9}), KEY),
            "incomplete",
        ),
    ]
    for attempt, match in cases:
        with pytest.raises(SnapshotDecryptionError, match=match) as info:
            attempt()
        assert isinstance(info.value, RunStateError)
        text = str(info.value) + repr(info.value)
        assert KEY not in text and OTHER not in text and "secret-user" not in text
        assert info.value.__cause__ is None


async def test_max_age_refuses_an_old_snapshot() -> None:
    sealed = encrypt_snapshot(await _snapshot(), KEY)
    assert decrypt_snapshot(sealed, KEY, max_age_seconds=3600)
    with pytest.raises(SnapshotExpiredError):
        decrypt_snapshot(sealed, KEY, max_age_seconds=-1)


def test_keys_are_checked() -> None:
    with pytest.raises(ValueError, match="too short"):
        encrypt_snapshot("{}", "short")
    with pytest.raises(TypeError, match="str or bytes"):
        encrypt_snapshot("{}", 123)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="key_id"):
        encrypt_snapshot("{}", KEY, key_id="")
    raw = b"0123456789abcdef0123"
    assert decrypt_snapshot(encrypt_snapshot("{}", raw), raw) == "{}"
