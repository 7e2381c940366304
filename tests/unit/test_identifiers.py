import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blacklist.registry.identifiers import (
    USCC_CHARSET,
    IdentifierError,
    check_id_number,
    check_uscc,
    id_check_char,
    mask_id_number,
    org_code_check_char,
    uscc_check_char,
)

DIGITS = "0123456789"
ORG_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@st.composite
def usccs(draw):
    """Any code that GB 32100 and GB 11714 accept."""
    head = draw(st.sampled_from(["91", "92", "93", "11", "12", "51", "52", "N1", "Y1"]))
    area = draw(st.text(DIGITS, min_size=6, max_size=6))
    body = draw(st.text(ORG_BODY, min_size=8, max_size=8))
    first17 = head + area + body + org_code_check_char(body)
    if first17[16] not in USCC_CHARSET:
        first17 = head + area + body[:7] + "0" + org_code_check_char(body[:7] + "0")
    return first17 + uscc_check_char(first17)


@st.composite
def id_numbers(draw):
    day = draw(st.dates(min_value=__import__("datetime").date(1900, 1, 1)))
    first17 = (draw(st.text(DIGITS, min_size=6, max_size=6)) + day.strftime("%Y%m%d")
               + draw(st.text(DIGITS, min_size=3, max_size=3)))
    return first17 + id_check_char(first17)


def test_the_standards_worked_examples_pass():
    assert check_uscc("9144030071526726XG") == "9144030071526726XG"
    assert check_uscc("914403001922038216") == "914403001922038216"
    assert check_id_number("11010519491231002X") == "11010519491231002X"


def test_a_lower_case_x_is_accepted_and_upper_cased():
    assert check_id_number("11010519491231002x") == "11010519491231002X"
    assert check_uscc("9144030071526726xg") == "9144030071526726XG"


@given(usccs())
def test_every_well_formed_uscc_passes(code):
    assert check_uscc(code) == code


@given(usccs(), st.integers(0, 17), st.sampled_from(USCC_CHARSET))
def test_changing_one_character_of_a_uscc_is_caught(code, position, replacement):
    forged = code[:position] + replacement + code[position + 1:]
    if forged == code:
        return
    with pytest.raises(IdentifierError):
        check_uscc(forged)


@given(usccs())
def test_a_wrong_uscc_check_character_says_what_was_expected(code):
    wrong = USCC_CHARSET[(USCC_CHARSET.index(code[17]) + 1) % 31]
    with pytest.raises(IdentifierError, match=f"expected {code[17]}, got {wrong}"):
        check_uscc(code[:17] + wrong)


def test_a_broken_embedded_organisation_code_is_caught_even_with_a_fixed_final_check():
    code = "914403007152672" + "6" + "0"   # org-code check digit 0 instead of X
    forged = code[:17] + uscc_check_char(code[:17])
    with pytest.raises(IdentifierError, match="organisation code check digit"):
        check_uscc(forged)


@pytest.mark.parametrize("code, message", [
    ("9144030071526726X", "18 characters"),
    ("9144030071526726IG", "'I' is not allowed"),
    ("91AB030071526726XG", "area code"),
])
def test_malformed_usccs_say_what_is_wrong(code, message):
    with pytest.raises(IdentifierError, match=message):
        check_uscc(code)


def test_the_individual_business_placeholder_fails_unless_allowed():
    with pytest.raises(IdentifierError):
        check_uscc("00000000000000000X")
    assert check_uscc("91350203M0001QAY9B", allowed=frozenset({"91350203M0001QAY9B"}))


@given(id_numbers())
def test_every_well_formed_id_number_passes(number):
    assert check_id_number(number) == number


@given(id_numbers(), st.integers(0, 16), st.sampled_from(DIGITS))
def test_changing_one_digit_of_an_id_number_is_caught(number, position, digit):
    forged = number[:position] + digit + number[position + 1:]
    if forged == number:
        return
    with pytest.raises(IdentifierError):
        check_id_number(forged)


def test_an_impossible_birth_date_is_named():
    first17 = "32050519800231123"
    with pytest.raises(IdentifierError, match="birth date 19800231"):
        check_id_number(first17 + id_check_char(first17))


@given(id_numbers())
def test_masking_keeps_only_the_first_and_last_four(number):
    masked = mask_id_number(number)
    assert masked[:4] == number[:4] and masked[-4:] == number[-4:]
    assert set(masked[4:-4]) == {"*"} and len(masked) == 18


NON_ASCII_DIGITS = [chr(c) for c in range(0x110000)
                    if chr(c).isdecimal() and not chr(c).isascii()
                    and not unicodedata.normalize("NFKC", chr(c)).isascii()]


@given(usccs(), st.sampled_from(["", " ", "\u3000", "\t"]))
def test_a_uscc_typed_in_full_width_folds_to_the_same_code(code, blank):
    wide = code.translate(str.maketrans("0123456789ABCDEFGHJKLMNPQRTUWXY",
                                        "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ"))
    assert check_uscc(blank + wide.lower() + blank) == code


@given(id_numbers(), st.sampled_from(NON_ASCII_DIGITS), st.integers(0, 16))
def test_a_digit_of_another_script_in_an_id_number_is_refused(number, digit, position):
    typed = number[:position] + digit + number[position + 1:]
    with pytest.raises(IdentifierError, match="is not allowed"):
        check_id_number(typed)
