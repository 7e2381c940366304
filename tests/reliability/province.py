"""A source stand-in on 127.0.0.1: a province serving N `listed` changes as another
deployment serves GET /api/v1/changes, each page's bytes signed (detached ES256) with the
province's own key (bench_pull's fake source), each page after a delay. Run as its own
process: `python -m tests.reliability.province --home DIR --changes N --port-file F`; it
writes its JWKS beside the port file (F.jwks)."""

import argparse
import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from bench.bench_pull import Province, changes, instance


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_GET(self):
        query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        time.sleep(self.server.delay)
        answer = self.server.province.get(self.path, {"after": query.get("after", 0),
                                                      "limit": query.get("limit", 500)},
                                          {}, None)
        self.send_response(answer.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(answer.body)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--changes", type=int, default=2000)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each page")
    parser.add_argument("--port-file", type=Path, required=True)
    parser.add_argument("--lifetime", type=float, default=300.0)
    args = parser.parse_args()
    runtime = instance(args.home, None)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.province = Province(runtime.keys, changes(runtime.reference, args.changes,
                                                     runtime.clock.today()))
    server.delay = args.delay
    args.port_file.with_suffix(".jwks").write_text(json.dumps(runtime.keys.jwks()))
    args.port_file.write_text(str(server.server_address[1]))
    server.timeout = 0.5
    give_up = time.monotonic() + args.lifetime
    while time.monotonic() < give_up:
        server.handle_request()


if __name__ == "__main__":
    main()
