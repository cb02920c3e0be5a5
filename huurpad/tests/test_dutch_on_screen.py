"""Everything on screen is Dutch (issue 22, item 8): every page of a small generated demo, asked as
each demo user (one per role), the partner and a tenant in the portal, shows no internal code
(`signal_notice`), no English word from a list, no English month and no '1 signalen'.

The walk (huurpad/testing/pages.py) fills each URL pattern's parameters from real records: a few
tenancies that between them hold every kind of timeline event and record, and the first and last
record of each kind a page shows; htmx fragments are asked too. What it checks is
huurpad/testing/screen.py.

By hand, on a copy of the full demo (the walk writes access-log lines and a portal account):
`PYTHONPATH=$PWD DATABASE_URL=sqlite:////tmp/copy.sqlite3 SECRET_KEY=... python scripts/dutch-on-screen.py`."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.template import Context, Template
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from conftest import Client  # force_login passes the second factor too
from huurpad.accounts.roles import Role
from huurpad.cases import actions as case_actions
from huurpad.cases import events, outside
from huurpad.cases.models import Measure
from huurpad.core.dutch import MONTHS, date_nl_short, plural_nl
from huurpad.core.policy.labels import action_label
from huurpad.messaging import texts
from huurpad.signals.timeline import event_details
from huurpad.solutions import arrangements, former
from huurpad.solutions.models import Pause
from huurpad.tenancies.models import Tenancy
from huurpad.testing import pages as walker
from huurpad.testing.ledgers import book, make_tenancy
from huurpad.testing.screen import problems, shown_text

SIZE = {"tenancies": 60, "months": 12, "seed": 7, "replay_days": 10}
TENANT = walker.TENANT
OFFICER = Role.INCASSOMEDEWERKER.value


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """A small demo (its files in a folder of its own), built once for this module inside a
    transaction that is rolled back after; the tenancies the walk opens."""
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock(), transaction.atomic():
        patch.setattr(settings, "VAR_DIR", tmp_path_factory.mktemp("var"))
        call_command("demo", no_serve=True, stdout=StringIO(), **SIZE)
        day_of_work()
        yield walker.rich_refs()
        transaction.set_rollback(True)


def day_of_work() -> None:
    """What people do that the generated history does not: a call with a promise, a note, how the
    tenant may be reached, a measure, a signal from elsewhere, a pause; on the household with the
    highest arrears, through the house's own actions (so their events hold what those write)."""
    officer = get_user_model().objects.get(username=OFFICER)
    today = timezone.localdate()
    tenancy = Tenancy.objects.filter(state__arrears_cents__gt=0).order_by("-state__arrears_cents").first()
    case_actions.record_contact(
        tenancy,
        acting_user=officer,
        channel="phone",
        reached=True,
        day_part="middag",
        outcome="promise_to_pay",
        promise_date=today + timedelta(days=5),
        debt_help_pointed=True,
        note="Betaalt vrijdag",
    )
    case_actions.add_note(tenancy, text="Huurder werkt in ploegen", acting_user=officer)
    case_actions.set_channel_limits(
        tenancy,
        no_calls=False,
        refused=["email", "whatsapp"],
        interpreter_needed=True,
        language="Pools",
        acting_user=officer,
    )
    case_actions.apply_measure(
        tenancy, kind=Measure.Kind.BUDGET_COACH, started_on=today, note="Via de gemeente", acting_user=officer
    )
    outside.record(
        tenancy, "energy_arrears", "Gehoord bij het huisbezoek", today, acting_user=officer, heard_from="buren"
    )
    if not Pause.objects.filter(tenancy=tenancy, ended_on__isnull=True).exists():
        arrangements.start_pause(tenancy, reason=Pause.Reason.OFFICER, acting_user=officer, today=today)
    # A tenant who left: a forwarding address, and the final bill with a collection agency.
    ended = today - timedelta(days=60)
    left = make_tenancy(end=ended, start=ended.replace(year=ended.year - 2), phone="0612345678")
    book(
        left,
        f"{ended.replace(day=1)} rent 650.00\n{ended + timedelta(days=5)} deposit_settlement 500.00\n"
        f"{ended + timedelta(days=5)} repair_charge 275.00",
    )
    former.record_forwarding_address(left, "Kade 1, 1011 AA Amsterdam", acting_user=officer)
    events.agency_handover(
        left, today, agency="Incasso Noord BV", amount=Decimal("125.00"), reference="INC-42", acting_user=officer
    ).save()


@pytest.mark.django_db
def test_every_page_for_every_role_is_in_dutch(demo):
    every, unfilled = walker.pages(demo)
    assert not unfilled, f"the walk does not know how to fill these (add them to testing/pages.py): {unfilled}"
    # The officer opens every tenancy of the sample; the others (whose panels differ in what they
    # may do, not in what happened) the first two, to keep the walk to a minute.
    fewer, _ = walker.pages(demo[:2])
    walk = walker.walk(
        (who, client, every if who == OFFICER else fewer) for who, client in walker.signed_in(Client, demo).items()
    )
    assert not walk.failed, "\n".join(walk.failed)
    assert not walk.findings, walk.report()
    # The walk reached the pages that matter, as the users who work with them.
    for who, name in [
        ("incassomedewerker", "tenancy_detail"),
        ("incassomedewerker", "cases:today"),
        ("incassomedewerker", "worklist"),
        ("incassomedewerker", "page_form"),
        ("teamleider", "policy"),
        ("teamleider", "signals:overview"),
        ("teamleider", "solutions:write_off_queue"),
        ("woonconsulent", "rents:moves"),
        ("beheerder", "access_search"),
        ("partner", "cases:partner_list"),
        (TENANT, "portal:overview"),
        (TENANT, "portal:arrangement"),
    ]:
        assert (who, name) in walk.shown, f"{name} was not shown to {who}"
    assert len(demo) >= 3 and walk.asked > 400


# The checks themselves can fail: each finds what it is for, and lets plain Dutch through.


def test_the_reader_sees_text_and_spoken_attributes_but_not_code():
    html = (
        '<p class="status_line" data-x="signal_notice">Stap: <b>bellen</b></p><script>var due_date = 1;</script>'
        '<style>.a_b{}</style><img alt="Foto van de woning"><button aria-label="Sluiten" title="pending">x</button>'
        '<input type="submit" value="Opslaan"><input type="hidden" name="next_step" value="call_me">'
    )
    text = shown_text(html)
    assert "bellen" in text and "Foto van de woning" in text and "Sluiten" in text and "Opslaan" in text
    assert "signal_notice" not in text and "due_date" not in text and "status_line" not in text
    assert "call_me" not in text and "a_b" not in text
    assert [what for what, _ in problems(text)] == ["English 'pending'"]


@pytest.mark.parametrize(
    "text, found",
    [
        ("Stap: signal_notice · Kanaal: brief", ["code 'signal_notice'"]),
        ("Terugkoppeling result: Niet opgepakt", ["English 'result'"]),
        ("De pauze (municipal_help)", ["code 'municipal_help'"]),
        ("GM0599, 1 signalen, 7 december 2026", ["plural after 1 '1 signalen'"]),
        ("3 taak voor u", ["singular after a number '3 taak'"]),
        ("Bellen sinds 5 Dec", ["month written the English way '5 Dec'"]),
        ("Huisbezoek sinds 6 Mrt", ["month written the English way '6 Mrt'"]),
        ("Status: Approved", ["English 'Approved'"]),
        ("Mail naar j_de_vries@example.nl of open export_gm0363_2026.csv", []),
        ("1 signaal, 2 signalen, 0 taken, 3 jaar, 2 keer, € 1 per maand, 1,5 dagen, 12 maanden", []),
        ("Status open, team Noord, code 1234, per maand, risico hoog, 5 dec. en 5 december", []),
    ],
)
def test_the_checks_find_what_they_are_for(text, found):
    assert [what for what, _ in problems(text)] == found


# The Dutch that replaces them.


def test_every_message_kind_has_a_dutch_name():
    for kind in texts.KINDS:
        label = action_label(kind)
        assert label != kind and not problems(label), kind


def test_event_details_show_no_codes():
    details = event_details(
        {
            "action": "signal_notice",
            "reason": "municipal_help",
            "result": "Niet opgepakt",
            "channel": "letter",
            "refused": "email, whatsapp",
        }
    )
    assert details == [
        ("Stap", "brief over het vroegsignaal"),
        ("Reden", "gemeente meldt: hulp aanvaard"),
        ("Uitkomst", "Niet opgepakt"),
        ("Kanaal", "brief"),
        ("Geen berichten via", "e-mail, WhatsApp"),
    ]


@given(st.dates())
def test_a_short_date_is_the_day_and_a_dutch_month(day):
    short = date_nl_short(day)
    number, month = short.split(" ")
    assert int(number) == day.day
    letters = iter(MONTHS[day.month - 1])  # 'mrt.' shortens 'maart': its letters, in order
    assert month[0] == MONTHS[day.month - 1][0] and all(letter in letters for letter in month.rstrip("."))
    assert not problems(f"sinds {short}")


@given(st.integers(min_value=0, max_value=10**6))
def test_dutch_plurals(count):
    text = f"{count} {plural_nl(count, 'signaal', 'signalen')}"
    assert not problems(text)
    assert text.endswith("signaal") == (count == 1)


def test_the_short_date_filter_writes_the_month_in_dutch():
    template = Template("{% load dutch %}{{ day|short_date }}|{{ moment|short_date }}|{{ nothing|short_date }}")
    moment = timezone.make_aware(datetime(2026, 3, 31, 23, 30))  # Amsterdam time: still 31 March
    assert template.render(Context({"day": date(2026, 12, 5), "moment": moment, "nothing": ""})) == "5 dec.|31 mrt.|"
