"""Places in company names: where they stand as a place, they are not what is compared."""

from pathlib import Path

import pytest

from blacklist.registry.names import normalise_name
from blacklist.registry.places import Places
from blacklist.screening.index.config import load_matching_config, load_regions
from blacklist.screening.index.ngrams import NameAnalyser

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def reduce():
    analyser = NameAnalyser(load_matching_config(DATA / "matching.json"))
    return lambda name: analyser.reduce(normalise_name(name))


@pytest.mark.parametrize("name", [
    "太白县华信达电子科技有限公司", "陕西省宝鸡市太白县华信达电子科技有限公司",
    "宝鸡市太白县华信达电子科技有限公司", "陕西太白县华信达电子科技有限公司",
    "宝鸡华信达电子科技有限公司", "新疆华信达电子科技有限公司", "江苏省苏州市华信达电子科技有限公司",
])
def test_a_leading_place_at_any_level_is_not_compared(reduce, name):
    assert reduce(name) == reduce("华信达电子科技有限公司") == "华信达电子科技"


@pytest.mark.parametrize("name", [
    "华信达（太白县）电子科技有限公司", "华信达(太白县)电子科技有限公司", "华信达(太白)电子科技有限公司",
    "华信达【陕西太白】电子科技有限公司", "华信达（陕西省宝鸡市）电子科技有限公司",
    "华信达电子科技(太白县)有限公司", "華信達（太白縣）電子科技有限公司",
])
def test_a_place_in_brackets_of_either_width_is_not_compared(reduce, name):
    assert reduce(name) == "华信达电子科技"


def test_a_short_county_form_after_the_city_stays_as_the_brand(reduce):
    # 宏伟 is a district of 辽阳 as well as a common 字号.
    assert reduce("苏州宏伟建材有限公司") == reduce("宏伟建材有限公司") == "宏伟建材"
    assert reduce("苏州宏伟建材有限公司") != reduce("苏州兴隆建材有限公司")


def test_brackets_that_hold_more_than_places_keep_their_words(reduce):
    assert reduce("太白县(华信达)电子科技有限公司") == "华信达电子科技"
    assert "华信达" in reduce("某某(华信达)电子科技有限公司")


def test_a_name_that_is_only_a_place_keeps_its_place(reduce):
    assert reduce("太白县有限公司") != reduce("眉县有限公司")


def test_the_dictionary_holds_every_level_of_the_whole_country():
    places = Places(load_regions(DATA)["places"])
    assert len(places) > 5000   # full and short forms of ~3,400 divisions
    for name in ("黑龙江省华信达", "新疆维吾尔自治区华信达", "延边朝鲜族自治州华信达", "浦东新区华信达",
                 "延边华信达", "广西华信达"):
        assert places.strip(name) == "华信达", name


def test_a_place_whose_name_normalising_changes_is_still_a_place(reduce):
    # opencc folds 乾 to 干 in a name; the dictionary is folded the same way.
    assert reduce("松原市乾安县趋向仪器仪表有限公司") == reduce("趋向仪器仪表有限公司")
