import json

import pytest

from huurpad.cases.imports import import_events
from huurpad.cases.models import CaseEvent
from huurpad.imports import ImportFailed
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db

EVENTS = [
    {
        "tenancy_ref": "HC001",
        "date": "2026-01-10",
        "type": "reminder_letter",
        "offers_data_sharing": True,
        "points_to_debt_help": True,
    },
    {"tenancy_ref": "HC001", "date": "2026-01-12", "type": "contact_attempt", "channel": "phone", "reached": False},
    {
        "tenancy_ref": "HC001",
        "date": "2026-01-12",
        "type": "contact_attempt",
        "channel": "phone",
        "reached": False,
        "day_part": "evening",
    },
    {
        "tenancy_ref": "HC001",
        "date": "2026-02-20",
        "type": "early_signal_sent",
        "municipality_code": "363",
        "amount": "1400.00",
    },
    {
        "tenancy_ref": "HC001",
        "date": "2026-03-01",
        "type": "arrangement_started",
        "arrears_at_start": "1400.00",
        "first_due": "2026-04-01",
        "count": 6,
        "by": "mw. Jansen",
    },
]


def jsonl(tmp_path, rows, name="events.jsonl"):
    path = tmp_path / name
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


@pytest.fixture
def tenancy(db):
    return make_tenancy("HC001")


def test_imports_events_keeping_what_came_with_them(tmp_path, tenancy):
    result = import_events(jsonl(tmp_path, EVENTS))
    assert result.created == 5
    signal = CaseEvent.objects.get(type="early_signal_sent")
    assert signal.params == {"municipality_code": "GM0363", "amount": "1400.00"}
    assert signal.source == "import"
    # The instalment left out is worked out from the arrears and the count (rounded up to the cent).
    assert CaseEvent.objects.get(type="arrangement_started").params == {
        "arrears_at_start": "1400.00",
        "first_due": "2026-04-01",
        "count": 6,
        "instalment": "233.34",
        "by": "mw. Jansen",
    }
    # Two calls on one day are two events; only an exact repeat is the same event.
    assert CaseEvent.objects.filter(type="contact_attempt").count() == 2


def test_same_file_twice_adds_nothing(tmp_path, tenancy):
    path = jsonl(tmp_path, EVENTS)
    import_events(path)
    again = import_events(path)
    assert (again.created, again.unchanged) == (0, 5)
    assert CaseEvent.objects.count() == 5


@pytest.mark.parametrize(
    "row, field, why",
    [
        ("{not json", "", "is not valid JSON"),
        (
            {"tenancy_ref": "HC404", "date": "2026-01-01", "type": "bailiff_handover"},
            "tenancy_ref",
            "not a known tenancy",
        ),
        ({"tenancy_ref": "HC001", "date": "2026-02-30", "type": "bailiff_handover"}, "date", "not a date"),
        ({"tenancy_ref": "HC001", "date": "2026-01-01", "type": "lunch"}, "type", "is not one of"),
        (
            {"tenancy_ref": "HC001", "date": "2026-01-01", "type": "reminder_letter", "offers_data_sharing": True},
            "points_to_debt_help",
            "is missing",
        ),
        (
            {
                "tenancy_ref": "HC001",
                "date": "2026-01-01",
                "type": "contact_attempt",
                "channel": "pigeon",
                "reached": True,
            },
            "channel",
            "is not one of",
        ),
        (
            {
                "tenancy_ref": "HC001",
                "date": "2026-01-01",
                "type": "contact_attempt",
                "channel": "sms",
                "reached": "yes",
            },
            "reached",
            "true or false",
        ),
        (
            {"tenancy_ref": "HC001", "date": "2026-01-01", "type": "wik_letter", "costs": "40,00"},
            "costs",
            "is not an amount",
        ),
        (
            {"tenancy_ref": "HC001", "date": "2026-01-01", "type": "arrangement_started", "first_due": "2026-02-01"},
            "arrears_at_start",
            "is missing",
        ),
        (
            {
                "tenancy_ref": "HC001",
                "date": "2026-01-01",
                "type": "arrangement_started",
                "arrears_at_start": "900.00",
                "first_due": "2026-02-01",
            },
            "count",
            "needs count, instalment or both",
        ),
        (
            {
                "tenancy_ref": "HC001",
                "date": "2026-01-01",
                "type": "arrangement_started",
                "arrears_at_start": "900.00",
                "first_due": "2026-02-01",
                "count": 0,
            },
            "count",
            "less than 1",
        ),
        (
            {
                "tenancy_ref": "HC001",
                "date": "2026-01-01",
                "type": "arrangement_started",
                "arrears_at_start": "900.00",
                "first_due": "1 februari",
                "instalment": "100.00",
            },
            "first_due",
            "not a date",
        ),
        (
            {"tenancy_ref": "HC001", "date": "2026-01-01", "type": "pause_started", "reason": "schuldhulp"},
            "reason",
            "is not one of",
        ),
        (
            {
                "tenancy_ref": "HC001",
                "date": "2026-01-01",
                "type": "pause_started",
                "reason": "officer",
                "review_date": "2025-12-01",
            },
            "review_date",
            "is not after",
        ),
    ],
)
def test_a_bad_line_imports_nothing_and_says_where(tmp_path, tenancy, row, field, why):
    path = jsonl(tmp_path, [EVENTS[0], row])
    with pytest.raises(ImportFailed) as failure:
        import_events(path)
    where = f"{path}:2: {field}:" if field else f"{path}:2: "
    assert where in str(failure.value)
    assert why in str(failure.value)
    assert CaseEvent.objects.count() == 0


def test_the_timeline_is_append_only(tmp_path, tenancy):
    import_events(jsonl(tmp_path, EVENTS[:1]))
    event = CaseEvent.objects.get()
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


@pytest.mark.parametrize(
    "raw, why",
    [
        (b"\xff\xfe{}", "is not UTF-8"),
        (b"[" * 5000 + b"]" * 5000, "nested too deeply"),
        (
            b'{"tenancy_ref": "HC001", "date": "2026-01-01", "type": "wik_letter", "costs": NaN}',
            "NaN is not a number here",
        ),
        (
            b'{"tenancy_ref": "HC001", "date": "2026-01-01", "type": "bailiff_handover", "note": "\\ud800"}',
            "not valid Unicode",
        ),
        (
            b'{"tenancy_ref": "HC001", "date": "2026-01-01", "type": "bailiff_handover", "note": "a\\u0000b"}',
            "holds a NUL character",
        ),
    ],
)
def test_what_the_fuzzing_found_is_refused_naming_the_line(tmp_path, tenancy, raw, why):
    path = tmp_path / "events.jsonl"
    path.write_bytes(json.dumps(EVENTS[0]).encode() + b"\n" + raw + b"\n")
    with pytest.raises(ImportFailed) as failure:
        import_events(path)
    assert f"{path}:2: " in str(failure.value) and why in str(failure.value)
    assert CaseEvent.objects.count() == 0
