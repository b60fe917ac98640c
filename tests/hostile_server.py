"""Hostile HTTP servers on 127.0.0.1 for the hardening tests: one that redirects, one that records
who called it (and with which headers), one that drips its reply a byte at a time.

All are real sockets; each runs in daemon threads and stops (bounded) when its context ends.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: handler(method, path, headers) → (status, headers, body); a ``__reason__`` header is sent as the
#: status line's reason phrase instead.
Answer = Callable[[str, str, dict[str, str]], tuple[int, dict[str, str], bytes]]


class Server:
    """Answers every request with ``answer``; records (method, path, lower-cased headers)."""

    def __init__(self, answer: Answer):
        self.answer = answer
        self.seen: list[tuple[str, str, dict[str, str]]] = []
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.seen.append((self.command, self.path, headers))
                status, extra, body = server.answer(self.command, self.path, headers)
                extra = dict(extra)
                reason = extra.pop("__reason__", None)  # a custom reason phrase on the status line
                try:
                    self.send_response(status, reason)
                    for k, v in extra.items():
                        self.send_header(k, v)
                    if "Content-Length" not in extra:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = _any

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def origin(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Server:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()


class DripServer:
    """Accepts any request and answers 200 with a long Content-Length, then one byte every
    ``every_s`` seconds (for at most ``for_s`` seconds), so no single read ever times out."""

    def __init__(self, every_s: float = 1.0, for_s: float = 60.0, in_headers: bool = False):
        self.every_s, self.for_s, self.in_headers = every_s, for_s, in_headers
        self.requests = 0
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                server.requests += 1
                try:
                    if server.in_headers:
                        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                    else:
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", "100000")
                        self.end_headers()
                    self.wfile.flush()
                    waited = 0.0
                    while waited < server.for_s and not server.stop.wait(server.every_s):
                        waited += server.every_s
                        self.wfile.write(b"X-Drip: 1\r\n" if server.in_headers else b" ")
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass

            do_GET = do_POST = _any

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> DripServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
