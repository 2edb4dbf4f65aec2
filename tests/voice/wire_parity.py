"""Runs `parity_program.py` with agentkit and with openai-agents 0.24 against the same scripted
servers and compares every request they made (HTTP and websocket) and every event they printed.

    python -m tests.voice.wire_parity [--ref /opt/ref/bin/python]

Exit status 0 when both sides match. Differences that are the SDKs' identity (User-Agent,
X-Stainless-* headers, multipart boundaries, generated ids) are normalised away.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests._reference import REF_PYTHON
from tests.openai_server import OpenAIServer, RawReply
from tests.openai_server import builders as b
from tests.voice.voice_support import TranscriptionServer, answer_pcm, speaking

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = Path(__file__).with_name("parity_program.py")
_IDENTITY_HEADERS = ("user-agent", "x-stainless", "host", "content-length", "sec-websocket")


def _queue_replies(http: OpenAIServer) -> None:
    pcm = answer_pcm()
    for text in ("What is the weather in Tokyo?", "What is the weather in Tokyo?"):
        http.queue_json({"text": text}, path="/audio/transcriptions")
        http.queue(
            b.stream_response_function_call(
                "get_weather", {"city": "Tokyo"}, call_id="call_1", id="resp_1"
            ),
            path="/responses",
        )
        http.queue(
            b.stream_response_text(
                "The weather in Tokyo is sunny. Enjoy your day!", deltas=5, id="resp_2"
            ),
            path="/responses",
        )
        # A pipeline synthesises sentences concurrently, so the speech requests may reach the
        # server in either order: each reply is for the sentence it speaks.
        http.queue(
            RawReply(body=pcm, chunked=True, chunk_size=3000),
            path="/audio/speech",
            when=speaking("The weather in Tokyo is sunny."),
        )
        http.queue(
            RawReply(body=pcm[:4001], chunked=True),
            path="/audio/speech",
            when=speaking("Enjoy your day!"),
        )
    http.queue(b.stream_response_text("Sunny, all day.", deltas=3, id="resp_3"), path="/responses")
    http.queue(RawReply(body=pcm[:6000], chunked=True), path="/audio/speech")


def _in_sentence_order(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The requests with each run of consecutive speech requests sorted by sentence (they are
    sent concurrently, so their arrival order is not part of the behaviour compared)."""
    ordered: list[dict[str, Any]] = []
    run: list[dict[str, Any]] = []
    for request in [*requests, None]:
        if request is not None and request["path"].endswith("/audio/speech"):
            run.append(request)
            continue
        ordered += sorted(run, key=lambda r: json.dumps(r.get("json"), sort_keys=True))
        run = []
        if request is not None:
            ordered.append(request)
    return ordered


def _headers(headers: Any) -> dict[str, str]:
    items = headers if isinstance(headers, list) else headers.items
    return {k.lower(): v for k, v in items if not k.lower().startswith(_IDENTITY_HEADERS)}


def _http_request(request: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "method": request.method,
        "path": request.path,
        "query": request.query,
        "headers": {
            k: v
            for k, v in _headers(request.headers).items()
            if k not in ("content-type", "accept-encoding", "connection")
        },
        "content_type": (request.headers.get("content-type") or "").split(";")[0],
        "validation_error": request.validation_error,
    }
    if request.form or request.files:
        entry["form"] = request.form
        entry["files"] = {
            name: [f.filename, f.content_type, hashlib.sha256(f.content).hexdigest()]
            for name, f in request.files.items()
        }
    else:
        entry["json"] = _without_server_ids(request.json)
    return entry


def _without_server_ids(body: Any) -> Any:
    """The request with the item ids the test server generated (fresh each run) blanked."""
    if not isinstance(body, dict) or not isinstance(body.get("input"), list):
        return body
    items = [
        {**i, "id": "<server id>"} if isinstance(i, dict) and "id" in i else i
        for i in body["input"]
    ]
    return {**body, "input": items}


def _ws_connection(connection: Any) -> dict[str, Any]:
    audio = b""
    messages: list[dict[str, Any]] = []
    for message in connection.messages:
        if message.get("type") == "input_audio_buffer.append":
            audio += base64.b64decode(message["audio"])
            if messages and messages[-1].get("type") == "input_audio_buffer.append":
                messages[-1]["count"] += 1
                continue
            messages.append({"type": "input_audio_buffer.append", "count": 1})
            continue
        if "event_id" in message:
            message = {**message, "event_id": "<generated>"}
        messages.append(message)
    return {
        "path": connection.path,
        "headers": {
            k: v
            for k, v in _headers(list(connection.headers.items())).items()
            if k not in ("connection", "upgrade")
        },
        "messages": messages,
        "audio_sha256": hashlib.sha256(audio).hexdigest(),
    }


def record(python: str, lib: str) -> dict[str, Any]:
    """Run the program with `python`/`lib`; return its events and the normalised requests."""
    with OpenAIServer() as http, TranscriptionServer(["What is the weather in Tokyo?"]) as ws:
        _queue_replies(http)
        env = {**os.environ, "OPENAI_AGENTS_DISABLE_TRACING": "1", "PYTHONPATH": str(ROOT)}
        env.pop("OPENAI_API_KEY", None)
        run = subprocess.run(
            [python, str(PROGRAM), lib, http.base_url, ws.url],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            cwd=str(ROOT),
        )
        if run.returncode != 0:
            raise RuntimeError(f"{lib} program failed:\n{run.stderr[-3000:]}")
        return {
            "events": [
                json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")
            ],
            "http": _in_sentence_order([_http_request(r) for r in http.requests]),
            "websocket": [_ws_connection(c) for c in ws.connections],
            "pending": http.pending(),
            "failures": list(http.failures),
        }


def compare(ref_python: str = REF_PYTHON) -> tuple[dict[str, Any], dict[str, Any]]:
    return record(sys.executable, "agentkit"), record(ref_python, "agents")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ref", default=REF_PYTHON)
    parser.add_argument("--show", action="store_true", help="print both records")
    args = parser.parse_args()
    ours, theirs = compare(args.ref)
    if args.show:
        print(json.dumps({"agentkit": ours, "agents": theirs}, indent=1, default=str))
    same = True
    for key in ("events", "http", "websocket", "pending", "failures"):
        if ours[key] != theirs[key]:
            same = False
            print(f"DIFFERENT {key}:")
            print("  agentkit:", json.dumps(ours[key], default=str)[:4000])
            print("  agents:  ", json.dumps(theirs[key], default=str)[:4000])
        else:
            print(f"same {key}: {len(ours[key])} entries")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
