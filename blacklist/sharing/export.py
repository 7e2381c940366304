"""The whole public list, streamed: 双公示-style CSV or one JSON array, masked as the public page."""

import csv
import io
import itertools
import json
from collections.abc import Iterator
from contextlib import closing

from blacklist.public.stream import as_list, iso_day, raw_rows, stream_public
from blacklist.registry.identifiers import mask_id_number
from blacklist.registry.models import LOCAL
from blacklist.sharing.tiers import public_listing

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
    with uow, closing(stream_public(uow, uow.clock.today(), batch)) as events:
        for event in events:
            yield public_listing(event)


def as_json(uow, batch: int = 1000) -> Iterator[bytes]:
    """One JSON array, written a batch of elements at a time (one dumps, one chunk each)."""
    yield b"["
    views, separator = iter(listed(uow, batch)), b""
    while chunk := list(itertools.islice(views, batch)):
        yield separator + json.dumps(chunk, ensure_ascii=False)[1:-1].encode()
        separator = b","
    yield b"]"


def as_csv(uow, batch: int = 2000) -> Iterator[bytes]:
    """CSV whose header row is the 双公示 field names, so platforms can take it as it is;
    written from the plain rows a batch at a time (csv_row's columns, no dict per row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    with uow, closing(raw_rows(uow, uow.clock.today(), batch)) as rows:
        line = _CsvLine(uow.ref)
        while chunk := list(itertools.islice(rows, batch)):
            writer.writerows(map(line, chunk))
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


class _CsvLine:
    """One plain row of public.stream in csv_row's columns; what repeats (names of codes,
    sources, measures) is looked up once."""

    def __init__(self, ref):
        self.ref, self.sources, self.measures = ref, {}, {}
        self.domains = {code: d.get("name", code) for code, d in ref.domains.items()}
        self.categories = {code: c.get("name", code) for code, c in ref.categories.items()}

    def __call__(self, row) -> list:
        (lid, _, domain, category, decision_no, decision_date, facts, basis, measures, until,
         org, kind, name, uscc, id_number, rep_name, _, _, origin, authority,
         authority_uscc, _) = row
        if origin == LOCAL:
            source = self.sources.get(org) or self.sources.setdefault(org, self.ref.source(org))
            by, by_uscc, note = source["name"], source.get("uscc", ""), ""
        else:
            by, by_uscc, note = authority or origin, authority_uscc, f"；来源：{origin}"
        until = iso_day(until)
        return [name, KIND_NAMES.get(kind, kind), uscc or "", rep_name or "",
                "身份证" if id_number else "", mask_id_number(id_number) if id_number else "",
                decision_no, self.categories.get(category, category), facts, basis,
                PENALTY_KIND, self._measures(measures), "", "", "", iso_day(decision_date), until,
                until, by, by_uscc, by, by_uscc,
                f"名单条目 {lid}；领域：{self.domains.get(domain, domain)}{note}"]

    def _measures(self, measures) -> str:
        key = measures if isinstance(measures, str) else tuple(measures)
        names = self.measures.get(key)
        if names is None:
            names = self.measures[key] = _measure_names(self.ref, tuple(as_list(measures)))
        return names


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
