"""Receipts, limits and the stored record of a screening."""

import base64
import json

import pytest

from blacklist.infra.signing import SignatureError, verify_compact
from tests.factories import file_and_publish, make_id_number, make_uscc


def body(parties, **extra):
    return {"project_code": "SZGP-2026-0457", "domain": "procurement", "parties": parties, **extra}


def test_the_receipt_verifies_against_the_published_keys(client, housing, screener):
    listed = file_and_publish(client, housing)
    parties = [{"name": "甲", "uscc": listed["entity"]["uscc"]}, {"name": "乙"}]
    answer = client.post("/api/v1/screenings", json=body(parties), headers=screener).json
    payload = verify_compact(answer["receipt"], client.get("/.well-known/jwks.json").json)
    assert {k: payload[k] for k in ("id", "project_code", "domain", "checked_at", "as_of_seq")} == {
        k: answer[k] for k in ("id", "project_code", "domain", "checked_at", "as_of_seq")}
    assert [(p["name"], p["decision"]) for p in payload["parties"]] == [
        ("甲", "refuse"), ("乙", "clear")]
    assert len(payload["parties"][0]["identifier_hmac"]) == 64


def test_a_tampered_receipt_fails_verification(client, screener):
    answer = client.post("/api/v1/screenings", json=body([{"name": "甲"}]), headers=screener).json
    header, payload, signature = answer["receipt"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["parties"][0]["decision"] = "refuse"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(SignatureError):
        verify_compact(f"{header}.{forged}.{signature}", client.get("/.well-known/jwks.json").json)


def test_the_receipt_never_carries_an_identifier_in_clear(client, screener):
    uscc, id_number, rep = make_uscc(), make_id_number(), make_id_number()
    parties = [{"name": "甲", "uscc": uscc}, {"name": "乙", "id_number": id_number},
               {"name": "丙", "legal_representative": {"name": "丁", "id_number": rep}}]
    answer = client.post("/api/v1/screenings", json=body(parties), headers=screener).json
    payload = answer["receipt"].split(".")[1]
    text = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    for identifier in (uscc, id_number, rep):
        assert identifier not in text


def test_more_than_a_thousand_parties_is_too_many(client, screener):
    answer = client.post("/api/v1/screenings", headers=screener,
                         json=body([{"name": f"公司{i}"} for i in range(1001)]))
    assert answer.status_code == 413
    assert answer.json["type"] == "/problems/too-many-parties"


def test_a_thousand_parties_are_screened(client, screener):
    answer = client.post("/api/v1/screenings", headers=screener,
                         json=body([{"name": f"公司{i}"} for i in range(1000)]))
    assert answer.status_code == 201 and len(answer.json["results"]) == 1000


def test_an_empty_party_list_is_invalid(client, screener):
    answer = client.post("/api/v1/screenings", json=body([]), headers=screener)
    assert answer.status_code == 422 and "parties" in answer.json["errors"]


def test_a_bad_identifier_names_the_party_and_records_nothing(client, screener):
    uscc = make_uscc()
    bad = uscc[:-1] + ("0" if uscc[-1] != "0" else "1")
    parties = [{"name": "甲", "uscc": make_uscc()}, {"name": "乙"}, {"name": "丙", "uscc": bad},
               {"name": "丁", "id_number": "320505198013010011"},
               {"name": "戊", "legal_representative": {"name": "己", "id_number": "123"}}]
    answer = client.post("/api/v1/screenings", json=body(parties), headers=screener)
    assert answer.status_code == 422
    assert set(answer.json["errors"]) == {"parties.2.uscc", "parties.3.id_number",
                                          "parties.4.legal_representative.id_number"}
    assert screenings_kept(client) == 0
    client.post("/api/v1/screenings", json=body(parties[:2]), headers=screener)
    assert screenings_kept(client) == 1


def screenings_kept(client) -> int:
    return client.get("/api/v1/reports/annual?year=2026").json["screenings"]["total"]


def test_an_unknown_domain_and_a_party_without_a_name_are_invalid(client, screener):
    answer = client.post("/api/v1/screenings", json=body([{"name": "甲"}], domain="casino"),
                         headers=screener)
    assert answer.status_code == 422 and "domain" in answer.json["errors"]
    answer = client.post("/api/v1/screenings", json=body([{"uscc": make_uscc()}]), headers=screener)
    assert answer.status_code == 422 and "parties.0.name" in answer.json["errors"]


def test_only_a_screener_screens(client, housing):
    answer = client.post("/api/v1/screenings", json=body([{"name": "甲"}]), headers=housing)
    assert answer.status_code == 403
    assert client.post("/api/v1/screenings", json=body([{"name": "甲"}])).status_code == 401


def test_the_screening_is_kept_for_its_org_and_admin_only(client, screener, admin, token):
    answer = client.post("/api/v1/screenings", json=body([{"name": "甲"}]), headers=screener).json
    url = f"/api/v1/screenings/{answer['id']}"
    kept = client.get(url, headers=screener)
    assert kept.status_code == 200
    assert {k: kept.json[k] for k in ("id", "checked_at", "as_of_seq", "results", "receipt")} == {
        k: answer[k] for k in ("id", "checked_at", "as_of_seq", "results", "receipt")}
    assert client.get(url, headers=admin).status_code == 200
    assert client.get(url, headers=token("sz-housing", "filer")).status_code == 403
    other_screener = token("sz-trading-center", "screener", sub="someone-else")
    assert client.get(url, headers=other_screener).status_code == 200
    assert client.get("/api/v1/screenings/no-such-id", headers=screener).status_code == 404


def test_screened_parties_are_counted_by_decision(client, housing, screener):
    def counted(decision):
        for line in client.get("/metrics").text.splitlines():
            if line.startswith(f'blacklist_screenings_total{{decision="{decision}"}}'):
                return float(line.split()[-1])
        return 0.0
    listed = file_and_publish(client, housing)
    before = counted("refuse"), counted("clear")
    client.post("/api/v1/screenings", headers=screener, json=body(
        [{"name": "甲", "uscc": listed["entity"]["uscc"]}, {"name": "乙"}, {"name": "丙"}]))
    assert (counted("refuse"), counted("clear")) == (before[0] + 1, before[1] + 2)
