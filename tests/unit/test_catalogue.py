"""data/catalogue.json: the two disclosure catalogues annexed to 苏府办〔2018〕248号."""

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"
CATALOGUE = json.loads((DATA / "catalogue.json").read_text("utf-8"))
DOMAINS = {d["code"] for d in json.loads((DATA / "domains.json").read_text("utf-8"))["domains"]}
BY_CODE = {c["code"]: c for c in CATALOGUE["catalogues"]}
TRADING = BY_CODE["public_resource_trading"]["items"]
HOUSING = BY_CODE["housing"]["items"]
ALL_ITEMS = TRADING + HOUSING


def test_trading_catalogue_has_the_annexs_27_items_numbered_in_order():
    assert [i["no"] for i in TRADING] == list(range(1, 28))


def test_housing_catalogue_has_the_annexs_18_items_numbered_in_order():
    assert [i["no"] for i in HOUSING] == list(range(1, 19))


@pytest.mark.parametrize("field", ["category", "content", "attribute", "domains"])
def test_every_item_states_its_field(field):
    assert all(item[field] for item in ALL_ITEMS)


def test_every_item_is_actively_disclosed_as_the_annexes_say():
    assert {i["attribute"] for i in ALL_ITEMS} == {"主动公开"}


def test_every_item_maps_to_known_domains():
    assert all(set(i["domains"]) <= DOMAINS for i in ALL_ITEMS)


def test_housing_items_all_belong_to_housing():
    assert all(i["domains"] == ["housing"] for i in HOUSING)
    assert {i["responsible_body"] for i in HOUSING} == {"各级住房保障主管部门"}


def test_every_trading_domain_has_catalogue_items():
    trading_domains = {d for i in TRADING[1:] for d in i["domains"]}
    assert trading_domains == DOMAINS - {"housing"}


def test_each_domain_discloses_credit_rewards_and_penalties_where_the_annex_says():
    credit = {d for i in TRADING if i["content"] == "交易活动当事人信用奖惩信息"
              for d in i["domains"]}
    assert credit == {"construction", "procurement", "state_assets", "medical"}


def test_an_item_without_a_responsible_body_explains_why():
    missing = [i for i in ALL_ITEMS if not i["responsible_body"]]
    assert [i["content"] for i in missing] == ["土地供应计划"]
    assert all(i.get("note") for i in missing)


def test_items_carry_the_annexs_wording():
    assert TRADING[0]["responsible_body"] == "苏州市政府"
    assert TRADING[10]["content"] == "出让（招标、拍卖）批复"
    assert HOUSING[8]["subcategory"] == "农村危房改造相关政策措施执行情况信息"
