"""What `blacklist serve` refuses before the app sees a request is problem+json too."""

import socket

import pytest
import requests

from tests.reliability.conftest import serving


@pytest.fixture
def served(service_env):
    with serving(service_env) as base:
        yield base


def test_a_url_of_five_thousand_characters_is_a_problem_not_an_html_page(served):
    answer = requests.get(f"{served}/api/v1/public/listings?q={'x' * 5000}", timeout=10)
    assert answer.status_code == 414
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert answer.json()["status"] == 414 and answer.json()["type"].startswith("/problems/")


def test_a_header_beyond_the_limit_is_a_problem_not_an_html_page(served):
    answer = requests.get(f"{served}/api/v1/public/listings",
                          headers={"X-Filler": "y" * 9000}, timeout=10)
    assert answer.status_code in (400, 431)
    assert answer.headers["Content-Type"] == "application/problem+json"


def test_a_malformed_request_line_is_a_problem(served):
    host, port = served.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n")
        reply = sock.recv(4096).decode("latin-1")
    assert reply.startswith("HTTP/1.1 400") and "application/problem+json" in reply
