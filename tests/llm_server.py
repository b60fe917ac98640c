"""A real, scripted OpenAI-compatible HTTP server on 127.0.0.1 for the model-backend tests.

It speaks ``POST /v1/chat/completions`` and ``GET /v1/models`` over a real socket, so the real
``openai`` client (and its HTTP stack) is exercised end to end. Each test scripts the replies in
order (:meth:`LLMServer.script`); every request received is recorded (:attr:`LLMServer.requests`)
so tests can assert exactly what left the machine.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer: status, JSON body (or raw bytes), headers, and a delay before it."""

    status: int = 200
    body: Any = None
    raw: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    #: Only answer a request for which this returns True; otherwise reply 400 (format probing).
    accepts: Callable[[dict[str, Any]], bool] | None = None


@dataclass
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def completion(
    content: str | None,
    *,
    prompt_tokens: int = 120,
    completion_tokens: int = 30,
    model: str = "test-model",
    usage: bool = True,
) -> Reply:
    """A 200 chat completion whose assistant message is ``content``."""
    body: dict[str, Any] = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
    }
    if usage:
        body["usage"] = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }
    return Reply(body=body)


def error(status: int, message: str = "scripted failure", headers: dict[str, str] | None = None) -> Reply:
    """An OpenAI-style error reply."""
    return Reply(
        status=status, body={"error": {"message": message, "type": "server_error"}}, headers=headers or {}
    )


def hang(seconds: float) -> Reply:
    """Accept the request, then say nothing for ``seconds`` (longer than the client's timeout)."""
    return Reply(status=200, body={}, delay_s=seconds)


class LLMServer:
    """The server; use as a context manager. ``base_url`` ends in ``/v1``."""

    def __init__(self, models: tuple[str, ...] = ("test-model",)):
        self.models = models
        self.requests: list[Received] = []
        self._script: list[Reply] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: Reply) -> None:
        """Queue replies for the next chat completions, in order. When the queue runs out the
        server answers 599 so a test never silently gets a reply it did not script."""
        with self._lock:
            self._script.extend(replies)

    @property
    def completions(self) -> list[Received]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _next(self) -> Reply:
        with self._lock:
            return self._script.pop(0) if self._script else error(599, "no scripted reply left")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _send(self, reply: Reply) -> None:
                if reply.delay_s:
                    server._stop.wait(reply.delay_s)
                data = reply.raw if reply.raw is not None else json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    pass

            def _record(self, body: bytes) -> Received:
                rec = Received(
                    self.command,
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                    time.monotonic(),
                )
                with server._lock:
                    server.requests.append(rec)
                return rec

            def do_GET(self) -> None:
                self._record(b"")
                if self.path.rstrip("/").endswith("/models"):
                    data = [
                        {"id": m, "object": "model", "created": 0, "owned_by": "test"} for m in server.models
                    ]
                    self._send(Reply(body={"object": "list", "data": data}))
                else:
                    self._send(error(404, "not found"))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                rec = self._record(self.rfile.read(length))
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(error(404, "not found"))
                    return
                reply = server._next()
                if reply.accepts is not None and not reply.accepts(rec.json):
                    with server._lock:
                        server._script.insert(0, reply)
                    self._send(error(400, "response_format not supported"))
                    return
                self._send(reply)

        return Handler

    def __enter__(self) -> LLMServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()


def closed_port_url() -> str:
    """A loopback URL on which nothing listens (the port was just bound and released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def serve() -> Iterator[LLMServer]:
    """For fixtures: ``yield from serve()``."""
    with LLMServer() as srv:
        yield srv
