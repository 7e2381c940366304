"""The public pages (server-rendered, Chinese): search, listing detail, annual report, catalogue."""

import datetime
import math
import re
from zoneinfo import ZoneInfo

from flask import Blueprint, render_template, request
from markupsafe import Markup

from api import charts, deps
from api.errors import page_errors
from api.schemas.public import PublicListingOut
from blacklist.errors import BadQuery, NotFound
from blacklist.public import reports
from blacklist.public import search as public
from blacklist.registry.identifiers import ID_PATTERN, fold, mask_id_number

bp = Blueprint(
    "pages", __name__,
    template_folder="templates", static_folder="static", static_url_path="/assets",
)

PER_PAGE = 20
MAX_PAGE = 100_000
MAX_QUERY = 100
FIRST_YEAR, LAST_YEAR = 2000, 2100
SHANGHAI = ZoneInfo("Asia/Shanghai")
_PAGE = re.compile(r"^[1-9][0-9]{0,5}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
KINDS = {
    "legal_person": "法人及非法人组织",
    "natural_person": "自然人",
    "individual_business": "个体工商户",
}
REMOVALS = {"expired": "公示期满移出", "repaired": "信用修复移出", "revoked": "决定撤销移出"}


@bp.app_context_processor
def _layout():
    """The layout's needs, app-wide: api.security renders error pages for unknown paths too."""
    year = datetime.datetime.now(SHANGHAI).year
    try:
        domains = deps.reference().domains
    except Exception:  # noqa: BLE001  an error page must render when the database failed
        domains = {}
    return {"report_year": year, "domains": domains}


def search_args(args, domains) -> tuple[str | None, str | None, int]:
    """Read q, domain and page; refuse a long or control-laden q, unknown domain, bad page."""
    q = (args.get("q") or "").strip()
    if len(q) > MAX_QUERY:
        raise BadQuery(f"查询内容不能超过{MAX_QUERY}个字符。")
    if _CONTROL.search(q):
        raise BadQuery("查询内容含有不可见的控制字符。")
    domain = (args.get("domain") or "").strip()
    if domain and domain not in domains:
        raise BadQuery("所选领域不存在，请从列表中选择。")
    page = args.get("page") or "1"
    if not _PAGE.match(page) or int(page) > MAX_PAGE:
        raise BadQuery(f"页码须为1至{MAX_PAGE}之间的整数。")
    return q or None, domain or None, int(page)


def shown_query(q: str | None) -> str:
    """What a page echoes of a query: an ID number only masked, like every ID number shown."""
    if q and ID_PATTERN.match(fold(q)):
        return mask_id_number(fold(q))
    return q or ""


def present(listing: dict, ref) -> dict:
    """A public listing with the Chinese names of its codes added, for display."""
    entity = listing["entity"]
    by_id = not entity.get("uscc") and bool(entity.get("id_number"))
    return {
        **listing,
        "kind_name": KINDS.get(entity.get("kind"), entity.get("kind")),
        "identifier": entity.get("id_number") if by_id else entity.get("uscc"),
        "identifier_label": "身份证号码（已隐去部分）" if by_id else "统一社会信用代码",
        "domain_name": _name(ref.domains, listing.get("domain")),
        "category_name": _name(ref.categories, listing.get("category")),
        "measure_names": [_name(ref.measures, m) for m in listing.get("measures") or []],
    }


def _name(table: dict, code: str | None) -> str:
    return (table.get(code) or {}).get("name", code or "")


def pagination(page: int, per_page: int, total: int, window: int = 2) -> dict:
    """Page numbers around the current one, with the first and last always shown."""
    last = max(1, math.ceil(total / per_page))
    shown = sorted({1, last} | set(range(max(1, page - window), min(last, page + window) + 1)))
    return {"page": page, "last": last, "numbers": shown,
            "prev": page - 1 if page > 1 else None, "next": page + 1 if page < last else None}


@bp.get("/")
def index():
    """The search page: one box for a name, USCC or ID number, and a domain filter."""
    return render_template("pages/index.html", q="", domain="")


@bp.get("/search")
def search():
    """Listed entries matching the query, a page at a time; a malformed query is a 400 page."""
    ref = deps.reference()
    q, domain, page = search_args(request.args, ref.domains)
    source = (request.args.get("source") or "").strip()[:64] or None
    found = public.search_listings(deps.uow(readonly=True), q=q, domain=domain, page=page,
                                   per_page=PER_PAGE, source=source)
    shown = PublicListingOut()
    return render_template(
        "pages/search.html", q=shown_query(q), domain=domain or "", source=source or "",
        total=found.total, exact=found.total_exact,
        items=[present(shown.dump(item), ref) for item in found.items],
        pages=pagination(page, PER_PAGE, found.total),
    )


@bp.get("/listings/<listing_id>")
@page_errors({404: ("未找到该名单条目", "该条目不存在，或已不在公示期内。")})
def listing(listing_id: str):
    """One listed entry: who, where, why, on whose decision and until when; 404 if unknown."""
    item = public.get_listing(deps.uow(readonly=True), listing_id)
    return render_template("pages/listing.html",
                           item=present(PublicListingOut().dump(item), deps.reference()))


@bp.get("/catalogue")
def catalogue():
    """The two disclosure catalogues of the founding document, optionally one domain's items."""
    ref = deps.reference()
    domain = (request.args.get("domain") or "").strip()
    if domain and domain not in ref.domains:
        raise BadQuery("所选领域不存在，请从列表中选择。")
    sections = []
    for cat in (ref.catalogue or {}).get("catalogues", []):
        items = [i for i in cat["items"] if not domain or domain in i["domains"]]
        if items:
            sections.append({**cat, "items": items})
    return render_template("pages/catalogue.html", sections=sections, domain=domain,
                           domain_name=_name(ref.domains, domain) if domain else "")


@bp.get("/reports/<int:year>")
@page_errors({404: ("没有该年度的报告", f"年度报告仅涵盖{FIRST_YEAR}至{LAST_YEAR}年。")})
def annual_report(year: int):
    """The year at a glance: each figure as a chart with its numbers beside it."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound(f"the annual report covers {FIRST_YEAR} to {LAST_YEAR}")
    data = reports.annual(deps.uow(readonly=True), year)
    ref = deps.reference()
    return render_template(
        "pages/report.html", year=year, sections=report_sections(data, ref),
        screenings=data["screenings"],
    )


def report_sections(data: dict, ref) -> list[dict]:
    """Turn the annual figures into titled sections, each a chart plus its table."""
    listings = data["listings"]
    domain_names = {code: d["name"] for code, d in ref.domains.items()}
    org_names = {code: o["name"] for code, o in ref.orgs.items()}
    return [
        _counts("new-by-domain", "新增列入（按领域）", "领域",
                _rows(listings["new_by_domain"], domain_names)),
        _months(listings["new_by_month"]),
        _counts("new-by-department", "新增列入（按认定部门）", "部门",
                _rows(listings["new_by_department"], org_names, keep_all=False)),
        _counts("removals", "移出名单（按原因）", "原因", _rows(listings["removals"], REMOVALS)),
        _counts("active", "年末在列（按领域）", "领域",
                _rows(listings["listed_at_year_end"], domain_names)),
        _penalties(data["penalties"]["by_department"]),
        _screenings(data["screenings"]["by_domain"], domain_names),
    ]


def _rows(counts: dict, names: dict, keep_all: bool = True) -> list[tuple[str, int]]:
    """Every named code in reference order (zero when absent), then any code not named."""
    codes = list(names) if keep_all else [c for c in names if c in counts]
    codes += [c for c in counts if c not in names]
    return [(names.get(c, c), counts.get(c, 0)) for c in codes]


def _counts(sid: str, title: str, header: str, rows: list) -> dict:
    svg = charts.hbar(rows, title=title, chart_id=sid)
    return {"id": sid, "title": title, "svg": Markup(svg), "headers": [header, "数量"],
            "rows": [[label, charts.count(v)] for label, v in rows]}


def _months(by_month: dict) -> dict:
    months = sorted(by_month.items())
    rows = [(f"{int(m[-2:])}月", n) for m, n in months]
    svg = charts.columns(rows, title="新增列入（按月）", chart_id="new-by-month")
    return {"id": "new-by-month", "title": "新增列入（按月）", "svg": Markup(svg),
            "headers": ["月份", "数量"], "rows": [[m, charts.count(n)] for m, n in rows]}


def _penalties(departments: list[dict]) -> dict:
    title = "行政处罚7个工作日内公示率（按处罚机关）"
    rows = [(d.get("name") or d["org"], d.get("share_on_time")) for d in departments]
    svg = charts.hbar(rows, title=title, chart_id="penalties", fmt=charts.percent, max_value=1)
    table = [[d.get("name") or d["org"], charts.count(d["filed"]), charts.count(d["on_time"]),
              charts.count(d["late"]), charts.percent(d.get("share_on_time"))]
             for d in departments]
    return {"id": "penalties", "title": title, "svg": Markup(svg),
            "headers": ["处罚机关", "作出处罚", "按时公示", "逾期公示", "按时公示率"],
            "rows": table}


def _screenings(by_domain: dict, domain_names: dict) -> dict:
    title = "交易主体核查与拒绝（按领域）"
    codes = list(domain_names) + [c for c in by_domain if c not in domain_names]
    empty, names = {"total": 0, "refusals": 0}, {**domain_names, "any": "未指定领域"}
    labels = [names.get(c, c) for c in codes]
    totals = [by_domain.get(c, empty)["total"] for c in codes]
    refusals = [by_domain.get(c, empty)["refusals"] for c in codes]
    svg = charts.grouped_hbar(labels, [("核查", totals), ("拒绝", refusals)],
                              title=title, chart_id="screenings")
    return {"id": "screenings", "title": title, "svg": Markup(svg),
            "headers": ["领域", "核查", "拒绝"],
            "rows": [[lab, charts.count(t), charts.count(r)]
                     for lab, t, r in zip(labels, totals, refusals)]}


# The /repair page's routes join this blueprint (kept in their own module).
from api import repair_page  # noqa: E402,F401
