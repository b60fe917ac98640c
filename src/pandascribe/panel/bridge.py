"""The kernel side of the panel ↔ JupyterLab-extension conversation (a Jupyter comm).

Why a comm: ``set_next_input`` does nothing useful from a widget callback, so inserting a cell needs
frontend code — our prebuilt extension (``js/``). The panel opens a comm on :data:`COMM_TARGET`;
an installed extension answers ``hello`` at once (the handshake), and then serves ``insert``
(the code as a cell below the panel's own cell, found by the panel's widget model id) and
``copy`` (the system clipboard).

An ``insert`` carries a tie (:mod:`pandascribe.ties`; one generated cell per panel cell and request):
inserting the same request again leaves its cell alone when the code is the same, replaces it in
place when the code changed, and never overwrites a cell edited by hand (a fresh cell goes above
it). The answer says which happened (``action``).

Where no extension listens (VS Code, Colab, a Lab without it) the frontend closes the comm or stays
silent; the panel then says so and Insert falls back to Copy.

Messages, kernel → frontend: ``{type: insert|copy, id, code, model_id[, tie]}``; frontend → kernel:
``{type: hello, protocol, frontend, version}``,
``{type: inserted, id, index, action: inserted|unchanged|updated|inserted-above-edited|adopted}``,
``{type: copied, id, ok}``, ``{type: error, id, message}``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Comm target registered by the extension (``js/src/index.ts``).
COMM_TARGET = "pandascribe.lab"
#: Protocol version; the extension sends it in ``hello``.
PROTOCOL = 1


@dataclass(frozen=True)
class Reply:
    """The frontend's answer to one request."""

    ok: bool
    kind: str  # inserted | copied | error | closed
    index: int | None = None
    message: str = ""
    action: str = ""  # for ``inserted``: what happened to the request's cell


ReplyHandler = Callable[[Reply], None]
CommFactory = Callable[..., Any]


def _default_comm_factory(**kwargs: Any) -> Any:
    from comm import create_comm

    return create_comm(**kwargs)


class FrontendBridge:
    """One panel's comm. ``state`` is ``waiting`` (no answer yet), ``connected`` or ``absent``;
    ``on_state`` is called whenever it changes."""

    def __init__(
        self,
        model_id: str,
        *,
        on_state: Callable[[FrontendBridge], None] | None = None,
        comm_factory: CommFactory | None = None,
    ) -> None:
        self.model_id = model_id
        self.state = "waiting"
        self.frontend = ""
        self.frontend_version = ""
        self._on_state = on_state
        self._pending: dict[int, ReplyHandler] = {}
        self._ids = itertools.count(1)
        self._handlers: dict[str, Callable[[dict[str, Any]], None]] = {
            "hello": self._hello,
            "inserted": self._answer,
            "copied": self._answer,
            "error": self._answer,
        }
        factory = comm_factory or _default_comm_factory
        self._comm = factory(target_name=COMM_TARGET, data={"protocol": PROTOCOL, "model_id": model_id})
        self._comm.on_msg(self._receive)
        self._comm.on_close(self._closed)

    @property
    def connected(self) -> bool:
        return self.state == "connected"

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            if self._on_state is not None:
                self._on_state(self)

    # -- requests ------------------------------------------------------------------------------
    def _request(self, kind: str, code: str, done: ReplyHandler, **extra: Any) -> None:
        if not self.connected:
            done(
                Reply(
                    ok=False, kind="closed", message="the pandascribe JupyterLab extension is not connected"
                )
            )
            return
        rid = next(self._ids)
        self._pending[rid] = done
        self._comm.send({"type": kind, "id": rid, "code": code, "model_id": self.model_id, **extra})

    def insert(self, code: str, done: ReplyHandler, tie: dict[str, Any] | None = None) -> None:
        """Ask the frontend for ``code`` as a cell below the panel; with ``tie``, the request's
        cell is kept, updated in place or (edited by hand) left alone with a new one above it."""
        if tie is None:
            self._request("insert", code, done)
        else:
            self._request("insert", code, done, tie=tie)

    def copy(self, code: str, done: ReplyHandler) -> None:
        """Ask the frontend to put ``code`` on the system clipboard."""
        self._request("copy", code, done)

    def close(self) -> None:
        self._comm.close()

    # -- answers -------------------------------------------------------------------------------
    def _receive(self, msg: dict[str, Any]) -> None:
        data = msg.get("content", {}).get("data") or {}
        handler = self._handlers.get(str(data.get("type")))
        if handler is not None:
            handler(data)

    def _hello(self, data: dict[str, Any]) -> None:
        self.frontend = str(data.get("frontend") or "JupyterLab")
        self.frontend_version = str(data.get("version") or "")
        self._set_state("connected")

    def _answer(self, data: dict[str, Any]) -> None:
        done = self._pending.pop(data.get("id"), None)  # type: ignore[arg-type]
        if done is None:
            return
        kind = str(data["type"])
        index = data.get("index")
        ok = kind == "inserted" or (kind == "copied" and bool(data.get("ok")))
        message = str(
            data.get("message") or ("the browser refused clipboard access" if kind == "copied" else "")
        )
        action = str(data.get("action") or ("inserted" if kind == "inserted" else ""))
        done(
            Reply(
                ok=ok,
                kind=kind,
                index=int(index) if isinstance(index, int) else None,
                message=message,
                action=action,
            )
        )

    def _closed(self, msg: dict[str, Any]) -> None:
        pending, self._pending = self._pending, {}
        self._set_state("absent")
        for done in pending.values():
            done(Reply(ok=False, kind="closed", message="the frontend closed the connection"))
