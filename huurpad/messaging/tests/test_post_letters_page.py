"""Brieven: the post room makes the day's letters into one PDF on a page (the same print run as
`huurpad print-letters`), sees that it is being made, downloads it, and the letters are sent."""

import json
import time

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.cases.models import CaseEvent
from huurpad.messaging import post_views
from huurpad.messaging.models import OutboxMessage, Sender
from huurpad.testing.ledgers import make_tenancy

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def post_room(client, django_user_model, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
    )
    officer = django_user_model.objects.create_user("ilse", first_name="Ilse", last_name="de Boer")
    officer.groups.add(Group.objects.get(name="incassomedewerker"))
    client.force_login(officer)
    return officer


def a_letter(ref: str, day=None) -> OutboxMessage:
    tenancy = make_tenancy(ref, surname="Jansen")
    return OutboxMessage.objects.create(
        tenancy=tenancy,
        action="personal",
        channel="letter",
        day=day or timezone.localdate(),
        recipient="J. Jansen\nLindelaan 1\n1234 AB Lindestad",
        subject="Uw huur",
        body="Beste heer Jansen,\n\nWilt u ons bellen over uw huur?\n\nMet vriendelijke groet",
    )


def finished():
    for thread in list(post_views.runs.values()):
        thread.join(timeout=300)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed: the thread's connection sees it
def test_the_days_letters_become_one_pdf_that_is_downloaded_and_sent(client, post_room):
    letters = [a_letter("HC1"), a_letter("HC2")]
    page = client.get("/post/brieven/").content.decode()
    assert "<strong>2 brieven</strong> klaar om te maken" in page and "Brieven maken als één PDF" in page

    started = client.post("/post/brieven/maken/", headers=HTMX).content.decode()
    assert "<html" not in started and ("Bezig met maken…" in started or "Klaar om af te drukken" in started)
    if "Bezig met maken…" in started:  # htmx asks again while it runs
        assert 'hx-trigger="every 2s"' in started
    finished()

    status = client.get("/post/brieven/stand/", headers=HTMX).content.decode()
    name = f"brieven-{timezone.localdate()}.pdf"
    assert "Bezig" not in status and "every 2s" not in status
    assert f'href="/post/brieven/{name}"' in status and ": 2 brieven (PDF)" in status
    assert "geen brieven klaar" in status
    for letter in letters:
        letter.refresh_from_db()
        assert (letter.status, letter.provider_ref) == (OutboxMessage.Status.SENT, name)
    assert CaseEvent.objects.filter(type=CaseEvent.Type.MESSAGE_SENT).count() == 2

    before = AccessLog.objects.count()
    download = client.get(f"/post/brieven/{name}")
    assert download.status_code == 200 and download["Content-Disposition"] == f'attachment; filename="{name}"'
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    shown = AccessLog.objects.order_by("id")[before:]
    assert sorted((line.object_id, line.action) for line in shown) == [("HC1", "print"), ("HC2", "print")]

    # Nothing waits any more: a second click makes nothing
    again = client.post("/post/brieven/maken/", follow=True).content.decode()
    assert "Er staan geen brieven klaar." in again
    finished()
    assert sorted(p.name for p in post_views.folder().glob("*.pdf")) == [name]


def test_a_run_going_on_is_shown_and_not_started_twice(client, post_room):
    a_letter("HC1")
    post_views.folder().mkdir(parents=True)
    (post_views.folder() / f"bezig-{timezone.localdate()}.json").write_text(
        json.dumps({"at": time.time(), "by": "Bram"})
    )
    page = client.get("/post/brieven/").content.decode()
    assert "Bezig met maken…" in page and "Bram is begonnen om" in page and 'hx-trigger="every 2s"' in page
    assert "Brieven maken als één PDF" not in page
    answer = client.post("/post/brieven/maken/", follow=True).content.decode()
    assert "De brieven worden al gemaakt." in answer
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.QUEUED


def test_a_run_that_died_long_ago_does_not_hold_the_letters(client, post_room):
    a_letter("HC1")
    post_views.folder().mkdir(parents=True)
    marker = post_views.folder() / f"bezig-{timezone.localdate()}.json"
    marker.write_text(json.dumps({"at": time.time() - post_views.STALE_AFTER - 1, "by": "Bram"}))
    page = client.get("/post/brieven/").content.decode()
    assert "Bezig" not in page and "Brieven maken als één PDF" in page and not marker.exists()


def test_without_the_corporations_details_nothing_starts(client, post_room):
    a_letter("HC1")
    Sender.objects.all().delete()
    answer = client.post("/post/brieven/maken/", follow=True).content.decode()
    assert "Vul eerst de afzender in" in answer and not post_views.folder().exists()


def test_only_a_print_file_can_be_downloaded(client, post_room):
    post_views.folder().mkdir(parents=True)
    (post_views.folder() / "bezig-2026-12-07.json").write_text("{}")
    assert client.get("/post/brieven/bezig-2026-12-07.json").status_code == 404
    assert client.get("/post/brieven/..%2Fsecret_key").status_code == 404
    assert client.get("/post/brieven/brieven-2026-12-07.pdf").status_code == 404


@pytest.mark.parametrize("role", ["woonconsulent", "controller", "manager", "partner", "beheerder"])
def test_only_the_collections_team_makes_the_letters(client, django_user_model, settings, tmp_path, role):
    settings.VAR_DIR = tmp_path
    a_letter("HC1")
    person = django_user_model.objects.create_user(role)
    person.groups.add(Group.objects.get(name=role))
    client.force_login(person)
    assert client.get("/post/brieven/").status_code == 403
    assert client.post("/post/brieven/maken/").status_code == 403
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.QUEUED
