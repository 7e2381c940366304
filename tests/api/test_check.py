"""GET /api/v1/check: one party, now or as the list stood at an instant."""

from urllib.parse import urlencode

from tests.factories import company, file_and_publish, file_listing, make_uscc, person, publish


def check(client, headers, status=200, **params):
    answer = client.get(f"/api/v1/check?{urlencode(params)}", headers=headers)
    assert answer.status_code == status, answer.json
    return answer.json


def test_a_listed_code_is_refused_with_the_party_as_sent(client, housing, screener):
    listed = file_and_publish(client, housing)
    answer = check(client, screener, uscc=listed["entity"]["uscc"])
    assert answer["party"] == {"uscc": listed["entity"]["uscc"]}
    assert answer["decision"] == "refuse"
    assert answer["matches"][0]["listing_id"] == listed["id"]
    assert "another name" not in answer["matches"][0]["reason"]   # no name was given


def test_without_a_domain_any_measure_restricts(client, housing, screener):
    listed = file_and_publish(client, housing, measures=["bid_ban"])
    uscc = listed["entity"]["uscc"]
    assert check(client, screener, uscc=uscc)["decision"] == "refuse"
    assert check(client, screener, uscc=uscc, domain="housing")["decision"] == "clear"


def test_checks_by_id_number_and_by_name(client, housing, screener):
    listed = file_and_publish(client, housing, entity=person("周某某"))
    assert check(client, screener, id_number=listed["entity"]["id_number"])["decision"] == "refuse"
    assert check(client, screener, name="周某某")["decision"] == "review"
    file_and_publish(client, housing, entity=company("苏州名字很独特建设工程有限公司"))
    assert check(client, screener, name="苏州名字很独特建设工程有限公司")["decision"] == "refuse"


def test_an_admin_may_check_and_a_filer_may_not(client, screener, admin, housing):
    assert check(client, admin, uscc=make_uscc())["decision"] == "clear"
    check(client, housing, status=403, uscc=make_uscc())
    check(client, {}, status=401, uscc=make_uscc())


def test_bad_arguments_are_invalid_and_named(client, screener):
    uscc = make_uscc()
    bad = uscc[:-1] + ("0" if uscc[-1] != "0" else "1")
    assert "uscc" in check(client, screener, status=422, uscc=bad)["errors"]
    assert "id_number" in check(client, screener, status=422, id_number="12345")["errors"]
    assert check(client, screener, status=422)["type"] == "/problems/invalid-input"
    assert "domain" in check(client, screener, status=422, uscc=uscc, domain="casino")["errors"]
    assert "name" in check(client, screener, status=422, name="名" * 201)["errors"]
    for instant in ("yesterday", "2026-11-27T10:00:00", "0001-01-01T00:00:00+08:00"):
        assert "as_of" in check(client, screener, status=422, uscc=uscc, as_of=instant)["errors"]


def test_as_of_answers_as_the_list_stood_before_and_after_publication_and_revocation(
        client, housing, screener, clock):
    pending = file_listing(client, housing, entity=company("苏州曾经失信建设工程有限公司"))
    uscc = pending["entity"]["uscc"]
    clock.advance(hours=1)   # 11:00 in Suzhou
    publish(client, housing, pending["id"])
    clock.advance(hours=1)   # 12:00
    answer = client.post(f"/api/v1/listings/{pending['id']}/revoke", headers=housing,
                         json={"reason": "行政复议撤销"})
    assert answer.status_code == 200
    clock.advance(hours=1)
    expected = {"10:30": "clear", "11:00": "refuse", "11:30": "refuse", "12:30": "clear"}
    for time, decision in expected.items():
        instant = f"2026-11-27T{time}:00+08:00"
        assert check(client, screener, uscc=uscc, as_of=instant)["decision"] == decision, time
        assert check(client, screener, name="苏州曾经失信建设工程有限公司",
                     as_of=instant)["decision"] == decision, time
    assert check(client, screener, uscc=uscc)["decision"] == "clear"


def test_as_of_reports_the_seq_it_saw_and_honours_the_last_listed_day(client, housing, screener):
    listed = file_and_publish(client, housing, publish_until="2027-11-19")
    uscc = listed["entity"]["uscc"]
    before = check(client, screener, uscc=uscc, as_of="2026-11-27T09:00:00+08:00")
    assert (before["decision"], before["as_of_seq"]) == ("clear", 0)
    last_day = check(client, screener, uscc=uscc, as_of="2027-11-19T23:59:00+08:00")
    assert (last_day["decision"], last_day["as_of_seq"]) == ("refuse", 1)
    after = check(client, screener, uscc=uscc, as_of="2027-11-20T00:00:00Z")
    assert after["decision"] == "clear"


def test_an_unencoded_plus_in_as_of_is_understood(client, housing, screener):
    listed = file_and_publish(client, housing)
    answer = client.get(f"/api/v1/check?uscc={listed['entity']['uscc']}"
                        "&as_of=2026-11-27T11:00:00+08:00", headers=screener)
    assert answer.status_code == 200 and answer.json["decision"] == "refuse"


def test_a_check_answers_alike_before_and_after_its_token_is_cached(client, housing, token):
    listed = file_and_publish(client, housing)
    fresh = token("sz-trading-center", "screener")   # never verified yet
    url = f"/api/v1/check?uscc={listed['entity']['uscc']}"
    first, again = (client.get(url, headers=fresh) for _ in range(2))
    assert first.status_code == again.status_code == 200
    assert again.get_data() == first.get_data() and again.json["decision"] == "refuse"
    assert sorted(again.headers.items()) == sorted(first.headers.items())
    assert again.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_a_verified_token_without_the_role_is_still_forbidden_on_the_check(client, housing):
    file_and_publish(client, housing)   # the filer's token is verified and cached
    answer = client.get(f"/api/v1/check?uscc={make_uscc()}", headers=housing)
    assert answer.status_code == 403 and answer.mimetype == "application/problem+json"
