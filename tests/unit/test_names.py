from hypothesis import given
from hypothesis import strategies as st

from blacklist.registry.names import normalise_name

name_chars = st.one_of(
    st.characters(),
    st.sampled_from("苏州蘇華信（）()【】[]·•・.．　 ABCabcＡＢＣ１２３ǰßİ"),
)


@given(st.text(name_chars, max_size=40))
def test_normalising_twice_changes_nothing(text):
    once = normalise_name(text)
    assert normalise_name(once) == once


@given(st.text(name_chars, max_size=40))
def test_normal_form_has_no_white_space_or_full_width_brackets(text):
    normal = normalise_name(text)
    assert not any(c.isspace() for c in normal)
    assert not set("（）【】[]") & set(normal)


def test_full_width_and_half_width_letters_and_digits_are_equal():
    assert normalise_name("ＡＢＣ１２３科技") == normalise_name("ABC123科技")


def test_full_width_brackets_equal_half_width_brackets():
    assert normalise_name("某某（苏州）科技") == normalise_name("某某(苏州)科技")


def test_square_and_lenticular_brackets_fold_to_the_same_form():
    assert normalise_name("某某【苏州】科技") == normalise_name("某某[苏州]科技") \
        == normalise_name("某某(苏州)科技")


def test_traditional_characters_equal_simplified():
    assert normalise_name("蘇州華信科技有限公司") == normalise_name("苏州华信科技有限公司")


def test_spaces_of_any_width_are_ignored():
    assert normalise_name(" 苏州 华信\u3000科技\t") == "苏州华信科技"


def test_separator_dots_are_ignored():
    assert normalise_name("阿卜杜·热合曼") == normalise_name("阿卜杜・热合曼") == "阿卜杜热合曼"


def test_latin_case_is_ignored():
    assert normalise_name("ABC") == normalise_name("abc")


def test_different_names_stay_different():
    assert normalise_name("苏州华信科技") != normalise_name("苏州华新科技")
