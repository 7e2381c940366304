"""Identifiers are canonical everywhere (API.md, Conventions): however a code was typed,
the same party is one entity, refused by its code, and found by public search."""

from urllib.parse import urlencode

import pytest

from tests.factories import company, file_and_publish, make_id_number, make_uscc, person

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ALLOWED = "91350203M0001QAY9B"  # data/rules.json uscc_allowed: a real code, a wrong check


def full_width(code: str) -> str:
    return code.translate(FULL_WIDTH)


def check(client, headers, **params):
    return client.get(f"/api/v1/check?{urlencode(params)}", headers=headers)


def test_a_person_filed_with_full_width_digits_is_refused_by_the_ascii_number(
        client, housing, screener):
    number = make_id_number()
    listed = file_and_publish(client, housing, entity=person("周某", full_width(number)))
    assert listed["entity"]["id_number"] == number
    assert check(client, screener, id_number=number).json["decision"] == "refuse"
    answer = client.post("/api/v1/screenings", headers=screener, json={
        "domain": "construction", "parties": [{"name": "周某", "id_number": number}]})
    assert answer.json["results"][0]["decision"] == "refuse"
    found = client.get(f"/api/v1/public/listings?{urlencode({'q': number})}").json
    assert [item["id"] for item in found["items"]] == [listed["id"]]


def test_a_full_width_code_at_the_trading_center_is_refused_not_a_500(client, housing, screener):
    uscc = make_uscc()
    file_and_publish(client, housing, entity=company(uscc=uscc))
    answer = check(client, screener, uscc=f"  {full_width(uscc).lower()} ")
    assert answer.status_code == 200 and answer.json["decision"] == "refuse"
    screened = client.post("/api/v1/screenings", headers=screener, json={
        "domain": "construction", "parties": [{"name": "某公司", "uscc": full_width(uscc)}]})
    assert screened.status_code == 201 and screened.json["results"][0]["decision"] == "refuse"


def test_the_same_code_typed_two_ways_is_one_entity(client, housing):
    uscc = make_uscc()
    first = file_and_publish(client, housing, entity=company("苏州甲建设有限公司", uscc))
    second = file_and_publish(client, housing, entity=company("苏州甲建设有限公司",
                                                              full_width(uscc)))
    assert second["entity"]["uscc"] == first["entity"]["uscc"] == uscc
    found = client.get(f"/api/v1/public/listings?{urlencode({'q': full_width(uscc)})}").json
    assert found["total"] == 2


@pytest.mark.parametrize("field", ["uscc", "id_number"])
@pytest.mark.parametrize("spoil", [
    lambda code: code.translate(ARABIC_INDIC),     # other script digits: not ASCII after NFKC
    lambda code: code[:5] + "\u200b" + code[5:],   # a zero-width space inside
    lambda code: "\u202e" + code,                  # a bidi override in front
])
def test_a_code_that_is_not_ascii_after_folding_is_a_422_naming_the_field(
        client, housing, screener, field, spoil):
    code = make_uscc() if field == "uscc" else make_id_number()
    entity = company(uscc=spoil(code)) if field == "uscc" else person("周某", spoil(code))
    filed = client.post("/api/v1/listings", headers=housing, json={
        "entity": entity, "domain": "construction", "category": "market_order",
        "decision_no": "苏建罚〔2026〕1号", "decision_date": "2026-11-20", "facts": "串通投标",
        "legal_basis": "《招标投标法》第五十三条"})
    assert filed.status_code == 422
    assert "is not allowed" in filed.json["errors"][f"entity.{field}"][0]
    checked = check(client, screener, **{field: spoil(code)})
    assert checked.status_code == 422 and field in checked.json["errors"]


def test_a_registered_code_with_a_wrong_check_character_is_refused_by_its_code(
        client, housing, screener):
    listed = file_and_publish(client, housing, entity=company(uscc=ALLOWED))
    assert listed["entity"]["uscc"] == ALLOWED
    assert check(client, screener, uscc=ALLOWED.lower()).json["decision"] == "refuse"
    answer = client.post("/api/v1/screenings", headers=screener, json={
        "domain": "construction", "parties": [{"name": "另一个名字", "uscc": ALLOWED}]})
    assert answer.status_code == 201 and answer.json["results"][0]["decision"] == "refuse"
