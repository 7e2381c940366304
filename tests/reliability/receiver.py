"""A credit platform stand-in on 127.0.0.1: records what it accepted, misbehaves on request.
Run in a thread (`Platform.start`) or as its own process (`python -m tests.reliability.receiver`)."""

import argparse
import json
import random
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else delayed ACKs cost 40 ms an answer

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        if len(body) < length:   # the sender died mid-body: nothing was delivered
            self.close_connection = True
            return
        action, payload = self.server.decide(body)
        if action == "hang":
            time.sleep(self.server.hang)
            self.close_connection = True
            return
        if action == "drop":   # processed, but the answer is lost: the pusher must resend
            self.server.record(body, self.headers)
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        if action == "ok":
            self.server.record(body, self.headers)
            time.sleep(self.server.delay)
        self._answer(payload["status"], payload.get("body", {}), payload.get("headers", {}))

    def _answer(self, status: int, body: dict, headers: dict):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class Platform(ThreadingHTTPServer):
    """Answers 2xx and records the body, unless told to be flaky, to reject or to refuse."""

    daemon_threads = True

    def __init__(self, *, log: Path | None = None, flaky: bool = False, seed: int = 0,
                 hang: float = 1.0, delay: float = 0.0, reject: tuple = (),
                 fixed: Path | None = None, status: int | None = None):
        super().__init__(("127.0.0.1", 0), Handler)
        self.log, self.flaky, self.rng = log, flaky, random.Random(seed)
        self.hang, self.delay, self.reject, self.fixed = hang, delay, set(reject), fixed
        self.status = status
        self.records: list[dict] = []
        self.requests = 0
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/changes"

    def decide(self, body: bytes) -> tuple[str, dict]:
        with self.lock:
            self.requests += 1
            roll = self.rng.random()
        if self.status:
            return "refuse", {"status": self.status, "body": {"detail": "not allowed"}}
        if self.flaky and roll < 1 / 3:
            return "fail", {"status": 503, "headers": {"Retry-After": "0"}}
        if self.flaky and roll < 1 / 3 + 1 / 10:
            return "hang", {}
        if self.flaky and roll < 1 / 3 + 1 / 10 + 1 / 15:
            return "drop", {}
        bad = self._rejected(body)
        if bad:
            return "reject", {"status": 422, "body": {"detail": f"record {bad} is invalid"}}
        return "ok", {"status": 200, "body": {"accepted": True}}

    def _rejected(self, body: bytes) -> str | None:
        if not self.reject or (self.fixed and self.fixed.exists()):
            return None
        ids = {c["event_id"] for c in json.loads(body)["changes"]}
        return next(iter(ids & self.reject), None)

    def record(self, body: bytes, headers) -> None:
        entry = {"body": body.decode(), "signature": headers.get("X-Signature"),
                 "authorization": headers.get("Authorization")}
        with self.lock:
            self.records.append(entry)
            if self.log:
                with self.log.open("a", encoding="utf-8") as f:
                    f.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def start(self) -> "Platform":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", type=Path, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--flaky", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hang", type=float, default=1.0)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--fixed", type=Path)
    parser.add_argument("--lifetime", type=float, default=120, help="stop by itself after this")
    args = parser.parse_args()
    platform = Platform(log=args.log, flaky=args.flaky, seed=args.seed, hang=args.hang,
                        delay=args.delay, reject=tuple(args.reject), fixed=args.fixed)
    threading.Timer(args.lifetime, platform.shutdown).start()
    args.port_file.write_text(str(platform.server_address[1]))
    platform.serve_forever()


if __name__ == "__main__":
    main()
