"""NHS-number detection (modulus 11), worked by hand.

9434765919: 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 mod 11 = 2;
11 - 2 = 9 = the last digit, so it is valid. 4010232137: 40+0+8+0+12+15+8+3+6 = 92;
92 mod 11 = 4; 11 - 4 = 7: valid. 123456789x: 210 mod 11 = 1, check 10: never valid.
100000006x: 10 + 12 = 22, mod 11 = 0, check 11 -> 0: 1000000060 is valid.

The false-positive cases are built so that their ten digits, read together, DO pass the check
(asserted in the test): each is refused only by the rule that recognises it as a date, money,
a staff number and a count, and so on.
"""

import unicodedata

import pytest

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.identifiers import (
    NhsNumberRefused,
    find_all,
    find_nhs_number,
    mask,
    masked_nhs_number,
    nhs_number_is_valid,
    nhs_number_reason,
    redact,
    refuse_patient_identifiers,
)


def digits_of(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) for c in text if c.isdecimal())


def in_script(digits: str, zero: int) -> str:
    """``digits`` written in the Unicode script whose zero is ``zero``."""
    return "".join(chr(zero + int(d)) for d in digits)


#: every form of one number the guard must recognise (also used by the import tests)
FORMS = {
    "bare": "9434765919",
    "spaced": "943 476 5919",
    "dashed": "943-476-5919",
    "dotted": "943.476.5919",
    "nbsp": "943\u00a0476\u00a05919",
    "thin": "943\u2009476\u20095919",
    "narrow-nbsp": "943\u202f476\u202f5919",
    "figure-space": "943\u2007476\u20075919",
    "en-dash": "943\u2013476\u20135919",
    "nb-hyphen": "943\u2011476\u20115919",
    "zero-width": "943\u200b476\u200b5919",
    "soft-hyphen": "943\u00ad476\u00ad5919",
    "tab": "943\t476\t5919",
    "mixed": "943 476-5919",
    "double-space": "943  476  5919",
    "pairs": "94 34 76 59 19",
    "singles": "9 4 3 4 7 6 5 9 1 9",
    "other-grouping": "943 4765 919",
    "full-width": in_script("9434765919", 0xFF10),
    "full-width-spaced": f"{in_script('943', 0xFF10)}\u3000{in_script('476', 0xFF10)}\u3000{in_script('5919', 0xFF10)}",
    "arabic-indic": in_script("9434765919", 0x0660),
    "devanagari": in_script("9434765919", 0x0966),
    "mathematical-bold": in_script("9434765919", 0x1D7CE),
    "in-text": "Baby of mother NHS no 943 476 5919 reviewed",
    "glued-to-letters": "NHS9434765919.",
}


@pytest.mark.parametrize("digits", ["9434765919", "4010232137", "1000000060", in_script("9434765919", 0xFF10)])
def test_valid_check_digits(digits):
    assert nhs_number_is_valid(digits)


@pytest.mark.parametrize(
    "digits",
    ["9434765918", "9434765910", "4010232138", "1234567890", "1234567891", "943476591", "94347659190", "94347a5919", ""],
)
def test_invalid_check_digits_and_shapes(digits):
    assert not nhs_number_is_valid(digits)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_form_is_found_with_its_digits(form):
    hits = find_all(FORMS[form])
    assert [h.digits for h in hits] == ["9434765919"]
    assert masked_nhs_number(FORMS[form]) == "943 *** ****"


@pytest.mark.parametrize(
    "text",
    [
        "(401 023 2137)",
        "943 476 5919 12 babies",  # 3-3-4 inside a longer run
        "943.476.5919 12",  # set apart by a different separator
        "943 476 5919 - 2nd review",
        "2024-03-12 943 476 5919",  # a date before it is not joined to it
        "943.476.5919 2024-03-01",
        "Seen 12.03.2024, NHS 9434765919",
        "94347 65919",  # 5-5
        "9434765919 12",  # one unbroken group of ten inside a longer run
    ],
)
def test_found_in_context(text):
    assert find_nhs_number(text) is not None


@pytest.mark.parametrize("value", [9434765919, 9434765919.0])
def test_numbers_are_read_as_their_digits(value):
    """A workbook cell holding the number as a number, not text."""
    assert masked_nhs_number(value) == "943 *** ****"


@pytest.mark.parametrize(
    "text",
    [
        "9434765918",  # wrong check digit
        "943 476 5918",
        "19434765919",  # inside an 11-digit run
        "94347659190",  # inside a longer run
        "Order 123943476591900",
        "1234567890",  # check digit would be 10
        "9434765919123",  # the start of a 13-digit run
        "020 7946 0958",  # a telephone number (11 digits)
        "0161 496 0000",
        "+44 20 7946 0958",
        "01632 960961",
        "0163 296 0961",  # 10 digits written like a phone number, failing the check
        "case R24-017, 23+4 weeks, 2024-03-02",
        "RXQ",
        "RXQ02",
        "R1F01",  # ODS codes
        "12345678",
        "staff 12345678, 23456789 and 34567890",  # 8-digit staff numbers
        "12345678 23456789",
        "1234567",
        "123456789",
        "",
        None,
        True,
        12.5,
    ],
)
def test_not_matched(text):
    assert find_nhs_number(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "1.2.2024 10.08",  # a date and a time
        "2024-03-12 18.00",
        "12.03.2024 07",  # a date and a count
        "\uff11\uff12.\uff10\uff13.\uff12\uff10\uff12\uff14 \uff10\uff17",  # the same in full-width digits
        "12345678 06",  # an 8-digit staff number and a count
        "£9 434 765 919",  # money
        "£9434765919",
        "$9434765919",
        "£ 9434765919",
        "94347659.19",  # a decimal amount
        "9 434 765 919",  # thousands groups
        "9.434.765.919",
    ],
)
def test_no_false_alarm_even_when_the_digits_pass_the_check(text):
    assert nhs_number_is_valid(digits_of(text)[:10]) or nhs_number_is_valid(digits_of(text))
    assert find_nhs_number(text) is None, text


def test_mask_and_redact_never_show_more_than_three_digits():
    assert mask("9434765919") == "943 *** ****"
    assert mask(in_script("9434765919", 0xFF10)) == "943 *** ****"
    text = "a 943 476 5919 b 4010232137 c"
    assert redact(text) == "a 943 *** **** b 401 *** **** c"
    assert redact("nothing here 12345678") == "nothing here 12345678"


def test_reason_names_the_staff_number_rule():
    assert nhs_number_reason("12345678", staff_number=True) is None
    reason = nhs_number_reason("9434765919", staff_number=True)
    assert "943 *** ****" in reason and "8 digits" in reason and "NHS number" in reason
    assert "9434765919" not in reason
    reason = nhs_number_reason("see 943 476 5919")
    assert "943 *** ****" in reason and "476" not in reason


def test_refuse_says_why_without_the_number():
    assert refuse_patient_identifiers("case R24-017", "Reference") == "case R24-017"
    with pytest.raises(InvalidValue, match="Reference looks like it contains an NHS number") as info:
        refuse_patient_identifiers("R24-017 943 476 5919", "Reference")
    assert isinstance(info.value, NhsNumberRefused)
    assert "943 *** ****" in str(info.value) and "476" not in str(info.value)
