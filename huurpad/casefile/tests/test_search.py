"""Zoeken (/zoeken/): every notation finds the household, one hit opens the case file, a partner
finds only households referred to it, every search is in the access log without the query, and
only those who work with households may search."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.cases.models import Partner, Referral, Task
from huurpad.tenancies import search
from huurpad.tenancies.imports import import_tenancies
from huurpad.tenancies.models import SearchKeys, Tenancy
from huurpad.testing.ledgers import book, make_tenancy

pytestmark = pytest.mark.django_db

URL = reverse("search")


@pytest.fixture
def vries():
    tenancy = make_tenancy(
        "HC-2024-0042",
        initials="J.P.",
        prefix="de",
        surname="Vries",
        phone="06-12345678",
        email="J.P.deVries@Example.nl",
        iban="NL91 ABNA 0417 1643 00",
    )
    tenancy.street, tenancy.house_number, tenancy.house_number_suffix, tenancy.postcode = (
        "Lindelaan",
        12,
        "bis",
        "3521 GD",
    )
    tenancy.save()
    return tenancy


@pytest.fixture
def others():
    """Neighbours and namesakes, so a search must tell them apart."""
    a = make_tenancy("HC-2024-0043", initials="A.", prefix="de", surname="Vriesema", phone="030-1234567")
    b = make_tenancy("HC-2024-0044", initials="K.", surname="Vries", phone="0612345679")
    c = make_tenancy("HC-2024-0045", initials="J.", prefix="van der", surname="Meer")
    for t, number, suffix in ((a, 12, ""), (b, 14, ""), (c, 12, "A")):
        t.street, t.house_number, t.house_number_suffix, t.postcode = "Lindelaan", number, suffix, "3521GD"
        t.save()
    return a, b, c


def go(client, q):
    return client.get(URL, {"q": q})


def found(response) -> str:
    """Where one hit leads, or the contract numbers on the results page."""
    if response.status_code == 302:
        return response["Location"]
    assert response.status_code == 200
    return sorted(row["tenancy"].ref for row in response.context["rows"])


@pytest.mark.parametrize(
    "q",
    [
        "HC-2024-0042",
        "hc-2024-0042",
        "J.P. de Vries",
        "J. de Vries",
        "Jan de Vries",
        "Vries, J.P. de",
        "Lindelaan 12-bis",
        "lindelaan 12 bis",
        "3521GD 12-bis",
        "3521 gd 12-bis",
        "3521GD12bis",
        "06-12345678",
        "06 1234 5678",
        "+31 6 12345678",
        "0031612345678",
        "+31 (0)6 1234 5678",
        "j.p.devries@example.nl",
        "J.P.DEVRIES@EXAMPLE.NL",
        "NL91ABNA0417164300",
        "nl91 abna 0417 1643 00",
    ],
)
def test_one_hit_in_any_notation_opens_the_case_file(client, officer, vries, others, q):
    client.force_login(officer)
    assert found(go(client, q)) == reverse("tenancy_detail", args=["HC-2024-0042"])


@pytest.mark.parametrize(
    ("q", "refs"),
    [
        ("Vries", ["HC-2024-0042", "HC-2024-0043", "HC-2024-0044"]),  # a name is found by its start
        ("vries", ["HC-2024-0042", "HC-2024-0043", "HC-2024-0044"]),
        ("de vries", ["HC-2024-0042", "HC-2024-0043"]),  # 'de Vriesema' starts the same
        ("Lindelaan 12", ["HC-2024-0042", "HC-2024-0043", "HC-2024-0045"]),
        ("3521GD 12", ["HC-2024-0042", "HC-2024-0043", "HC-2024-0045"]),
        ("3521 GD", ["HC-2024-0042", "HC-2024-0043", "HC-2024-0044", "HC-2024-0045"]),
    ],
)
def test_several_hits_are_listed(client, officer, vries, others, q, refs):
    client.force_login(officer)
    assert found(go(client, q)) == refs


def test_landline_and_other_names(client, officer, vries, others):
    client.force_login(officer)
    assert found(go(client, "030 123 45 67")) == reverse("tenancy_detail", args=["HC-2024-0043"])
    assert found(go(client, "van der Meer")) == reverse("tenancy_detail", args=["HC-2024-0045"])
    assert found(go(client, "Meer")) == reverse("tenancy_detail", args=["HC-2024-0045"])
    assert found(go(client, "K. Vries")) == reverse("tenancy_detail", args=["HC-2024-0044"])
    assert found(go(client, "Vriese")) == reverse("tenancy_detail", args=["HC-2024-0043"])
    assert found(go(client, "Lindelaan 12A")) == reverse("tenancy_detail", args=["HC-2024-0045"])


def test_results_show_who_where_arrears_and_open_tasks(client, officer, vries, others):
    today = timezone.localdate()
    book(vries, f"{today.replace(day=1).isoformat()} rent 650.00")
    Task.objects.create(tenancy=vries, action="call", role="incassomedewerker", title="Bellen", due_date=today)
    Task.objects.create(tenancy=vries, action="visit", role="woonconsulent", title="Bezoek", due_date=today)
    Task.objects.create(tenancy=vries, action="old", role="woonconsulent", title="Oud", due_date=today, status="done")
    client.force_login(officer)
    response = go(client, "Vries")
    rows = {row["tenancy"].ref: row for row in response.context["rows"]}
    assert rows["HC-2024-0042"]["tasks"] == 2
    assert rows["HC-2024-0042"]["arrears"] > 0
    assert rows["HC-2024-0044"]["tasks"] == 0
    text = response.content.decode()
    assert "J.P. de Vries" in text and "Lindelaan 12-bis" in text and "650,00" in text
    assert reverse("tenancy_detail", args=["HC-2024-0042"]) in text


def test_no_hit_says_so_kindly_and_suggests(client, officer, vries):
    client.force_login(officer)
    response = go(client, "Pietersen")
    assert response.status_code == 200
    text = response.content.decode()
    assert "We vonden niemand bij ‘Pietersen’" in text
    assert "postcode met het huisnummer" in text
    assert "(gezocht op naam)" in text
    text = go(client, "06 9999 9999").content.decode()
    assert "We vonden niemand bij ‘06 9999 9999’ (gezocht op telefoonnummer)" in text
    assert "(gezocht op contractnummer en telefoonnummer)" in go(client, "0699999999").content.decode()


@pytest.mark.parametrize("q", ["", " ", "x", "%", "%%", "_", "' OR 1=1 --", "\\", "<script>", "a" * 5000, "0" * 40])
def test_a_bad_or_empty_query_is_harmless(client, officer, vries, q):
    client.force_login(officer)
    response = go(client, q)
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "<script>" not in response.content.decode()


def test_every_search_is_logged_without_the_query(client, officer, vries, others):
    client.force_login(officer)
    go(client, "06 1234 5678")
    go(client, "K. Vries")
    go(client, "J. Vries")
    go(client, "Pietersen")
    lines = list(AccessLog.objects.order_by("id").values_list("object_type", "object_id", "action", "path"))
    assert lines == [
        ("tenancy", "HC-2024-0042", "search_phone", URL),
        ("tenancy", "HC-2024-0044", "search_name", URL),
        ("tenancy", "HC-2024-0042", "search_name", URL),
        ("search", "", "search_name", URL),
    ]
    assert all(line.user == officer for line in AccessLog.objects.all())


def test_a_partner_finds_only_households_referred_to_it_while_open(client, partner, officer, vries, others):
    team = Partner.objects.create(name="Buurtteam", kind=Partner.Kind.BUURTTEAM)
    team.members.add(partner)
    referral = Referral.objects.create(
        tenancy=vries, partner=team, reason="hulp", basis="consent", follow_up_on=date(2026, 1, 1), created_by=officer
    )
    client.force_login(partner)
    assert found(go(client, "06-12345678")) == reverse("cases:partner_detail", args=[referral.pk])
    response = go(client, "Vries")  # two households named Vries; one was referred
    assert found(response) == reverse("cases:partner_detail", args=[referral.pk])
    assert found(go(client, "030-1234567")) == []  # not referred
    assert found(go(client, "HC-2024-0044")) == []
    referral.status = Referral.Status.CLOSED
    referral.save()
    assert found(go(client, "06-12345678")) == []


def test_a_partner_sees_no_arrears_or_tasks(client, partner, officer, vries, others):
    """Two referred households: the list, with who and where only, each leading to its referral."""
    team = Partner.objects.create(name="Buurtteam", kind=Partner.Kind.BUURTTEAM)
    team.members.add(partner)
    for t in (vries, others[1]):
        Referral.objects.create(
            tenancy=t, partner=team, reason="hulp", basis="consent", follow_up_on=date(2026, 1, 1), created_by=officer
        )
    client.force_login(partner)
    response = go(client, "Vries")
    assert found(response) == ["HC-2024-0042", "HC-2024-0044"]
    text = response.content.decode()
    assert "Achterstand" not in text and "Open taken" not in text
    assert reverse("tenancy_detail", args=["HC-2024-0042"]) not in text


@pytest.mark.parametrize("who", ["outsider", "admin_user_"])
def test_a_role_without_access_gets_403_and_learns_nothing(client, request, vries, who):
    client.force_login(request.getfixturevalue(who))
    response = go(client, "Vries")
    assert response.status_code == 403
    assert "Vries" not in response.content.decode().replace("?q=Vries", "")
    assert not AccessLog.objects.filter(outcome=AccessLog.Outcome.SHOWN).exists()
    (refusal,) = AccessLog.objects.filter(outcome=AccessLog.Outcome.REFUSED)
    assert refusal.path == URL  # who was refused the search, not what they typed


def test_the_search_box_is_on_staff_pages_for_those_who_may_search(client, officer, outsider, vries):
    client.force_login(officer)
    assert 'role="search"' in client.get(reverse("worklist")).content.decode()
    client.force_login(outsider)
    assert 'action="/zoeken/"' not in client.get(reverse("account")).content.decode()


def test_keys_follow_every_change(client, officer, vries):
    """Saving the tenant or tenancy, importing, anonymising: the keys stay in step."""
    client.force_login(officer)
    tenant = vries.tenant
    tenant.phone = "+31 6 87654321"
    tenant.save(update_fields=["phone"])
    assert found(go(client, "06 8765 4321")) == reverse("tenancy_detail", args=[vries.ref])
    assert found(go(client, "06 1234 5678")) == []
    vries.postcode = "1234 AB"
    vries.save()
    assert found(go(client, "1234AB 12 bis")) == reverse("tenancy_detail", args=[vries.ref])
    SearchKeys.objects.all().delete()
    assert search.refresh() == Tenancy.objects.count()
    assert found(go(client, "J. de Vries")) == reverse("tenancy_detail", args=[vries.ref])


def test_the_tenancy_import_keeps_the_keys(client, officer, tmp_path):
    header = (
        "tenancy_ref,start_date,end_date,monthly_rent,service_costs,payment_method,collection_day,street,"
        "house_number,house_number_suffix,postcode,city,municipality_code,energy_label,household_size,"
        "tenant_initials,tenant_prefix,tenant_surname,tenant_birth_date,tenant_email,tenant_phone,tenant_iban\n"
    )
    line = (
        "IMP-1,2024-01-01,,600.00,40.00,transfer,,Kade,3,,1111 AA,Stad,GM0363,,1,B.,van,Dijk,,b@example.nl,{phone},\n"
    )
    path = tmp_path / "t.csv"
    path.write_text(header + line.format(phone="06 11111111"), encoding="utf-8")
    import_tenancies(path, effective=date(2024, 1, 1))
    client.force_login(officer)
    assert found(go(client, "van Dijk")) == reverse("tenancy_detail", args=["IMP-1"])
    path.write_text(header + line.format(phone="06 22222222"), encoding="utf-8")
    import_tenancies(path, effective=date(2024, 1, 1))
    assert found(go(client, "0622222222")) == reverse("tenancy_detail", args=["IMP-1"])
    assert found(go(client, "0611111111")) == []


def test_a_common_name_shows_the_first_few_and_asks_for_more_precision(client, officer):
    for i in range(search.LIMIT + 1):
        make_tenancy(f"HC-J-{i:02d}", initials="A.", surname="Jansen")
    client.force_login(officer)
    response = go(client, "Jansen")
    assert len(response.context["rows"]) == search.LIMIT
    assert "maak uw zoekvraag preciezer" in response.content.decode()
    assert AccessLog.objects.filter(action="search_name").count() == search.LIMIT  # only those shown
