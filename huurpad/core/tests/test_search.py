"""The notations an officer types, made into the keys the search compares (core/search.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huurpad.core import search


@pytest.mark.parametrize(
    "typed",
    [
        "06-12345678",
        "06 1234 5678",
        "0612345678",
        "06 12 34 56 78",
        "+31 6 12345678",
        "+31612345678",
        "+31 (0)6 12345678",
        "0031612345678",
        "0031 6 1234 5678",
        "(06) 123 456 78",
        "06.12.34.56.78",
    ],
)
def test_mobile_numbers_in_every_notation_are_one_key(typed):
    assert search.phone(typed) == "0612345678"


@pytest.mark.parametrize("typed", ["030-1234567", "030 123 45 67", "(030) 1234567", "+31 30 1234567", "0031301234567"])
def test_landline_numbers(typed):
    assert search.phone(typed) == "0301234567"


def test_a_foreign_number_keeps_its_country():
    assert search.phone("+32 470 12 34 56") == "0032470123456"
    assert search.phone("0032 470 12 34 56") == "0032470123456"
    assert search.phone("") == ""


@pytest.mark.parametrize(
    "typed", ["NL91ABNA0417164300", "NL91 ABNA 0417 1643 00", "nl91 abna 0417 1643 00", "nl91abna0417164300"]
)
def test_iban_with_or_without_spaces_any_case(typed):
    assert search.iban(typed) == "NL91ABNA0417164300"


@pytest.mark.parametrize("typed", ["3521GD", "3521 GD", "3521 gd", " 3521gd "])
def test_postcode(typed):
    assert search.postcode(typed) == "3521GD"


def test_not_a_postcode():
    assert search.postcode("0521 GD") == search.postcode("352 GD") == search.postcode("Utrecht") == ""


@pytest.mark.parametrize(
    ("prefix", "surname", "keys"),
    [
        ("de", "Vries", ("vries", "devries")),
        ("van der", "Meer", ("meer", "vandermeer")),
        ("", "de Vries", ("vries", "devries")),
        ("", "Jansen", ("jansen", "jansen")),
        ("", "Çelik", ("celik", "celik")),
        ("'t", "Hart", ("hart", "thart")),
        ("", "Van", ("van", "van")),
        ("", "Jansen-de Vries", ("jansendevries", "jansendevries")),
        ("", "", ("", "")),
    ],
)
def test_name_keys(prefix, surname, keys):
    assert search.name_keys(prefix, surname) == keys


def name(text):
    (query,) = [q for q in search.parse(text) if q.kind == "name"]
    return query.surname, query.full, query.initials


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("Vries", ("vries", False, "")),
        ("vries", ("vries", False, "")),
        ("de vries", ("devries", True, "")),
        ("De Vries", ("devries", True, "")),
        ("J. de Vries", ("devries", True, "j")),
        ("J.P. van der Meer", ("vandermeer", True, "jp")),
        ("J. P. van der Meer", ("vandermeer", True, "jp")),
        ("Jan de Vries", ("devries", True, "j")),
        ("J Jansen", ("jansen", False, "j")),
        ("Vries, J. de", ("devries", True, "j")),
        ("Vries de", ("devries", True, "")),
        ("'t Hart", ("thart", True, "")),
        ("Çelik", ("celik", False, "")),
        ("Jans", ("jans", False, "")),
    ],
)
def test_names_as_people_type_them(typed, wanted):
    assert name(typed) == wanted


def kinds(text):
    return [q.kind for q in search.parse(text)]


@pytest.mark.parametrize(
    ("typed", "postcode", "number", "suffix"),
    [
        ("3521GD 12", "3521GD", 12, ""),
        ("3521 gd 12-bis", "3521GD", 12, "BIS"),
        ("3521GD12", "3521GD", 12, ""),
        ("3521 GD 12 A", "3521GD", 12, "A"),
        ("3521gd 12a", "3521GD", 12, "A"),
        ("3521 GD, 12", "3521GD", 12, ""),
        ("3521 GD", "3521GD", None, ""),
    ],
)
def test_postcode_with_number(typed, postcode, number, suffix):
    (query,) = [q for q in search.parse(typed) if q.kind == "postcode"]
    assert (query.postcode, query.number, query.suffix) == (postcode, number, suffix)
    assert "name" not in kinds(typed) and "street" not in kinds(typed)


@pytest.mark.parametrize(
    ("typed", "street", "number", "suffix"),
    [
        ("Lindelaan 12", "lindelaan", 12, ""),
        ("lindelaan 12-bis", "lindelaan", 12, "BIS"),
        ("Lindelaan 12A", "lindelaan", 12, "A"),
        ("Van der Helststraat 3", "vanderhelststraat", 3, ""),
        ("2e Jan Steenstraat 4", "2ejansteenstraat", 4, ""),
        ("Linde 1", "linde", 1, ""),
    ],
)
def test_street_and_number(typed, street, number, suffix):
    (query,) = [q for q in search.parse(typed) if q.kind == "street"]
    assert (query.street, query.number, query.suffix) == (street, number, suffix)


def test_what_each_query_may_be():
    assert kinds("0612345678") == ["contract", "phone"]
    assert kinds("06-12345678") == ["contract", "phone"]
    assert kinds("+31 6 12345678") == ["phone"]
    assert kinds("030-1234567") == ["contract", "phone"]
    assert kinds("Jan.Jansen@Example.nl") == ["email"]
    assert search.parse("Jan.Jansen@Example.nl")[0].key == "jan.jansen@example.nl"
    assert kinds("NL91 ABNA 0417 1643 00") == ["iban"]
    assert kinds("06 1234 5678") == ["phone"]  # a contract number has no spaces
    assert kinds("nl91abna0417164300")[0] == "iban"
    assert kinds("DEMO-01917-1")[0] == "contract"
    assert search.parse("demo-01917-1")[0].key == "DEMO-01917-1"
    assert kinds("de Vries") == ["name"]


@pytest.mark.parametrize("typed", ["", " ", "a", "%", "%%%%", "'; drop table x; --", "*", "\x00", "12", "..", "é"])
def test_a_bad_or_empty_query_means_nothing_or_something_harmless(typed):
    for query in search.parse(typed):
        assert query.kind in search.KINDS
    assert search.parse("") == search.parse("a") == search.parse("%") == []


@given(st.text(max_size=300))
def test_any_text_parses_into_known_kinds_with_clean_keys(text):
    for query in search.parse(text):
        assert query.kind in search.KINDS
        for key in (query.surname, query.initials, query.street):
            assert set(key) <= set(search.ALPHABET)


@given(st.text(alphabet=search.ALPHABET, min_size=1, max_size=8), st.text(alphabet=search.ALPHABET, max_size=8))
def test_after_bounds_exactly_the_keys_with_that_prefix(prefix, other):
    end = search.after(prefix)
    inside = prefix <= other < end if end else prefix <= other
    assert inside == other.startswith(prefix)
    key = prefix + other
    assert prefix <= key and (not end or key < end)


@given(st.text(alphabet="0123456789 -+()", max_size=20))
def test_phone_keys_are_digits(text):
    assert search.phone(text).isdigit() or search.phone(text) == ""
