"""The whole public list, streamed: 双公示-style CSV or one JSON array, masked as the public page."""

import csv
import io
import json
from collections.abc import Iterator

from blacklist.public.stream import stream_public
from blacklist.sharing.tiers import public_listing

CHUNK_ROWS = 500
KIND_NAMES = {"legal_person": "法人及非法人组织", "natural_person": "自然人",
              "individual_business": "个体工商户"}
# 双公示 行政处罚 field names (DOMAIN.md §3), in the standard's order; a listing fills what applies.
COLUMNS = ("行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "证件类型", "证件号码",
           "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容",
           "罚款金额（万元）", "没收违法所得、没收非法财物的金额（万元）", "暂扣或吊销证照名称及编号",
           "处罚决定日期", "处罚有效期", "公示截止期", "处罚机关", "处罚机关统一社会信用代码",
           "数据来源单位", "数据来源单位统一社会信用代码", "备注")
PENALTY_KIND = "其他-列入严重失信主体名单（黑名单）"


def listed(uow, batch: int = 1000) -> Iterator[dict]:
    """Every `listed` entry within its period, public tier as a public feed carries it, read
    in batches (flat memory)."""
    with uow:
        for event in stream_public(uow, uow.clock.today(), batch):
            yield public_listing(event)


def as_json(uow) -> Iterator[bytes]:
    """One JSON array, written element by element."""
    yield b"["
    first = True
    for view in listed(uow):
        yield (b"" if first else b",") + json.dumps(view, ensure_ascii=False).encode()
        first = False
    yield b"]"


def as_csv(uow) -> Iterator[bytes]:
    """CSV whose header row is the 双公示 field names, so platforms can take it as it is."""
    ref = uow.ref
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for n, view in enumerate(listed(uow), 1):
        writer.writerow(csv_row(view, ref))
        if n % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


_NAMES: dict = {}


def _measure_names(ref, codes: tuple) -> str:
    """The measures' names, joined; few distinct lists exist, so each is joined once."""
    key = (id(ref), codes)
    names = _NAMES.get(key)
    if names is None:
        if len(_NAMES) > 4096:
            _NAMES.clear()
        names = _NAMES[key] = ";".join(ref.measures.get(c, {}).get("name", c) for c in codes)
    return names


def csv_row(view: dict, ref) -> list:
    """One public-tier listing in the 双公示 columns."""
    entity, source = view["entity"], view["source"]
    measures = _measure_names(ref, tuple(view["measures"]))
    domain = ref.domains.get(view["domain"], {}).get("name", view["domain"])
    category = ref.categories.get(view["category"], {}).get("name", view["category"])
    return [entity["name"], KIND_NAMES.get(entity["kind"], entity["kind"]),
            entity.get("uscc", ""), (entity.get("legal_representative") or {}).get("name", ""),
            "身份证" if entity.get("id_number") else "", entity.get("id_number", ""),
            view["decision_no"], category, view["facts"], view["legal_basis"], PENALTY_KIND,
            measures, "", "", "", view["decision_date"], view["publish_until"],
            view["publish_until"], source["name"], source.get("uscc", ""), source["name"],
            source.get("uscc", ""), f"名单条目 {view['id']}；领域：{domain}{_origin(view)}"]


def _origin(view: dict) -> str:
    """Another authority's entry says whose list it came from (数据来源)."""
    origin = view.get("origin", "local")
    return "" if origin == "local" else f"；来源：{origin}"
