"""schemathesis against the live server, with every check and every phase, for each role and
without a token: the service and its OpenAPI document must not differ anywhere.

Bounded for CI (CONTRACT_MAX_EXAMPLES examples per operation and phase, default 15); README.md
("Contract testing") gives the longer run.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ST = str(Path(sys.executable).parent / "st")
# Each caller as API.md knows them: a department, the trading center, a platform, operators.
CALLERS = {"filer": ("sz-housing", "filer"), "screener": ("sz-trading-center", "screener"),
           "feed": ("sz-credit", "feed"), "admin": ("sz-ops", "admin")}


# Where the generator puts a seeded value instead of a made one, and how often.
AIMED = {"path.listing_id": ("listing_ids", 0.6), "path.penalty_id": ("penalty_ids", 0.6),
         "path.screening_id": ("screening_ids", 0.6), "path.name": ("feed_names", 0.6),
         "query.uscc": ("usccs", 0.4), "query.id_number": ("id_numbers", 0.4)}


def _config(seeded, folder: Path) -> Path:
    """The checked-in configuration, with the seeded records as dictionaries to draw from."""
    lines = [(HERE / "schemathesis.toml").read_text(encoding="utf-8"), ""]
    for name, values in vars(seeded).items():
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}", ""]
    lines.append("[parameters]")
    lines += [f'"{key}" = {{ dictionary = "{name}", probability = {share} }}'
              for key, (name, share) in AIMED.items()]
    path = folder / "schemathesis.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


EXAMPLES = int(os.environ.get("CONTRACT_MAX_EXAMPLES", "15"))


def _command(config: Path, base: str, header: dict) -> list[str]:
    command = [ST, "--config-file", str(config), "run",
               f"{base}/api/v1/openapi.json", "--checks", "all", "--max-examples", str(EXAMPLES),
               # One worker: in threads, CPython 3.11's ast.parse (which hypothesis calls to
               # describe a filter) can fail with "AST constructor recursion depth mismatch".
               "--workers", "1", "--request-timeout", "30", "--no-color"]
    if "CONTRACT_SEED" in os.environ:
        command += ["--seed", os.environ["CONTRACT_SEED"]]
    if os.environ.get("CONTRACT_MAX_TIME"):
        command += ["--max-time", os.environ["CONTRACT_MAX_TIME"]]
    for name, value in header.items():
        command += ["--header", f"{name}: {value}"]
    return command


def _environment() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.mark.parametrize("caller", [*CALLERS, "anonymous"])
def test_the_service_behaves_as_its_document_says(caller, live_server, seeded, token, tmp_path):
    header = token(*CALLERS[caller]) if caller in CALLERS else {}
    command = _command(_config(seeded, tmp_path), live_server, header)
    run = subprocess.run(command, check=False, cwd=tmp_path, env=_environment(),
                         capture_output=True, text=True, timeout=120 + 20 * EXAMPLES)
    (tmp_path / "report.txt").write_text(run.stdout + run.stderr)
    if os.environ.get("CONTRACT_DUMP"):  # a folder to keep every role's whole report in
        Path(os.environ["CONTRACT_DUMP"], f"{caller}.txt").write_text(run.stdout + run.stderr)
    report = run.stdout[-20_000:] + run.stderr[-5_000:]
    assert run.returncode == 0, f"schemathesis found differences for {caller}:\n{report}"
