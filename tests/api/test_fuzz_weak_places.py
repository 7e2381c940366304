"""Hypothesis aimed at the weak places (issue 10): lone surrogates in JSON escapes, dates that
do not exist, numbers past 64 bits anywhere, zero-width, bidi and other-script characters
inside identifiers and names. Each is a clear 4xx naming the field, or the right answer."""

import calendar
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import company, file_and_publish, listing_body, make_uscc

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f",
             "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069"]
# Letters that look like the ASCII ones of a USCC but are not (Cyrillic, Greek, Armenian).
LOOKALIKES = {"A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "P": "Р",
              "T": "Т", "X": "Х", "Y": "Υ", "0": "О", "3": "З", "9": "Ց"}


@st.composite
def impossible_dates(draw) -> str:
    """A YYYY-MM-DD that no calendar has: day 0, past the month's end, or month 0 or 13."""
    year = draw(st.integers(1990, 2030))
    kind = draw(st.sampled_from(["day0", "past_end", "month"]))
    if kind == "month":
        return f"{year}-{draw(st.sampled_from([0, 13, 99])):02d}-10"
    month = draw(st.integers(1, 12))
    last = calendar.monthrange(year, month)[1]
    day = 0 if kind == "day0" else draw(st.integers(last + 1, 39))
    return f"{year}-{month:02d}-{day:02d}"


def assert_names(answer, field: str):
    """A 422 problem whose errors name `field` (or a path under it)."""
    assert answer.status_code == 422, (answer.status_code, answer.get_data(as_text=True)[:300])
    assert answer.mimetype == "application/problem+json"
    assert any(key == field or key.startswith(f"{field}.") for key in answer.json["errors"]), \
        answer.json["errors"]


def raw(client, method: str, path: str, text: str, headers: dict):
    """Send a JSON text as typed, escapes and all (json= would re-encode it)."""
    return client.open(path, method=method, data=text.encode(), headers=headers,
                       content_type="application/json")


@FUZZ
@given(date=impossible_dates(),
       field=st.sampled_from(["decision_date", "publish_until"]))
def test_a_date_no_calendar_has_is_a_422_naming_the_field(client, housing, date, field):
    assert_names(client.post("/api/v1/listings", json=listing_body(**{field: date}),
                             headers=housing), field)


@FUZZ
@given(date=impossible_dates())
def test_an_impossible_instant_in_a_check_or_report_is_a_422_naming_it(client, screener, admin,
                                                                       date):
    uscc = make_uscc(7)
    assert_names(client.get(f"/api/v1/check?uscc={uscc}&as_of={date}T10:00:00%2B08:00",
                            headers=screener), "as_of")
    assert_names(client.get(f"/api/v1/reports/timeliness?from={date}&to=2026-12-01",
                            headers=admin), "from")


@FUZZ
@given(high=st.integers(0xD800, 0xDBFF), low=st.integers(0xDC00, 0xDFFF),
       lone=st.sampled_from(["high", "low"]),
       where=st.sampled_from(["entity.name", "facts", "decision_no"]))
def test_a_lone_surrogate_escape_in_a_filing_is_a_422_naming_the_field(client, housing, high,
                                                                      low, lone, where):
    escape = f"\\u{high:04x}" if lone == "high" else f"\\u{low:04x}"
    body = listing_body()
    holder, key = (body["entity"], "name") if where == "entity.name" else (body, where)
    holder[key] = "PLACEHOLDER"
    text = json.dumps(body, ensure_ascii=False).replace("PLACEHOLDER", f"苏州{escape}公司")
    assert_names(raw(client, "POST", "/api/v1/listings", text, housing), where)


@FUZZ
@given(high=st.integers(0xD800, 0xDBFF))
def test_a_lone_surrogate_in_a_screening_or_search_is_refused_not_a_500(client, screener, high):
    text = ('{"domain": "construction", "parties": [{"name": "甲\\u%04x乙"}]}' % high)
    assert_names(raw(client, "POST", "/api/v1/screenings", text, screener), "parties.0.name")
    answer = client.get(f"/api/v1/public/listings?q=%ED%A0%80{high}")
    assert answer.status_code in (200, 400, 422), answer.status_code


@FUZZ
@given(number=st.one_of(st.integers(min_value=2**63), st.integers(max_value=-(2**63) - 1)),
       field=st.sampled_from(["version", "page", "per_page", "after"]))
def test_a_number_past_64_bits_is_a_422_naming_the_field(client, housing, feed_reader, number,
                                                         field):
    if field == "version":
        answer = client.patch("/api/v1/listings/nope", json={"version": number, "facts": "x"},
                              headers=housing)
    elif field == "after":
        answer = client.get(f"/api/v1/changes?after={number}", headers=feed_reader)
    else:
        answer = client.get(f"/api/v1/public/listings?{field}={number}")
    assert_names(answer, field)


@FUZZ
@given(mark=st.sampled_from(INVISIBLE), at=st.integers(0, 17))
def test_an_invisible_character_inside_a_code_is_a_422_naming_it(client, screener, mark, at):
    uscc = make_uscc(at)
    answer = client.get("/api/v1/check", query_string={"uscc": uscc[:at] + mark + uscc[at:]},
                        headers=screener)
    assert_names(answer, "uscc")


@FUZZ
@given(data=st.data())
def test_a_lookalike_letter_of_another_script_in_a_code_is_a_422_naming_it(client, screener,
                                                                          data):
    uscc = make_uscc(data.draw(st.integers(0, 10_000)))
    spots = [i for i, ch in enumerate(uscc) if ch in LOOKALIKES]
    if not spots:
        uscc, spots = "9" + uscc[1:], [0]
    at = data.draw(st.sampled_from(spots))
    forged = uscc[:at] + LOOKALIKES[uscc[at]] + uscc[at + 1:]
    answer = client.post("/api/v1/screenings", headers=screener, json={
        "domain": "construction", "parties": [{"name": "某公司", "uscc": forged}]})
    assert_names(answer, "parties.0.uscc")


def test_a_listed_name_with_invisible_characters_typed_inside_is_still_caught(client, housing,
                                                                             screener):
    name = "苏州隐形字符建设工程有限公司"
    file_and_publish(client, housing, entity=company(name=name))
    for mark in INVISIBLE:
        typed = name[:2] + mark + name[2:5] + mark + name[5:]
        answer = client.post("/api/v1/screenings", headers=screener, json={
            "domain": "construction", "parties": [{"name": typed}]})
        assert answer.status_code == 201, answer.json
        assert answer.json["results"][0]["decision"] != "clear", repr(mark)
