"""The public page /repair (Chinese, no JavaScript needed): the listed party applies for credit
repair or objects to its entry with a plain form, and looks its request up by number and
identifier. The forms go through the same schemas and services as the API."""

from flask import render_template, request
from marshmallow import ValidationError

from api import deps
from api.errors import flatten, page_errors, status_of
from api.pages import bp
from api.schemas.party import ObjectionIn, RepairApplicationIn
from blacklist.errors import DomainError, NotFound
from blacklist.infra.clock import rfc3339
from blacklist.party import applications, objections
from blacklist.party.models import GROUNDS

GROUND_NAMES = dict(zip(GROUNDS, ("公示内容有误", "认定对象错误", "重复公示", "超过公示期限仍在公示",
                                  "依法不应公开", "其他")))
STATUS_NAMES = {"received": "已受理，待认定部门决定", "approved": "已准予信用修复",
                "rejected": "不予信用修复", "open": "异议核查中", "upheld": "异议成立",
                "dismissed": "异议不成立"}
FORMS = {"application": (RepairApplicationIn, applications.apply),
         "objection": (ObjectionIn, objections.lodge)}
LOOKUPS = {"application": applications.status, "objection": objections.status}
FIELD_NAMES = {"listing_id": "条目编号", "applicant": "申请人", "contact": "联系人或电话",
               "statement": "情况说明", "commitment": "信用承诺", "evidence": "证明材料",
               "grounds": "异议理由"}


def _page(status: int = 200, **context):
    context.setdefault("form", {})
    context.setdefault("which", None)
    html = render_template("pages/repair.html", grounds=GROUND_NAMES, statuses=STATUS_NAMES,
                           listing_id=request.args.get("listing_id", "")[:36], **context)
    return html, status


@bp.get("/repair")
def repair():
    """The two forms and the status lookup."""
    return _page()


def body_of(form, which: str) -> dict:
    """The API's body from the form's fields (a code is a USCC or an ID number by its kind)."""
    code_kind = "id_number" if form.get("code_kind") == "id_number" else "uscc"
    body = {"listing_id": form.get("listing_id", "").strip(),
            "applicant": {"name": form.get("applicant_name", ""),
                          code_kind: form.get("code", "")},
            "contact": {"name": form.get("contact_name", ""), "phone": form.get("phone", "")},
            "statement": form.get("statement", "")}
    if which == "application":
        body["commitment"] = form.get("commitment") == "yes"
        body["evidence"] = [line.strip() for line in form.get("evidence", "").splitlines()
                            if line.strip()]
    else:
        body["grounds"] = form.get("grounds", "")
    return body


@bp.post("/repair/<which>")
@page_errors({404: ("未找到该条目", "该条目不存在或不在公示期内，请核对条目编号。")})
def submit(which: str):
    """Submit an application or an objection; a refused one shows the form again, saying why."""
    if which not in FORMS:
        raise NotFound("no such form")
    schema, service = FORMS[which]
    try:
        data = schema().load(body_of(request.form, which))
        created = service(deps.uow(), data)
    except ValidationError as exc:
        return _page(400, which=which, form=request.form, errors=_named(flatten(exc.messages)))
    except DomainError as exc:
        errors = _named(exc.extra.get("errors", {})) or [exc.detail]
        return _page(status_of(exc) if status_of(exc) != 422 else 400, which=which,
                     form=request.form, errors=errors)
    return _done(which, created, lookup=False), 201


@bp.get("/repair/status")
def status():
    """An application's or objection's status, to whoever gives its number and the party's
    identifier; anything else is "not found"."""
    which = request.args.get("kind", "application")
    number, code = request.args.get("id", "").strip(), request.args.get("code", "").strip()
    if which not in LOOKUPS or not number or not code or len(number) > 36 or len(code) > 30:
        return _page(400, lookup_error="请填写受理编号和统一社会信用代码（或身份证号码）。")
    try:
        item = LOOKUPS[which](deps.uow(readonly=True), number, code)
    except DomainError:
        return _page(404, lookup_error="未找到该申请：请核对受理编号和代码。")
    return _done(which, item, lookup=True)


def _done(which: str, item, lookup: bool) -> str:
    received = rfc3339(item.received_at)[:16].replace("T", " ")
    return render_template("pages/repair_done.html", which=which, item=item, lookup=lookup,
                           statuses=STATUS_NAMES, received=received)


def _named(errors: dict) -> list[str]:
    """Each refused field in Chinese, with the service's reason."""
    return [f"{FIELD_NAMES.get(path.split('.')[0], path)}：{'；'.join(map(str, messages))}"
            for path, messages in errors.items()]
