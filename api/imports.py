"""`blacklist import`: the command line in front of blacklist.joint.imports. It checks each
row with the API's own filing schema (ListingIn), so a row is refused exactly as
`POST /api/v1/listings` would refuse its body, and writes refused rows to PATH.rejected."""

import json
import sys
from pathlib import Path

from flask import Flask
from marshmallow import ValidationError

from api.errors import flatten
from api.schemas.fastload import fast_loader
from api.schemas.filing import ListingIn
from blacklist.errors import InvalidInput
from blacklist.joint import imports, rows


def schema_loader(schema=None):
    """A body loaded as the API loads a listing body; refusals name the dotted field. The
    schema's own fields check each row (fast_loader), the schema itself words a refusal."""
    fast = fast_loader(schema or ListingIn())

    def load(body: dict) -> dict:
        try:
            return fast(body)
        except ValidationError as exc:
            raise InvalidInput(flatten(exc.messages)) from None
    return load


def guess_format(path: Path, given: str | None) -> str:
    """The format given, else by the file's ending (.csv is CSV, anything else JSON Lines)."""
    return given or ("csv" if path.suffix.lower() == ".csv" else "jsonl")


def run(runtime, path: Path, defaults: imports.Defaults, *, fmt: str | None = None,
        encoding: str | None = None, bar: bool | None = None,
        batch: int | None = None) -> imports.Summary:
    """Import the file, `batch` rows a transaction (imports.BATCH unless told); a file that
    does not decode is refused before anything is written."""
    fmt = guess_format(path, fmt)
    encoding = rows.detect_encoding(path, encoding)
    rejected_path = path.with_name(path.name + ".rejected")
    runtime.db.load_in_bulk()
    app = Flask("blacklist-import")       # the schema reads the codes the service runs on
    app.extensions["blacklist"] = runtime
    show = sys.stderr.isatty() if bar is None else bar
    with app.app_context(), rejected_path.open(
            "w", encoding="utf-8", errors="backslashreplace") as out, \
            _progress(path, show) as progress:
        def reject(row: rows.Row) -> None:   # a lone surrogate is written as its \u escape
            out.write(json.dumps({"line": row.line, "errors": row.errors, "row": row.raw},
                                 ensure_ascii=False, default=str) + "\n")
        summary = imports.import_rows(runtime, rows.read_rows(path, encoding, fmt), defaults,
                                      load=schema_loader(), reject=reject,
                                      batch=batch or imports.BATCH,
                                      progress=progress.update)
    if not summary.rejected:
        rejected_path.unlink(missing_ok=True)
    return summary


class _Quiet:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n: int) -> None:
        pass


def _progress(path: Path, show: bool):
    """A tqdm bar of rows and rate on a terminal; nothing otherwise (the summary line says)."""
    if not show:
        return _Quiet()
    from tqdm import tqdm

    return tqdm(desc=path.name, unit=" rows", unit_scale=True, file=sys.stderr)
