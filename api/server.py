"""The production server: gunicorn with the app loaded in the master before workers fork."""

import json

from gunicorn import util
from gunicorn.app.base import BaseApplication

from api.errors import HTTP_SLUGS
from blacklist.infra.config import Settings, use_metrics_folder


def write_problem(sock, status: int, reason: str, message: str) -> None:
    """gunicorn's own refusals, before the app sees the request (a request line or a header
    too long, a malformed request line), as problem+json like every other refusal."""
    body = json.dumps({"type": f"/problems/{HTTP_SLUGS.get(status, 'malformed-request')}",
                       "title": reason, "status": status,
                       "detail": message or reason}).encode()
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/problem+json\r\nContent-Length: {len(body)}\r\n"
            "X-Content-Type-Options: nosniff\r\n\r\n")
    util.write_nonblock(sock, head.encode("latin-1") + body)


class Server(BaseApplication):
    def __init__(self, settings: Settings, options: dict):
        self.settings, self.options = settings, options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)
        # gunicorn writes its refusals through this one function, at call time.
        util.write_error = write_problem

    def load(self):
        from api import create_app

        return create_app(self.settings)


def run(*, host: str, port: int, workers: int, threads: int) -> None:
    """Serve until stopped; threads let a long export stream without tying up a worker.
    Prometheus' multiprocess mode is chosen first: it must be before anything counts."""
    from jobs.hooks import server_options

    settings = use_metrics_folder(Settings.from_env())
    Server(settings, {"bind": f"{host}:{port}", "workers": workers, "threads": threads,
                      "worker_class": "gthread", "preload_app": True, "timeout": 60,
                      "accesslog": "-", **server_options(settings)}).run()
