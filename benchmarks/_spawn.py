"""A tiny process launcher, so a child's peak RSS (`ru_maxrss`) is its own.

Linux folds the spawning process's RSS high-water mark into a new child's `ru_maxrss` at exec, so
children started straight from the harness (30+ MB) would all report at least that. The harness
instead starts this launcher once, as `python -S -E -c SOURCE` (about 8.5 MB, under any child),
and sends it one request per child. Messages are length-prefixed `marshal` blobs (no import needed).
"""

from __future__ import annotations

import marshal
import subprocess
from pathlib import Path
from typing import Any

SOURCE = """\
import marshal, os, sys, time
read, write = sys.stdin.buffer.read, sys.stdout.buffer.write
W = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
while True:
    head = read(4)
    if len(head) < 4:
        break
    req = marshal.loads(read(int.from_bytes(head, "little")))
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, req["stdin"], os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, req["stdout"], W, 0o600),
        (os.POSIX_SPAWN_OPEN, 2, req["stderr"], W, 0o600),
    ]
    start = time.perf_counter()
    deadline = start + req["timeout"]
    pid = os.posix_spawn(req["argv"][0], req["argv"], req["env"], file_actions=actions)
    timed_out = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() > deadline:
            os.kill(pid, 9)
            done, status, usage = os.wait4(pid, 0)
            timed_out = True
            break
        time.sleep(0.0005)
    wall = time.perf_counter() - start
    reply = marshal.dumps({"status": os.waitstatus_to_exitcode(status), "wall_s": wall,
                           "maxrss_kb": usage.ru_maxrss, "timed_out": timed_out})
    write(len(reply).to_bytes(4, "little") + reply)
    sys.stdout.buffer.flush()
"""


class Spawner:
    """Runs commands through the launcher process; one request at a time."""

    def __init__(self, python: str, cwd: Path) -> None:
        self._proc = subprocess.Popen(
            [python, "-S", "-E", "-c", SOURCE],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    def run(
        self, argv: list[str], env: dict[str, str], files: dict[str, str], timeout: float
    ) -> dict[str, Any]:
        assert self._proc.stdin is not None and self._proc.stdout is not None
        request = marshal.dumps({"argv": argv, "env": env, "timeout": float(timeout), **files})
        self._proc.stdin.write(len(request).to_bytes(4, "little") + request)
        self._proc.stdin.flush()
        head = self._proc.stdout.read(4)
        if len(head) < 4:
            raise RuntimeError("the launcher process died")
        reply: dict[str, Any] = marshal.loads(
            self._proc.stdout.read(int.from_bytes(head, "little"))
        )
        return reply

    def close(self) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.close()
        self._proc.wait(timeout=10)
