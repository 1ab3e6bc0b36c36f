"""A small threaded socket server on 127.0.0.1 that answers with scripted bytes, well-formed or not.

Unlike ``http.server`` it can misbehave at the byte level: drip an answer one byte at a time, send
a broken status line, endless headers or a body that never ends, cut the connection mid-body, or
reset it. Each route is the last segment of the request path (an ODS code) and maps to a script, a
list of steps run in order:

``b"..."``                 send these bytes at once
``("drip", data, every)``  send ``data`` one byte at a time, ``every`` seconds apart
``("sleep", seconds)``     wait (ends early when the server stops)
``("stream", piece)``      send ``piece`` again and again until the client hangs up
``("reset",)``             close with a TCP reset instead of a clean close

After the script the connection is closed. ``hits`` lists the paths asked for. With ``greeting``
the server sends those bytes as soon as a client connects, without reading a request (as a plain
HTTP server answers a TLS handshake it cannot parse), then closes.
"""

from __future__ import annotations

import socket
import ssl
import struct
import threading

__all__ = ["Replay", "answer", "chunked"]


def answer(body: bytes = b"", status: str = "200 OK", headers: dict | None = None, length: bool = True) -> bytes:
    """A well-formed HTTP/1.1 response (``length=False``: no Content-Length, the body ends at close)."""
    lines = [f"HTTP/1.1 {status}", "Content-Type: application/json", "Connection: close"]
    if length:
        lines.append(f"Content-Length: {len(body)}")
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def chunked(*pieces: bytes, end: bool = True) -> bytes:
    """A 200 response whose body is sent in these chunks (``end=False``: no final zero-size chunk)."""
    head = answer(headers={"Transfer-Encoding": "chunked"}, length=False)
    body = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces)
    return head + body + (b"0\r\n\r\n" if end else b"")


class Replay:
    """``with Replay() as server:`` then ``server.routes[code] = [steps]`` and ask ``server.base``."""

    def __init__(self, tls: ssl.SSLContext | None = None, greeting: bytes | None = None):
        self.routes: dict[str, list] = {}
        self.hits: list[str] = []
        self._tls, self._greeting = tls, greeting
        self._stop = threading.Event()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        scheme = "https" if tls else "http"
        self.base = f"{scheme}://127.0.0.1:{self.port}/ORD/2-0-0/organisations/"
        self._thread = threading.Thread(target=self._serve, name="ods-replay", daemon=True)

    def __enter__(self) -> "Replay":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._handle, args=(conn,), name="ods-replay-conn", daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            if self._greeting is not None:
                conn.sendall(self._greeting)
                return
            if self._tls:
                conn = self._tls.wrap_socket(conn, server_side=True)
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 65536:
                part = conn.recv(4096)
                if not part:
                    return
                request += part
            path = request.split(b" ", 2)[1].decode("latin-1") if request.count(b" ") >= 2 else ""
            self.hits.append(path)
            script = self.routes.get(path.rstrip("/").rsplit("/", 1)[-1], [answer(b"{}", "404 Not Found")])
            for step in script:
                if self._run(conn, step) is False:
                    return
        except (OSError, ValueError):  # the client hung up, timed out or refused our certificate
            pass
        finally:
            conn.close()

    def _run(self, conn: socket.socket, step) -> bool:
        """One step of a script; False once the connection is finished with."""
        if isinstance(step, bytes):
            conn.sendall(step)
        elif step[0] == "drip":
            for i in range(len(step[1])):
                conn.sendall(step[1][i:i + 1])
                if self._stop.wait(step[2]):
                    return False
        elif step[0] == "sleep":
            self._stop.wait(step[1])
        elif step[0] == "stream":
            while not self._stop.is_set():
                conn.sendall(step[1])  # raises once the client has closed
        elif step[0] == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False
        else:
            raise ValueError(f"unknown replay step {step!r}")
        return True
