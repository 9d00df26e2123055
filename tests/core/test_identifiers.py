"""NHS-number detection (modulus 11), worked by hand.

9434765919: 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 mod 11 = 2;
11 - 2 = 9 = the last digit, so it is valid. 4010232137: 40+0+8+0+12+15+8+3+6 = 92;
92 mod 11 = 4; 11 - 4 = 7: valid. 123456789x: 210 mod 11 = 1, check 10: never valid.
100000006x: 10 + 12 = 22, mod 11 = 0, check 11 -> 0: 1000000060 is valid.
"""

import pytest

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.identifiers import (
    find_nhs_number,
    nhs_number_is_valid,
    refuse_patient_identifiers,
)


@pytest.mark.parametrize("digits", ["9434765919", "4010232137", "1000000060"])
def test_valid_check_digits(digits):
    assert nhs_number_is_valid(digits)


@pytest.mark.parametrize(
    "digits",
    ["9434765918", "9434765910", "4010232138", "1234567890", "1234567891", "943476591", "94347659190", "94347a5919", ""],
)
def test_invalid_check_digits_and_shapes(digits):
    assert not nhs_number_is_valid(digits)


@pytest.mark.parametrize(
    "text",
    [
        "9434765919",
        "943 476 5919",
        "943-476-5919",
        "Baby of mother 943 476 5919, see notes",
        "NHS no:9434765919.",
        "(401 023 2137)",
        "943\u00a0476\u00a05919",  # non-breaking spaces (pasted from Word or Excel)
        "943\u202f476\u202f5919",  # narrow no-break spaces
        "943\u2009476\u20095919",  # thin spaces
        "943\u2013476\u20135919",  # en dashes
        "943\u2011476\u20115919",  # non-breaking hyphens
        "943  476  5919",  # two spaces between the groups
        "NHS9434765919",  # letters right beside the digits do not protect it
    ],
)
def test_formatting_variants_found(text):
    assert find_nhs_number(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "9434765918",  # wrong check digit
        "943 476 5918",
        "19434765919",  # inside an 11-digit run
        "94347659190",  # inside a longer run
        "Order 123943476591900",
        "1234567890",  # check digit would be 10
        "943 4765 919",  # not 3-3-4
        "943 476-5919",  # mixed separators are not one number
        "943\u00a0476-5919",  # mixed, whatever the kind of space
        "943 476  5919",  # different gaps
        "9434765919123",  # the start of a 13-digit run
        "020 7946 0958",  # a telephone number
        "case R24-017, 23+4 weeks, 2024-03-02",
        "",
        None,
    ],
)
def test_not_matched(text):
    assert find_nhs_number(text) is None


def test_refuse_says_why():
    assert refuse_patient_identifiers("case R24-017", "Reference") == "case R24-017"
    with pytest.raises(InvalidValue, match="Reference looks like it contains an NHS number"):
        refuse_patient_identifiers("R24-017 943 476 5919", "Reference")
