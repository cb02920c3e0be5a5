"""A household's history written as it happened, for the retention and right-of-access tests: a
case, contact, messages and letters, a signal to the municipality, a referral, an arrangement."""

from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.utils import timezone

from huurpad.accounts.models import AccessLog
from huurpad.cases.models import Case, CaseEvent, Partner, Referral
from huurpad.messaging.models import OutboxMessage, PayLink
from huurpad.portal.models import LoginLink, PortalAccount
from huurpad.signals.models import EarlySignal, SignalExport
from huurpad.solutions.models import Arrangement, Pause, WriteOff
from huurpad.tenancies.models import Mandate


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def staff(username: str = "ilse"):
    user, _ = get_user_model().objects.get_or_create(username=username)
    return user


def case(tenancy, opened: date, closed: date | None = None, note: str = "Huurder belt terug na de vakantie.") -> Case:
    return Case.objects.create(tenancy=tenancy, opened_on=opened, closed_on=closed, note=note)


def event(tenancy, day: date, type_=CaseEvent.Type.NOTE, **params) -> CaseEvent:
    return CaseEvent.objects.create(tenancy=tenancy, date=day, type=type_, params=params, actor=staff())


def message(
    tenancy,
    day: date,
    channel: str = "sms",
    body: str = "Uw huur is nog niet binnen.",
    status=OutboxMessage.Status.SENT,
) -> OutboxMessage:
    return OutboxMessage.objects.create(
        tenancy=tenancy,
        action="nudge",
        channel=channel,
        day=day,
        status=status,
        recipient="0612345678" if channel != "letter" else "Lindelaan 1",
        subject="Uw huur",
        body=body,
    )


def referral(tenancy, day: date, status=Referral.Status.CLOSED) -> Referral:
    partner, _ = Partner.objects.get_or_create(name="Buurtteam Noord", kind=Partner.Kind.BUURTTEAM)
    made = Referral.objects.create(
        tenancy=tenancy,
        partner=partner,
        reason="Hulp bij de administratie",
        basis=Referral.Basis.CONSENT,
        follow_up_on=day,
        status=status,
        created_by=staff(),
    )
    Referral.objects.filter(pk=made.pk).update(created_at=at(day))
    return made


def signal(tenancy, day: date, feedback: str = "Inwoner heeft al een ander lopend traject") -> EarlySignal:
    export = SignalExport.objects.create(
        municipality_code="GM0363",
        format="csv",
        up_to=day,
        count=1,
        content=f"{tenancy.ref};{tenancy.tenant.surname}",
        sha256="0" * 64,
    )
    SignalExport.objects.filter(pk=export.pk).update(created_at=at(day))
    return EarlySignal.objects.create(
        tenancy=tenancy,
        status=EarlySignal.Status.EXPORTED,
        municipality_code="GM0363",
        amount_cents=70000,
        arrears_since=day,
        signal_date=day,
        export=export,
        result_code=feedback,
        feedback_raw=f"x;{feedback}",
    )


def arrangement(tenancy, started: date, ended: date | None, status=None) -> Arrangement:
    status = status or (Arrangement.Status.ENDED if ended else Arrangement.Status.RUNNING)
    return Arrangement.objects.create(
        tenancy=tenancy,
        status=status,
        source=Arrangement.Source.INCOME,
        arrears_at_start_cents=70000,
        instalment_cents=10000,
        count=7,
        first_due=started,
        started_on=started,
        ended_on=ended,
        net_income_cents=150000,
        household="single",
        reasons="Berekend uit uw inkomen",
        created_by=staff(),
    )


def pause(tenancy, start: date, ended: date | None) -> Pause:
    return Pause.objects.create(
        tenancy=tenancy,
        reason=Pause.Reason.KENNISGEVING,
        start=start,
        review_date=start,
        ended_on=ended,
        created_by=staff(),
    )


def write_off(tenancy, status=WriteOff.Status.PROPOSED) -> WriteOff:
    return WriteOff.objects.create(tenancy=tenancy, status=status, amount_cents=30000, reason="Nieuwe start")


def pay_link(tenancy, day: date) -> PayLink:
    link = PayLink.objects.create(
        tenancy=tenancy,
        amount_cents=70000,
        description="Huur maart",
        provider="demo",
        provider_id=f"p{tenancy.pk}",
        checkout_url="https://pay.example/x",
        status=PayLink.Status.PAID,
    )
    PayLink.objects.filter(pk=link.pk).update(created_at=at(day))
    return link


def portal(tenancy, day: date) -> PortalAccount:
    user = get_user_model().objects.create(
        username=f"huurder-{tenancy.tenant_id}",
        first_name=tenancy.tenant.name,
        email=tenancy.tenant.email or "a@example.nl",
    )
    account = PortalAccount.objects.create(user=user, tenant=tenancy.tenant, last_login_at=at(day))
    link = LoginLink.objects.create(
        tenant=tenancy.tenant, tenancy=tenancy, token_hash=f"{tenancy.pk:064d}", expires_at=at(day), used_at=at(day)
    )
    LoginLink.objects.filter(pk=link.pk).update(created_at=at(day))
    return account


def looked_at(tenancy, day: date) -> AccessLog:
    line = AccessLog.objects.create(user=staff(), object_type="tenancy", object_id=tenancy.ref, action="view")
    AccessLog.objects.filter(pk=line.pk).update(at=at(day))
    return line


def mandate(tenancy, day: date) -> Mandate:
    return Mandate.objects.create(
        tenancy=tenancy, mandate_id=f"M{tenancy.pk}", signed_on=day, iban="NL91ABNA0417164300"
    )
