"""Brieven (the post room's page): the letters the outbox has for today made into one PDF, the
same way as `huurpad print-letters` (post.print_letters: written from today's facts, printed and
marked sent in one transaction), with the file to download.

Making the PDF takes about 0.16 s of processor time per letter (docs/messages.md, 'Brieven'): a
busy day's hundreds of letters would outlast a web request, so the page starts it in a thread of
its own and asks every two seconds whether it is done ("Bezig met maken..."). A marker file in the
print folder says a run is going, so two clicks (or two servers) make one PDF; a run that died
leaves its letters waiting (the transaction is rolled back) and its marker goes stale."""

import json
import logging
import re
import threading
import time
from datetime import UTC, date, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from huurpad.accounts.models import log_list_access
from huurpad.accounts.roles import require

from . import paylinks, post
from .models import OutboxMessage, Sender

log = logging.getLogger(__name__)
STALE_AFTER = 30 * 60  # seconds: a run longer than this died with its process
SHOWN_DAYS = 14  # print files listed
FILE_NAME = re.compile(r"brieven-(\d{4}-\d{2}-\d{2})(?:-(\d+))?\.pdf")
runs: dict[date, threading.Thread] = {}  # this process's runs, by day (tests wait for them)


def folder():
    return settings.VAR_DIR / "print"


def _marker(day: date):
    return folder() / f"bezig-{day}.json"


def running(day: date) -> dict | None:
    """The run of `day` going on (who started it, when), or None; a stale marker is removed."""
    marker = _marker(day)
    try:
        started = json.loads(marker.read_text())
    except (FileNotFoundError, ValueError):
        return None
    if time.time() - started["at"] > STALE_AFTER:
        marker.unlink(missing_ok=True)
        return None
    return started | {"at_time": f"{timezone.localtime(datetime.fromtimestamp(started['at'], tz=UTC)):%H:%M}"}


def start(day: date, *, base_url: str, acting_user) -> bool:
    """Start making the day's PDF in a thread; False when a run of that day is already going."""
    folder().mkdir(parents=True, exist_ok=True)
    running(day)  # clears a stale marker
    try:
        with _marker(day).open("x") as f:  # exclusive: one run per day, across processes
            json.dump({"at": time.time(), "by": acting_user.get_full_name() or acting_user.get_username()}, f)
    except FileExistsError:
        return False
    runs[day] = thread = threading.Thread(target=_make, args=(day, base_url), name=f"brieven-{day}", daemon=True)
    thread.start()
    return True


def _make(day: date, base_url: str) -> None:
    try:
        post.print_letters(day, base_url=base_url, folder=folder())
    except Exception:  # the letters stay waiting: the transaction is rolled back
        log.exception("printing the letters of %s failed", day)
    finally:
        _marker(day).unlink(missing_ok=True)
        connection.close()  # this thread's own connection


def waiting(day: date) -> int:
    return OutboxMessage.objects.filter(channel="letter", status=OutboxMessage.Status.QUEUED, day__lte=day).count()


def made(today: date, *, counted: bool = True) -> list[dict]:
    """The print files of the last SHOWN_DAYS days, newest first, with how many letters each holds."""
    files = []
    for path in folder().glob("brieven-*.pdf") if folder().is_dir() else []:
        if (match := FILE_NAME.fullmatch(path.name)) and (today - date.fromisoformat(match[1])).days < SHOWN_DAYS:
            files.append({"name": path.name, "day": date.fromisoformat(match[1]), "n": int(match[2] or 1)})
    counts = (
        dict(
            OutboxMessage.objects.filter(channel="letter", provider_ref__in=[f["name"] for f in files])
            .values_list("provider_ref")
            .annotate(n=Count("id"))
            .order_by()
        )
        if counted
        else {}
    )
    for f in files:
        f["letters"] = counts.get(f["name"])
    return sorted(files, key=lambda f: (f["day"], f["n"]), reverse=True)


def _context(today: date) -> dict:
    """What the page shows. While a run goes on its thread writes the outbox, and the page then
    reads none of it: it says that the run goes on and lists the files made before, uncounted."""
    now = running(today)
    if now:
        return {"today": today, "running": now, "waiting": None, "made": made(today, counted=False)}
    return {"today": today, "running": None, "waiting": waiting(today), "made": made(today)}


@login_required
def letters_of_the_day(request):
    require(request.user, "print_letters")
    return render(request, "messaging/post_letters.html", _context(timezone.localdate()))


@login_required
def letters_status(request):
    """The part of the page that changes while the PDF is made (htmx asks every two seconds)."""
    require(request.user, "print_letters")
    return render(request, "messaging/_post_status.html", _context(timezone.localdate()))


@login_required
@require_POST
def make_letters(request):
    require(request.user, "print_letters")
    today = timezone.localdate()
    try:
        Sender.current()  # the letterhead: said now, not after the click
    except Sender.DoesNotExist as exc:
        messages.error(request, str(exc))
        return redirect("messaging:letters_of_the_day")
    if not waiting(today):
        messages.info(request, "Er staan geen brieven klaar.")
    elif not start(today, base_url=paylinks.public_url(request), acting_user=request.user):
        messages.info(request, "De brieven worden al gemaakt.")
    if request.htmx:
        return render(request, "messaging/_post_status.html", _context(today))
    return redirect("messaging:letters_of_the_day")


@login_required
def letters_file(request, name):
    """A print file, to download; each letter in it is a view of a tenant's personal data."""
    require(request.user, "print_letters")
    if not FILE_NAME.fullmatch(name) or not (path := folder() / name).is_file():
        raise Http404("Dit bestand bestaat niet.")
    letters = OutboxMessage.objects.filter(channel="letter", provider_ref=name).select_related("tenancy")
    log_list_access(request, [m.tenancy for m in letters], "print")
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")
