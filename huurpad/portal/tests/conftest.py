"""Tenants with a home, an e-mail address and (for one) arrears; logging in as they would."""

import re
import time
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from huurpad.messaging.models import Sender
from huurpad.portal import auth
from huurpad.testing.ledgers import book, make_tenancy

LINK = re.compile(r"https?://[^/\s]+(/mijn/inloggen/[^/\s]+/)")


def last_month() -> date:
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


@pytest.fixture
def sender(db):
    return Sender.objects.create(
        name="Woonstichting De Linde",
        street_address="Postbus 1",
        postcode_city="3000 AB Rotterdam",
        phone="010 123 45 67",
        iban="NL44RABO0123456789",
    )


@pytest.fixture
def home(sender):
    """Anna Bakker (HC1): pays by direct debit on the 1st; last month's rent of € 700 is unpaid."""
    tenancy = make_tenancy(
        "HC1",
        start=date(2023, 1, 1),
        payment_method="direct_debit",
        collection_day=1,
        initials="A.",
        surname="Bakker",
        email="anna@example.nl",
        phone="0612345678",
    )
    book(tenancy, f"{last_month()} rent 650.00\n{last_month()} service_costs 50.00")
    return tenancy


@pytest.fixture
def other_home(sender):
    """Bram de Wit (HC2): pays by transfer, nothing owed."""
    return make_tenancy(
        "HC2", start=date(2022, 5, 1), initials="B.", prefix="de", surname="Wit", email="bram@example.nl"
    )


def link_from_outbox(to: str) -> str:
    """The path of the login link in the last e-mail to `to`."""
    message = [m for m in mail.outbox if to in m.to][-1]
    return LINK.search(message.body).group(1)


def log_in(client, email: str) -> str:
    """As the tenant does: ask for a link, open it from the e-mail, press the button."""
    client.post(reverse("portal:login"), {"email": email})
    path = link_from_outbox(email)
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == reverse("portal:overview"), response
    return path


def portal_session(client, tenancy) -> None:
    """Bind a client already logged in as a tenant's portal user to `tenancy`, as the login link does."""
    session = client.session
    session[auth.SESSION_TENANCY] = tenancy.pk
    session[auth.SESSION_SEEN] = int(time.time())
    session.save()


@pytest.fixture
def tenant_client(client, home):
    log_in(client, "anna@example.nl")
    return client
