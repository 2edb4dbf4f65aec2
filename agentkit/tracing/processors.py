"""Processors and exporters: the batching background exporter and the OpenAI traces ingest client."""

from __future__ import annotations

import atexit
import heapq
import json
import math
import os
import random
import threading
import time
import weakref
from collections import deque
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .logger import logger
from .processor_interface import TracingExporter, TracingProcessor
from .spans import Span
from .traces import Trace

if TYPE_CHECKING:
    import httpx

_DEFAULT_ENDPOINT = "https://api.openai.com/v1/traces/ingest"
_MAX_FIELD_BYTES = 100_000
_TRUNCATION_SUFFIX = "... [truncated]"
_USAGE_KEYS = ("input_tokens", "output_tokens")
_RETRYABLE_CLIENT_STATUSES = frozenset({408, 409, 429})
_REASONING_MESSAGE_KEYS = ("reasoning", "reasoning_content", "thinking_blocks", "thinking")
_EXIT_SHUTDOWN_TIMEOUT = 5.0
_DROP_WARNING_INTERVAL = 60.0
# An export key meant for tracing only (explicit, like `set_tracing_export_api_key`).
_TRACING_KEY_ENV = ("AGENTKIT_TRACING_API_KEY", "OPENAI_AGENTS_TRACING_API_KEY")


def _env_tracing_key() -> str | None:
    for name in _TRACING_KEY_ENV:
        value = os.environ.get(name)
        if value:
            return value
    return None


def _model_hosts_elsewhere() -> tuple[bool, list[str]]:
    """Whether every model server this process used (or `OPENAI_BASE_URL` points at) is someone
    else's than OpenAI's; False when nothing is known (then upstream's behaviour applies)."""
    from .._http._model_hosts import host_of, is_openai_host, model_hosts

    hosts = set(model_hosts())
    configured = os.environ.get("OPENAI_BASE_URL")
    if configured:
        hosts.add(host_of(configured))
    elsewhere = bool(hosts) and not any(is_openai_host(host) for host in hosts)
    return elsewhere, sorted(hosts)


class _Unserializable:
    """Marks a value that has no JSON form (it is left out)."""


_UNSERIALIZABLE = _Unserializable()


def _env_truthy(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in ("1", "true")


class ConsoleSpanExporter(TracingExporter):
    """Prints traces and spans to stdout, for local debugging.

    Span data is redacted unless both OPENAI_AGENTS_DONT_LOG_MODEL_DATA and
    OPENAI_AGENTS_DONT_LOG_TOOL_DATA are set to false, as it may hold model and tool inputs.
    """

    def export(self, items: list[Trace | Span[Any]]) -> None:
        redact = _env_truthy("OPENAI_AGENTS_DONT_LOG_MODEL_DATA", True) or _env_truthy(
            "OPENAI_AGENTS_DONT_LOG_TOOL_DATA", True
        )
        for item in items:
            if isinstance(item, Trace):
                if redact:
                    print("[Exporter] Export trace. Trace data is redacted.")
                else:
                    print(f"[Exporter] Export trace_id={item.trace_id}, name={item.name}")
            elif redact:
                print("[Exporter] Export span. Span data is redacted.")
            else:
                print(f"[Exporter] Export span: {item.export()}")


def _json_size(value: Any) -> int:
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return _MAX_FIELD_BYTES + 1
    # An unpaired surrogate is sent as "?" (one byte), so count it that way.
    return len(text.encode("utf-8", "replace"))


def _json_key(key: Any) -> str | None:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, (bool, int, float)):
        try:
            return json.dumps(key, allow_nan=False)
        except ValueError:
            return None
    return None


def _json_safe(value: Any, seen: set[int] | None = None) -> Any:
    """``value`` reduced to what JSON can carry: other values and cycles are left out."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _UNSERIALIZABLE
    if not isinstance(value, (dict, list, tuple)):
        return _UNSERIALIZABLE
    seen = set() if seen is None else seen
    if id(value) in seen:
        return _UNSERIALIZABLE
    seen.add(id(value))
    try:
        if isinstance(value, dict):
            result: dict[str, Any] = {}
            for key, child in value.items():
                text = _json_key(key)
                safe = _json_safe(child, seen)
                if text is not None and safe is not _UNSERIALIZABLE:
                    result[text] = safe
            return result
        return [safe for child in value if (safe := _json_safe(child, seen)) is not _UNSERIALIZABLE]
    finally:
        seen.discard(id(value))


def _preview(value: Any) -> dict[str, Any]:
    kind = type(value).__name__
    if isinstance(value, (dict, list, tuple, set, frozenset)):
        text = f"<{kind} len={len(value)} truncated>"
    elif isinstance(value, (bytes, bytearray, memoryview)):
        text = f"<{kind} bytes={len(value)} truncated>"
    else:
        text = f"<{kind} truncated>"
    return {"truncated": True, "original_type": kind, "preview": text}


def _truncate_text(value: str, budget: int) -> str:
    suffix_size = _json_size(_TRUNCATION_SUFFIX)
    if suffix_size > budget:
        return ""
    # The longest prefix that still fits together with the suffix.
    low, high = 0, len(value)
    while low < high:
        middle = (low + high + 1) // 2
        if _json_size(value[:middle] + _TRUNCATION_SUFFIX) <= budget:
            low = middle
        else:
            high = middle - 1
    return value[:low] + _TRUNCATION_SUFFIX


def _shrink(value: Any, budget: int) -> Any:
    """Fit a JSON-safe value into ``budget`` bytes: cut strings, drop or shrink the largest parts."""
    size = _json_size(value)
    if size <= budget:
        return value
    if isinstance(value, str):
        return _truncate_text(value, budget)
    if isinstance(value, dict):
        result = dict(value)
        heap = [
            (-_json_size(child), index, key) for index, (key, child) in enumerate(value.items())
        ]
        heapq.heapify(heap)
        while result and size > budget:
            negative, index, key = heapq.heappop(heap)
            child, child_size = result[key], -negative
            smaller = _shrink(child, max(0, budget - (size - child_size)))
            if smaller == child:
                del result[key]
                # The entry, its colon, and a comma if entries remain.
                size -= _json_size(key) + 1 + child_size + (1 if result else 0)
            else:
                result[key] = smaller
                new_size = _json_size(smaller)
                size += new_size - child_size
                heapq.heappush(heap, (-new_size, index, key))
        return result
    if isinstance(value, list):
        items = list(value)
        list_heap = [(-_json_size(child), index) for index, child in enumerate(items)]
        heapq.heapify(list_heap)
        removed: set[int] = set()
        while list_heap and size > budget:
            negative, index = heapq.heappop(list_heap)
            child, child_size = items[index], -negative
            smaller = _shrink(child, max(0, budget - (size - child_size)))
            if smaller == child:
                removed.add(index)
                size -= child_size + (1 if list_heap else 0)
            else:
                items[index] = smaller
                new_size = _json_size(smaller)
                size += new_size - child_size
                heapq.heappush(list_heap, (-new_size, index))
        return [child for index, child in enumerate(items) if index not in removed]
    preview = _preview(value)
    return preview if _json_size(preview) <= budget else value


def _cap_field(value: Any) -> Any:
    if _json_size(value) <= _MAX_FIELD_BYTES:
        return value
    safe = _json_safe(value)
    if safe is _UNSERIALIZABLE:
        return _preview(value)
    return _shrink(safe, _MAX_FIELD_BYTES)


def _without_reasoning(value: Any) -> Any:
    """Generation input/output without reasoning items and assistant reasoning fields."""
    if not isinstance(value, Sequence) or isinstance(value, (str, bytes, bytearray)):
        return value

    def clean_message(item: Any) -> Any:
        if not isinstance(item, Mapping):
            return item
        message = dict(item)
        if message.get("role") == "assistant":
            for key in _REASONING_MESSAGE_KEYS:
                message.pop(key, None)
            content = message.get("content")
            if isinstance(content, list):
                message["content"] = [
                    part
                    for part in content
                    if not (
                        isinstance(part, dict)
                        and part.get("type") in ("thinking", "redacted_thinking")
                    )
                ]
        return message

    def clean(items: Sequence[Any]) -> list[Any]:
        return [
            clean_message(item)
            for item in items
            if not (isinstance(item, Mapping) and item.get("type") == "reasoning")
        ]

    result = []
    for item in clean(value):
        if (
            isinstance(item, Mapping)
            and item.get("object") == "response"
            and isinstance(item.get("output"), list)
        ):
            item = {**item, "output": clean(item["output"])}
        result.append(item)
    return result


def _generation_usage(usage: dict[str, Any]) -> dict[str, Any] | None:
    """Usage as the ingest API takes it: the two token counts, anything else under ``details``."""

    def is_count(value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return not isinstance(value, float) or math.isfinite(value)

    if not (is_count(usage.get("input_tokens")) and is_count(usage.get("output_tokens"))):
        return None
    details: dict[str, Any] = {}
    extra = usage.get("details")
    extras: list[tuple[Any, Any]] = list(extra.items()) if isinstance(extra, dict) else []
    extras += [
        (key, value)
        for key, value in usage.items()
        if key not in _USAGE_KEYS and key != "details" and value is not None
    ]
    for key, value in extras:
        text = _json_key(key)
        safe = _json_safe(value)
        if text is not None and safe is not _UNSERIALIZABLE:
            details[text] = safe
    reduced: dict[str, Any] = {key: usage[key] for key in _USAGE_KEYS}
    if details:
        reduced["details"] = details
    return reduced


def _sanitize_for_openai(item: dict[str, Any]) -> dict[str, Any]:
    """Apply the OpenAI ingest limits to one exported item; the span itself is not changed."""
    span_data = item.get("span_data")
    if not isinstance(span_data, dict):
        return item
    data = dict(span_data)
    is_generation = data.get("type") == "generation"
    for name in ("input", "output"):
        if name in data:
            value = _without_reasoning(data[name]) if is_generation else data[name]
            data[name] = _cap_field(value)
    if not is_generation:
        data.pop("usage", None)
    elif isinstance(data.get("usage"), dict):
        usage = _generation_usage(data["usage"])
        if usage is None:
            del data["usage"]
        else:
            data["usage"] = usage
    return {**item, "span_data": data}


class BackendSpanExporter(TracingExporter):
    """Posts traces and spans to the OpenAI traces ingest API (``POST /v1/traces/ingest``).

    Each item goes out with its trace's key (``RunConfig.tracing={"api_key": ...}``), else this
    exporter's key, else AGENTKIT_TRACING_API_KEY (or OPENAI_AGENTS_TRACING_API_KEY), else
    OPENAI_API_KEY. Items with no key at all are skipped without a request and with a single debug
    line per process. Failures are logged as non-fatal and never raised.

    Traces stay home when the model is not OpenAI's (a deliberate difference from upstream): when
    every model request of the process went to a non-OpenAI host (or, before the first one,
    ``OPENAI_BASE_URL`` points at one) and no tracing key was given explicitly (this exporter's
    ``api_key``, ``set_tracing_export_api_key``, the tracing environment variables above or a
    per-run key), nothing is sent to OpenAI's ingest endpoint; one info line says how to turn it on.

    Args:
        api_key: Export key; OPENAI_API_KEY when None.
        organization: ``OpenAI-Organization`` header; OPENAI_ORG_ID when None.
        project: ``OpenAI-Project`` header; OPENAI_PROJECT_ID when None.
        endpoint: Where to post. Payload limits of the OpenAI API are applied only for the default.
        max_retries: Attempts per request, in total.
        base_delay: First backoff, in seconds; doubled per attempt, with up to 10% jitter.
        max_delay: Backoff ceiling, also the cap on a server's Retry-After.
    """

    _no_key_noted = False
    _home_noted = False

    def __init__(
        self,
        api_key: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        endpoint: str = _DEFAULT_ENDPOINT,
        max_retries: int = 3,
        base_delay: float = 1.0,
        max_delay: float = 30.0,
    ) -> None:
        if max_retries < 1:
            raise ValueError(
                f"max_retries must be at least 1 (attempts in total), got {max_retries}"
            )
        if base_delay < 0 or max_delay < 0:
            raise ValueError("base_delay and max_delay must not be negative")
        self._api_key = api_key
        self._explicit_key = api_key is not None
        self._organization = organization
        self._project = project
        self.endpoint = endpoint
        self.max_retries = max_retries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._client: httpx.Client | None = None
        self._client_pid = os.getpid()
        self._client_lock = threading.Lock()
        self._closed = False

    def __repr__(self) -> str:
        return f"BackendSpanExporter(endpoint={self.endpoint!r})"

    def set_api_key(self, api_key: str, *, explicit: bool = True) -> None:
        """Use ``api_key`` for items whose trace has no key of its own.

        ``explicit=False`` marks a key that came along with a model client's settings
        (``set_default_openai_key`` / ``set_default_openai_client``): it does not by itself send
        traces of a program whose models are all elsewhere to OpenAI.
        """
        self._api_key = api_key
        self._explicit_key = explicit

    @property
    def api_key(self) -> str | None:
        """The exporter's key, else the tracing key variable, else OPENAI_API_KEY (looked up until
        found, then kept)."""
        key = self._api_key
        if not key:
            key = _env_tracing_key() or os.environ.get("OPENAI_API_KEY") or None
            if key:
                self._api_key = key
        return key

    @api_key.setter
    def api_key(self, api_key: str | None) -> None:
        self._api_key = api_key
        self._explicit_key = api_key is not None

    def _stays_home(self) -> bool:
        """True when traces must not go to OpenAI: see the class docstring."""
        if self.endpoint.rstrip("/") != _DEFAULT_ENDPOINT or self._explicit_key:
            return False
        if _env_tracing_key() is not None:
            return False
        elsewhere, hosts = _model_hosts_elsewhere()
        if elsewhere and not BackendSpanExporter._home_noted:
            BackendSpanExporter._home_noted = True
            logger.info(
                "Traces are not exported to OpenAI: the models of this program are served by %s, "
                "not OpenAI, and no tracing key was set. To export them anyway, call "
                "set_tracing_export_api_key(<OpenAI key>), set AGENTKIT_TRACING_API_KEY, or pass "
                "RunConfig(tracing={'api_key': ...}). Other trace processors still run.",
                ", ".join(hosts),
            )
        return elsewhere

    @property
    def organization(self) -> str | None:
        return self._organization or os.environ.get("OPENAI_ORG_ID") or None

    @property
    def project(self) -> str | None:
        return self._project or os.environ.get("OPENAI_PROJECT_ID") or None

    def _has_key_for(self, item: Trace | Span[Any]) -> bool:
        return bool(item.tracing_api_key or self.api_key)

    def _note_no_key(self) -> None:
        if not BackendSpanExporter._no_key_noted:
            BackendSpanExporter._no_key_noted = True
            logger.debug(
                "No OpenAI API key for trace export (none set for tracing, none in "
                "OPENAI_API_KEY): traces are not sent to OpenAI. Other trace processors still run."
            )

    def export(self, items: list[Trace | Span[Any]]) -> None:
        self._export(items, deadline=None)

    def close(self) -> None:
        """Close the HTTP client; later exports are skipped."""
        with self._client_lock:
            self._closed = True
            client, self._client = self._client, None
        if client is not None and self._client_pid == os.getpid():
            client.close()

    def _reset_after_fork(self) -> None:
        # The parent's connections must not be shared (or closed) by the child: drop them.
        self._client = None
        self._client_pid = os.getpid()
        self._client_lock = threading.Lock()

    def _get_client(self) -> httpx.Client | None:
        if self._client_pid != os.getpid():
            self._reset_after_fork()
        with self._client_lock:
            if self._closed:
                return None
            if self._client is None:
                import httpx

                self._client = httpx.Client(timeout=httpx.Timeout(60.0, connect=5.0))
            return self._client

    def _export(self, items: list[Trace | Span[Any]], deadline: float | None) -> None:
        groups: dict[str | None, list[Trace | Span[Any]]] = {}
        for item in items:
            groups.setdefault(item.tracing_api_key, []).append(item)
        for item_key, group in groups.items():
            api_key = item_key or self.api_key
            if not api_key:
                self._note_no_key()
                continue
            if not item_key and self._stays_home():
                continue
            data = [exported for item in group if (exported := self._payload_item(item))]
            if data:
                self._post({"data": data}, api_key, deadline)

    def _payload_item(self, item: Trace | Span[Any]) -> dict[str, Any] | None:
        exported = item.export()
        if not exported:
            return None
        if self.endpoint.rstrip("/") == _DEFAULT_ENDPOINT:
            exported = _sanitize_for_openai(exported)
        try:
            json.dumps(exported, ensure_ascii=False, allow_nan=False).encode("utf-8")
        except (TypeError, ValueError):
            logger.warning("[non-fatal] Tracing: sanitizing values that can't be sent as JSON.")
            safe = _json_safe(exported)
            text = json.dumps(safe, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8")
            exported = json.loads(text)
        return exported

    def _post(self, payload: dict[str, Any], api_key: str, deadline: float | None) -> bool:
        import httpx

        from .._http._client import parse_retry_after

        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        headers = {
            "Authorization": f"Bearer {api_key}",
            "Content-Type": "application/json",
            "OpenAI-Beta": "traces=v1",
        }
        if self.organization:
            headers["OpenAI-Organization"] = self.organization
        if self.project:
            headers["OpenAI-Project"] = self.project
        count = len(payload["data"])

        delay = self.base_delay
        for attempt in range(1, self.max_retries + 1):
            timeout = httpx.Timeout(60.0, connect=5.0)
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    logger.warning("[non-fatal] Tracing: export deadline passed; batch dropped.")
                    return False
                timeout = httpx.Timeout(remaining, connect=min(5.0, remaining))
            client = self._get_client()
            if client is None:
                logger.debug("Trace exporter is closed; %d items not sent", count)
                return False
            retry_after: float | None = None
            try:
                response = client.post(
                    self.endpoint, content=body.encode("utf-8"), headers=headers, timeout=timeout
                )
            except httpx.RequestError as exc:
                logger.warning(
                    "[non-fatal] Tracing: request failed (%s), attempt %d of %d",
                    type(exc).__name__,
                    attempt,
                    self.max_retries,
                )
            else:
                status = response.status_code
                if status < 300:
                    logger.debug("Exported %d trace items", count)
                    return True
                should_retry = response.headers.get("x-should-retry", "").strip().lower()
                if should_retry == "false" or (
                    400 <= status < 500 and status not in _RETRYABLE_CLIENT_STATUSES
                ):
                    text = response.text.replace(api_key, "<redacted>")[:2000]
                    logger.error("[non-fatal] Tracing: export failed with %d: %s", status, text)
                    return False
                retry_after = parse_retry_after(response.headers)
                logger.warning(
                    "[non-fatal] Tracing: export got %d, attempt %d of %d",
                    status,
                    attempt,
                    self.max_retries,
                )
            if attempt == self.max_retries:
                break
            pause = delay + random.uniform(0, 0.1 * delay)
            if retry_after is not None and math.isfinite(retry_after):
                pause = min(max(pause, retry_after), self.max_delay)
            if deadline is not None and time.monotonic() + pause >= deadline:
                logger.warning("[non-fatal] Tracing: export deadline passed; batch dropped.")
                return False
            time.sleep(pause)
            delay = min(delay * 2, self.max_delay)
        logger.error("[non-fatal] Tracing: giving up on a batch of %d items after retries", count)
        return False


# Processors with a running worker; reset in a forked child (whose copies of the parent's threads
# do not exist and whose locks may be held forever).
_live_processors: weakref.WeakSet[BatchTraceProcessor] = weakref.WeakSet()
_fork_hook_registered = False
_fork_hook_lock = threading.Lock()


def _after_fork_in_child() -> None:
    global _fork_hook_lock
    _fork_hook_lock = threading.Lock()
    for processor in list(_live_processors):
        processor._reset_after_fork()


class BatchTraceProcessor(TracingProcessor):
    """Queues finished spans and started traces, and exports them in batches from a worker thread.

    The worker starts with the first queued item, never at import or construction. It exports
    every ``schedule_delay`` seconds, or as soon as the queue reaches ``export_trigger_ratio`` of
    ``max_queue_size``, in batches of at most ``max_batch_size``. A full queue drops new items
    (with a rate-limited warning). ``force_flush`` exports everything queued before returning;
    ``shutdown`` exports what is left, stops the worker and closes the exporter, once; interpreter
    exit does the same. A forked child process starts with an empty queue and its own worker.
    """

    def __init__(
        self,
        exporter: TracingExporter,
        max_queue_size: int = 8192,
        max_batch_size: int = 128,
        schedule_delay: float = 5.0,
        export_trigger_ratio: float = 0.7,
    ) -> None:
        if max_queue_size < 1 or max_batch_size < 1:
            raise ValueError("max_queue_size and max_batch_size must be at least 1")
        if schedule_delay <= 0:
            raise ValueError(f"schedule_delay must be positive, got {schedule_delay}")
        if not 0 < export_trigger_ratio <= 1:
            raise ValueError(f"export_trigger_ratio must be in (0, 1], got {export_trigger_ratio}")
        self._exporter = exporter
        self._max_queue_size = max_queue_size
        self._max_batch_size = max_batch_size
        self._schedule_delay = schedule_delay
        self._export_trigger_size = max(1, int(max_queue_size * export_trigger_ratio))
        self._shutdown_requested = False
        self._shutdown_deadline: float | None = None
        self._exit_handler_registered = False
        self._init_runtime_state()

    def _init_runtime_state(self) -> None:
        self._queue: deque[Trace | Span[Any]] = deque()
        self._condition = threading.Condition(threading.Lock())
        self._export_lock = threading.Lock()
        self._thread_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._dropped_since_warning = 0
        self._last_drop_warning: float | None = None

    def _reset_after_fork(self) -> None:
        # Runs in the child right after fork, while it has a single thread.
        self._init_runtime_state()
        reset = getattr(self._exporter, "_reset_after_fork", None)
        if callable(reset):
            reset()

    def on_trace_start(self, trace: Trace) -> None:
        self._enqueue(trace)

    def on_trace_end(self, trace: Trace) -> None:
        # Traces are exported when they start; nothing is added when they end.
        pass

    def on_span_start(self, span: Span[Any]) -> None:
        # Spans are exported once finished.
        pass

    def on_span_end(self, span: Span[Any]) -> None:
        self._enqueue(span)

    def _enqueue(self, item: Trace | Span[Any]) -> None:
        if self._shutdown_requested:
            return
        exporter = self._exporter
        if isinstance(exporter, BackendSpanExporter) and not exporter._has_key_for(item):
            # Nothing could be sent: skip the queue (and the worker thread) entirely.
            exporter._note_no_key()
            return
        with self._condition:
            full = len(self._queue) >= self._max_queue_size
            if full:
                warning = self._count_drop()
            else:
                self._queue.append(item)
                if len(self._queue) >= self._export_trigger_size:
                    self._condition.notify()
        if not full:
            self._ensure_thread_started()
        elif warning is not None:
            logger.warning(
                "Tracing queue is full (max_queue_size=%d); dropped %d trace item(s)%s. "
                "Raise max_queue_size or export more often.",
                self._max_queue_size,
                *warning,
            )

    def _count_drop(self) -> tuple[int, str] | None:
        """Count a dropped item; the warning to log (at most one a minute), else None."""
        # Called with the condition held.
        self._dropped_since_warning += 1
        now = time.monotonic()
        last = self._last_drop_warning
        if last is not None and now - last < _DROP_WARNING_INTERVAL:
            return None
        dropped, self._dropped_since_warning = self._dropped_since_warning, 0
        self._last_drop_warning = now
        return dropped, "" if last is None else f" in the last {now - last:.0f}s"

    def _ensure_thread_started(self) -> None:
        thread = self._thread
        if thread is not None and thread.is_alive():
            return
        with self._thread_lock:
            if self._shutdown_requested:
                return
            if self._thread is not None and self._thread.is_alive():
                return
            self._register_process_hooks()
            self._thread = threading.Thread(
                target=self._run, name="agentkit-trace-export", daemon=True
            )
            self._thread.start()

    def _register_process_hooks(self) -> None:
        global _fork_hook_registered
        _live_processors.add(self)
        with _fork_hook_lock:
            if not _fork_hook_registered and hasattr(os, "register_at_fork"):
                os.register_at_fork(after_in_child=_after_fork_in_child)
                _fork_hook_registered = True
        if not self._exit_handler_registered:
            atexit.register(self._shutdown_at_exit)
            self._exit_handler_registered = True

    def _shutdown_at_exit(self) -> None:
        self.shutdown(timeout=_EXIT_SHUTDOWN_TIMEOUT)

    def _run(self) -> None:
        next_export = time.monotonic() + self._schedule_delay
        while True:
            with self._condition:
                while not self._shutdown_requested and len(self._queue) < self._export_trigger_size:
                    remaining = next_export - time.monotonic()
                    if remaining <= 0:
                        break
                    self._condition.wait(remaining)
                stopping = self._shutdown_requested
            if stopping:
                break
            self._export_batches(deadline=None)
            next_export = time.monotonic() + self._schedule_delay
        self._export_batches(deadline=self._shutdown_deadline)
        self._close_exporter()

    def _export_batches(self, deadline: float | None) -> bool:
        """Export until the queue is empty (True) or ``deadline`` passes (False)."""
        wait = -1.0 if deadline is None else max(0.0, deadline - time.monotonic())
        if not self._export_lock.acquire(timeout=wait):
            return False
        try:
            while True:
                if deadline is not None and time.monotonic() >= deadline:
                    with self._condition:
                        return not self._queue
                with self._condition:
                    count = min(len(self._queue), self._max_batch_size)
                    batch = [self._queue.popleft() for _ in range(count)]
                if not batch:
                    return True
                try:
                    self._export_one(batch, deadline)
                except Exception as exc:
                    logger.error(
                        "[non-fatal] Tracing exporter %s failed; dropped a batch of %d items",
                        type(self._exporter).__name__,
                        len(batch),
                        exc_info=(type(exc), exc, exc.__traceback__),
                    )
                if deadline is not None and time.monotonic() >= deadline:
                    # The batch may have been cut short by the deadline: not finished.
                    return False
        finally:
            self._export_lock.release()

    def _export_one(self, batch: list[Trace | Span[Any]], deadline: float | None) -> None:
        exporter = self._exporter
        # The deadline-aware path only when export() is not overridden by a subclass.
        if (
            deadline is not None
            and isinstance(exporter, BackendSpanExporter)
            and type(exporter).export is BackendSpanExporter.export
        ):
            exporter._export(batch, deadline)
        else:
            exporter.export(batch)

    def _close_exporter(self) -> None:
        close = getattr(self._exporter, "close", None)
        if callable(close):
            try:
                close()
            except Exception as exc:
                logger.debug("Closing trace exporter failed: %r", exc)

    def force_flush(self, timeout: float | None = None) -> bool:  # type: ignore[override]
        """Export everything queued; True if done, False if ``timeout`` seconds passed first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        return self._export_batches(deadline)

    def shutdown(self, timeout: float | None = None) -> None:
        """Export what is queued (within ``timeout`` seconds), stop the worker, close the exporter.

        Idempotent; the worker is never started again afterwards.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._thread_lock, self._condition:
            if self._shutdown_requested:
                return
            self._shutdown_requested = True
            self._shutdown_deadline = deadline
            self._condition.notify_all()
            thread = self._thread
        if thread is not None and thread.is_alive():
            thread.join(timeout)
            if thread.is_alive():
                logger.warning(
                    "[non-fatal] Tracing: shutdown timed out; items still queued are dropped."
                )
            return
        self._export_batches(deadline)
        self._close_exporter()


# The default exporter and processor are created on first use, not at import.
_global_exporter: BackendSpanExporter | None = None
_global_processor: BatchTraceProcessor | None = None
_global_lock = threading.Lock()


def default_exporter() -> BackendSpanExporter:
    """The process-wide exporter to the OpenAI traces API."""
    global _global_exporter
    with _global_lock:
        if _global_exporter is None:
            _global_exporter = BackendSpanExporter()
        return _global_exporter


def default_processor() -> BatchTraceProcessor:
    """The process-wide batch processor feeding ``default_exporter()``."""
    global _global_processor
    exporter = default_exporter()
    with _global_lock:
        if _global_processor is None:
            _global_processor = BatchTraceProcessor(exporter)
        return _global_processor
