"""An arrangement whose arrears do not divide evenly ends with a smaller instalment: the tenant
sees it in the preview (also when the arrangement is not one to make alone), on the page after,
on the overview and in the letter; an even one says nothing about a last instalment."""

import pytest
from django.urls import reverse

from huurpad.messaging.models import OutboxMessage

pytestmark = pytest.mark.django_db
NBSP = "\xa0"


def test_an_uneven_arrangement_shows_the_smaller_last_instalment_everywhere(tenant_client, home):
    # € 700 in instalments of € 300: 300, 300 and a last one of 100
    preview = tenant_client.get(reverse("portal:arrangement_preview"), {"amount": "300"}).content.decode()
    assert f"3 keer €{NBSP}300,00 (de laatste keer €{NBSP}100,00)" in preview
    done = tenant_client.post(reverse("portal:arrangement"), {"amount": "300"}).content.decode()
    assert f"3 keer €{NBSP}300,00 (de laatste keer €{NBSP}100,00), bovenop de huur" in done
    overview = tenant_client.get(reverse("portal:overview")).content.decode()
    assert f"3 keer €{NBSP}300,00 per maand (de laatste keer €{NBSP}100,00)" in overview
    letter = OutboxMessage.objects.get(tenancy=home, action="arrangement_confirmation")
    assert (
        "U betaalt de achterstand van € 700,00 in 3 termijnen. Elke termijn is € 300,00, behalve de laatste: "
        "die is € 100,00." in letter.body
    )


def test_an_even_arrangement_names_one_amount(tenant_client, home):
    preview = tenant_client.get(reverse("portal:arrangement_preview"), {"amount": "350"}).content.decode()
    assert f"2 keer €{NBSP}350,00," in preview and "de laatste keer" not in preview
    done = tenant_client.post(reverse("portal:arrangement"), {"amount": "350"}).content.decode()
    assert f"2 keer €{NBSP}350,00, bovenop de huur" in done and "de laatste keer" not in done
    assert "de laatste keer" not in tenant_client.get(reverse("portal:overview")).content.decode()
    letter = OutboxMessage.objects.get(tenancy=home, action="arrangement_confirmation")
    assert "U betaalt de achterstand van € 700,00 in 2 termijnen van € 350,00." in letter.body
    assert "behalve de laatste" not in letter.body


def test_a_preview_the_tenant_cannot_make_alone_shows_the_last_instalment_too(tenant_client, home):
    # € 700 in instalments of € 60 is 12 instalments: longer than the 6 the tenant may agree alone
    preview = tenant_client.get(reverse("portal:arrangement_preview"), {"amount": "60"}).content.decode()
    assert f"U betaalt dan 12 keer €{NBSP}60,00 (de laatste keer €{NBSP}40,00)." in preview
