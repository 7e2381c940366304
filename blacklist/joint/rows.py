"""Reading an import file: JSON Lines or 双公示 CSV, UTF-8 (with or without BOM) or GB18030,
one row at a time (memory stays flat whatever the file's size). A row comes out as a listing
body the way `POST /api/v1/listings` takes it, or with the reason it could not be read."""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from blacklist.errors import DomainError

ENCODINGS = ("utf-8", "gb18030")
FORMATS = ("jsonl", "csv")
KINDS = {"法人及非法人组织": "legal_person", "法人": "legal_person", "自然人": "natural_person",
         "个体工商户": "individual_business"}
# 双公示 columns (DOMAIN.md §3) and where each goes in a listing body.
ENTITY_COLUMNS = {"行政相对人名称": "name", "统一社会信用代码": "uscc", "证件号码": "id_number"}
LISTING_COLUMNS = {"行政处罚决定书文号": "decision_no", "违法事实": "facts",
                   "处罚依据": "legal_basis", "处罚决定日期": "decision_date",
                   "公示截止期": "publish_until", "处罚机关": "authority",
                   "处罚机关统一社会信用代码": "authority_uscc"}
REQUIRED_COLUMNS = ("行政相对人名称", "行政相对人类别", "行政处罚决定书文号", "违法事实", "处罚依据",
                    "处罚决定日期", "领域")


class UnreadableFile(DomainError):
    """The file is not in the encoding given (or in neither UTF-8 nor GB18030): nothing of it
    is imported."""

    slug, title = "unreadable-file", "Unreadable file"


@dataclass
class Row:
    """One row of the file: its line, the listing body read from it, or why it was refused."""

    line: int
    body: dict | None
    raw: object
    errors: dict[str, list[str]] = field(default_factory=dict)


def detect_encoding(path: Path, encoding: str | None) -> str:
    """The encoding the whole file decodes in (the one given, else UTF-8, else GB18030); a
    file that decodes in none is refused naming the first bad byte's line."""
    tried = [encoding] if encoding else list(ENCODINGS)
    failure = None
    for name in tried:
        failure = first_bad_line(path, name)
        if failure is None:
            return name
    line, offset = failure
    raise UnreadableFile(f"{path.name} is not valid {' or '.join(tried)}: the first bad byte "
                         f"is on line {line} (byte {offset} of the file)", line=line)


def first_bad_line(path: Path, encoding: str) -> tuple[int, int] | None:
    """(line, byte offset) of the first byte that does not decode, or None. An incomplete
    character at the very end is a truncated last line (a rejected row), not a bad file."""
    offset = 0
    with path.open("rb") as f:
        for number, raw in enumerate(f, 1):
            try:
                _decode(raw, encoding, number)
            except UnicodeDecodeError as exc:
                if not raw.endswith(b"\n") and not f.peek(1):
                    return None
                return number, offset + exc.start
            offset += len(raw)
    return None


def _decode(raw: bytes, encoding: str, number: int) -> str:
    if number == 1 and encoding == "utf-8":
        return raw.decode("utf-8-sig")
    return raw.decode(encoding)


def _lines(path: Path, encoding: str) -> Iterator[tuple[int, str | None]]:
    """(line number, text) of each line; text None for a last line cut inside a character."""
    with path.open("rb") as f:
        for number, raw in enumerate(f, 1):
            try:
                yield number, _decode(raw, encoding, number)
            except UnicodeDecodeError:
                yield number, None


def read_rows(path: Path, encoding: str, fmt: str) -> Iterator[Row]:
    """Every row of the file, in order, as listing bodies or refusals."""
    return (_jsonl if fmt == "jsonl" else _csv)(path, encoding)


def _jsonl(path: Path, encoding: str) -> Iterator[Row]:
    for number, text in _lines(path, encoding):
        if text is None:
            yield Row(number, None, None, {"_line": ["truncated inside a character"]})
            continue
        if not text.strip():
            continue
        try:
            body = json.loads(text)
        except (ValueError, RecursionError):
            yield Row(number, None, text.rstrip("\n"), {"_line": ["not a JSON object (truncated?)"]})
            continue
        if not isinstance(body, dict):
            yield Row(number, None, body, {"_line": ["not a JSON object"]})
            continue
        yield Row(number, body, body)


def _csv(path: Path, encoding: str) -> Iterator[Row]:
    texts = (text if text is not None else "\x00" for _, text in _lines(path, encoding))
    reader = csv.reader(texts)
    header = [name.strip() for name in next(reader, [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    for values in reader:
        number = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header) or "\x00" in "".join(values):
            yield Row(number, None, values, {"_line": [
                f"{len(values)} columns where the header has {len(header)} (truncated?)"]})
            continue
        raw = dict(zip(header, values))
        if missing:
            yield Row(number, None, raw, {name: ["missing column"] for name in missing})
            continue
        yield Row(number, csv_body(raw), raw)


def csv_body(raw: dict[str, str]) -> dict:
    """A 双公示 row as a listing body; names of codes are mapped later (codes_of_names)."""
    value = {k: v.strip() for k, v in raw.items() if v is not None and v.strip()}
    kind = value.get("行政相对人类别", "")
    entity = {"kind": KINDS.get(kind, kind)}
    entity.update({key: value[col] for col, key in ENTITY_COLUMNS.items() if col in value})
    if entity["kind"] != "natural_person":
        entity.pop("id_number", None)
    rep = {k: value[c] for c, k in (("法定代表人", "name"), ("法定代表人证件号码", "id_number"))
           if c in value}
    if rep.get("name"):
        entity["legal_representative"] = rep
    body = {"entity": entity, "domain": value.get("领域")}
    body.update({key: value[col] for col, key in LISTING_COLUMNS.items() if col in value})
    for date in ("decision_date", "publish_until"):
        if date in body:
            body[date] = body[date].replace("/", "-").replace(".", "-")
    category = value.get("违法行为类型") or value.get("失信行为")
    if category:
        body["category"] = category
    if value.get("惩戒措施"):
        body["measures"] = [m.strip() for m in value["惩戒措施"].replace("；", ";").split(";")
                            if m.strip()]
    if "authority" not in body and value.get("数据来源单位"):
        body["authority"] = value["数据来源单位"]
    return body


def codes_of_names(ref, body: dict) -> dict:
    """Domain, category and measures given by their Chinese names become their codes."""
    def code(table: dict, given):
        if given in table or not isinstance(given, str):
            return given
        return next((c for c, item in table.items() if item.get("name") == given), given)

    body = dict(body)
    for key, table in (("domain", ref.domains), ("category", ref.categories)):
        if key in body:
            body[key] = code(table, body[key])
    if isinstance(body.get("measures"), list):
        body["measures"] = [code(ref.measures, m) for m in body["measures"]]
    return body
