"""Window checks and as_of over HTTP: listed at any instant of [from, to], with the periods,
and near names found as the live check finds them."""

from urllib.parse import urlencode

from blacklist.infra.signing import verify_compact
from tests.factories import company, file_and_publish, file_listing, make_uscc, publish

NEAR = "苏州鑫恒泰隆建设工程有限公司"
NEAR_SPELLING = "苏州鑫恒泰隆建筑工程有限公司"


def at(hhmm: str, day: str = "2026-11-27") -> str:
    return f"{day}T{hhmm}:00+08:00"


def check(client, headers, status=200, **params):
    answer = client.get(f"/api/v1/check?{urlencode(params)}", headers=headers)
    assert answer.status_code == status, answer.json
    return answer.json


def listed_then_revoked(client, housing, clock, name="苏州曾经失信建设工程有限公司"):
    """Filed at 10:00, published at 11:00, revoked at 12:00; the clock left at 13:00."""
    pending = file_listing(client, housing, entity=company(name))
    clock.advance(hours=1)
    publish(client, housing, pending["id"])
    clock.advance(hours=1)
    answer = client.post(f"/api/v1/listings/{pending['id']}/revoke", headers=housing,
                         json={"reason": "行政复议撤销"})
    assert answer.status_code == 200
    clock.advance(hours=1)
    return pending


def test_a_window_before_inside_and_after_the_listed_period(client, housing, screener, clock):
    listing = listed_then_revoked(client, housing, clock)
    uscc = listing["entity"]["uscc"]
    windows = {("10:00", "10:59"): "clear", ("10:30", "11:30"): "refuse",
               ("11:15", "11:45"): "refuse", ("11:30", "12:30"): "refuse",
               ("10:00", "13:00"): "refuse", ("12:00", "13:00"): "clear"}
    for (start, end), decision in windows.items():
        answer = check(client, screener, uscc=uscc, **{"from": at(start), "to": at(end)})
        assert answer["decision"] == decision, (start, end)
        assert answer["window"] == {"from": at(start), "to": at(end)}
    inside = check(client, screener, uscc=uscc, **{"from": at("10:30"), "to": at("11:30")})
    assert inside["matches"][0]["listing_id"] == listing["id"]
    assert inside["matches"][0]["intervals"] == [{"from": at("11:00"), "to": at("12:00")}]


def test_a_listing_still_listed_has_an_open_interval(client, housing, screener, clock):
    listed = file_and_publish(client, housing)
    clock.advance(days=3)
    answer = check(client, screener, uscc=listed["entity"]["uscc"],
                   **{"from": at("09:00"), "to": at("09:00", "2026-11-29")})
    assert answer["decision"] == "refuse"
    assert answer["matches"][0]["intervals"] == [{"from": at("10:00"), "to": None}]


def test_a_near_name_inside_a_window_asks_for_review_as_live(client, housing, screener, clock):
    listing = listed_then_revoked(client, housing, clock, name=NEAR)
    inside = check(client, screener, name=NEAR_SPELLING, **{"from": at("10:30"), "to": at("11:30")})
    assert inside["decision"] == "review"
    assert inside["matches"][0]["matched_on"] == "near_name"
    assert inside["matches"][0]["listing_id"] == listing["id"]
    after = check(client, screener, name=NEAR_SPELLING, **{"from": at("12:30"), "to": at("13:00")})
    assert after["decision"] == "clear"


def test_as_of_a_minute_ago_gives_a_near_name_the_live_answer(client, housing, screener, clock):
    file_and_publish(client, housing, entity=company(NEAR))
    clock.advance(minutes=2)
    live = check(client, screener, name=NEAR_SPELLING)
    past = check(client, screener, name=NEAR_SPELLING, as_of=at("10:01"))
    assert live["decision"] == past["decision"] == "review"
    assert [m["listing_id"] for m in past["matches"]] == [m["listing_id"] for m in live["matches"]]
    assert check(client, screener, name=NEAR_SPELLING, as_of=at("09:59"))["decision"] == "clear"


def test_a_window_ends_with_the_last_listed_day(client, housing, screener, clock):
    listed = file_and_publish(client, housing, publish_until="2027-11-19")
    clock.advance(days=400)   # past the last listed day, before the expiry job has run
    uscc = listed["entity"]["uscc"]
    after = check(client, screener, uscc=uscc, **{"from": at("00:00", "2027-11-20"),
                                                  "to": at("00:00", "2027-12-05")})
    assert after["decision"] == "clear"
    spanning = check(client, screener, uscc=uscc, **{"from": at("23:59", "2027-11-19"),
                                                     "to": at("00:00", "2027-12-05")})
    assert spanning["decision"] == "refuse"
    assert spanning["matches"][0]["intervals"] == [
        {"from": at("10:00"), "to": at("00:00", "2027-11-20")}]


def test_a_screening_over_a_window_carries_it_in_the_answer_and_the_receipt(
        client, housing, screener, clock):
    listing = listed_then_revoked(client, housing, clock)
    window = {"from": at("10:30"), "to": at("11:30")}
    answer = client.post("/api/v1/screenings", headers=screener, json={
        "project_code": "SZGP-2026-0457", "domain": "construction", "window": window,
        "parties": [{"name": "甲", "uscc": listing["entity"]["uscc"]}, {"name": "乙公司"}]})
    assert answer.status_code == 201, answer.json
    assert [r["decision"] for r in answer.json["results"]] == ["refuse", "clear"]
    assert answer.json["results"][0]["matches"][0]["intervals"] == [
        {"from": at("11:00"), "to": at("12:00")}]
    assert answer.json["window"] == window
    payload = verify_compact(answer.json["receipt"], client.get("/.well-known/jwks.json").json)
    assert payload["window"] == window
    now = client.post("/api/v1/screenings", headers=screener, json={
        "domain": "construction", "parties": [{"name": "甲", "uscc": listing["entity"]["uscc"]}]})
    assert now.json["results"][0]["decision"] == "clear"


def test_bad_windows_are_422_naming_the_field(client, screener):
    uscc = make_uscc()
    cases = [({"from": at("12:00"), "to": at("11:00")}, "from"),
             ({"from": at("12:00", "2020-01-01"), "to": at("12:00", "2026-01-02")}, "to"),
             ({"from": at("12:00")}, "to"), ({"to": at("12:00")}, "from"),
             ({"from": "yesterday", "to": at("12:00")}, "from"),
             ({"from": "0001-01-01T00:00:00+08:00", "to": at("12:00")}, "from"),
             ({"from": at("11:00"), "to": at("12:00"), "as_of": at("11:00")}, "as_of")]
    for params, field in cases:
        answer = client.get(f"/api/v1/check?{urlencode({'name': '甲公司', **params})}",
                            headers=screener)
        assert answer.status_code == 422, (params, answer.json)
        assert field in answer.json["errors"], (params, answer.json)
    body = {"parties": [{"name": "甲公司", "uscc": uscc}]}
    for window, field in [({"from": at("12:00"), "to": at("11:00")}, "window.from"),
                          ({"from": at("12:00")}, "window.to"),
                          ({"from": "soon", "to": at("12:00")}, "window.from")]:
        answer = client.post("/api/v1/screenings", headers=screener, json={**body, "window": window})
        assert answer.status_code == 422, (window, answer.json)
        assert field in answer.json["errors"], (window, answer.json)
