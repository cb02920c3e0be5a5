"""The public checks (no login): the affordability check /huurcheck/ (toolkit 1.2) and the benefits
scan /geldcheck/ (toolkit 1.1) with its request for help; and the officers' list of those requests.

The checks are GET forms and store nothing: the tenant portal links to them with the tenancy's rent,
household size and energy label in the query string (huur, servicekosten, personen, label, ...),
which only fill in the form. Only a request for help is stored: by POST with CSRF, with consent."""

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from huurpad.accounts.models import log_list_access
from huurpad.accounts.roles import require
from huurpad.core.calc import affordability, benefits_scan
from huurpad.core.money import fmt_eur
from huurpad.forms import Form
from huurpad.tenancies.models import Municipality

from . import actions
from .models import HelpRequest, MunicipalScheme

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
MONEY = TEXT | {"step": "0.01", "min": "0", "inputmode": "decimal"}
WHOLE = TEXT | {"inputmode": "numeric"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
AMOUNT_INVALID = "Vul een bedrag in, zoals 650 of 650,50."
NOT_NEGATIVE = "Het bedrag kan niet lager zijn dan € 0."
VERDICT_STYLES = {affordability.BETAALBAAR: "ok", affordability.KRAP: "tight", affordability.NIET_BETAALBAAR: "no"}
FEWEST = {"single": 1, "couple": 2, "single_parent": 2, "family": 3}
CONSENT = (
    "Ik vind het goed dat de woningcorporatie mijn naam, mijn telefoonnummer of e-mailadres, mijn vraag en de "
    "uitkomst van deze geldcheck bewaart en doorgeeft aan een Voorzieningenwijzer-consulent. Die neemt dan contact "
    "met mij op voor een gesprek."
)


def money(label: str, *, required: bool = True, help_text: str = "", **extra) -> forms.DecimalField:
    messages_ = {
        "invalid": AMOUNT_INVALID,
        "max_decimal_places": AMOUNT_INVALID,
        "max_digits": AMOUNT_INVALID,
        "min_value": NOT_NEGATIVE,
    } | extra.pop("error_messages", {})
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs=MONEY),
        error_messages=messages_,
        **extra,
    )


def household_choices() -> list[tuple[str, str]]:
    return [(key, affordability.household_label(key)) for key in affordability.HOUSEHOLDS]


class HouseholdForm(Form):
    """What both checks ask about the household. Field names are the query string's (Dutch, short)."""

    huishouden = forms.ChoiceField(
        label="Wie wonen er in het huis?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies wie er in het huis wonen.",
            "invalid_choice": "Kies wie er in het huis wonen.",
        },
    )
    personen = forms.IntegerField(
        label="Met hoeveel personen bent u?",
        required=False,
        min_value=1,
        max_value=15,
        widget=forms.NumberInput(attrs=WHOLE),
        help_text="Uzelf meegeteld, en ook de kinderen.",
        error_messages={
            "invalid": "Vul een getal in, zoals 3.",
            "min_value": "Vul minstens 1 in.",
            "max_value": "Vul hoogstens 15 in.",
        },
    )
    leeftijd = forms.IntegerField(
        label="Uw leeftijd",
        min_value=18,
        max_value=120,
        widget=forms.NumberInput(attrs=WHOLE),
        error_messages={
            "required": "Vul uw leeftijd in.",
            "invalid": "Vul uw leeftijd in, zoals 42.",
            "min_value": "Deze check is voor mensen van 18 jaar en ouder.",
            "max_value": "Vul uw leeftijd in, zoals 42.",
        },
    )
    inkomen = money(
        "Netto inkomen per maand",
        help_text="Van u en uw partner samen, wat er op uw rekening komt. "
        "Tel vakantiegeld mee: deel het door 12. Tel kinderbijslag en kindgebonden budget niet mee.",
        error_messages={"required": "Vul uw netto inkomen per maand in."},
    )
    belastbaar = money(
        "Inkomen per jaar voor de toeslagen (toetsingsinkomen)",
        required=False,
        help_text="Als u het weet. Het staat op uw jaaropgaaf of aanslag. Leeg: we schatten het.",
    )
    vermogen = money(
        "Spaargeld en ander vermogen",
        required=False,
        help_text="Van u en uw partner samen. Veel spaargeld? Dan krijgt u soms geen toeslag. Leeg: dan kijken we daar niet naar.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["huishouden"].choices = household_choices()

    def clean(self):
        data = super().clean()
        kind, persons = data.get("huishouden"), data.get("personen")
        if kind and persons is None and "personen" not in self.errors:
            data["personen"] = FEWEST[kind]
        elif kind and persons is not None:
            if kind == "single" and persons != 1:
                self.add_error("personen", "U woont alleen: vul 1 in. Of kies hierboven wie er in het huis wonen.")
            elif persons < FEWEST[kind]:
                self.add_error(
                    "personen",
                    f"Bij '{affordability.household_label(kind).lower()}' horen minstens {FEWEST[kind]} personen.",
                )
        return data

    def common(self) -> dict:
        data = self.cleaned_data
        return {
            "household": data["huishouden"],
            "persons": data["personen"],
            "age": data["leeftijd"],
            "net_income": data["inkomen"],
            "taxable_income": data["belastbaar"],
            "assets": data["vermogen"],
        }


class CheckForm(HouseholdForm):
    huur = money(
        "Kale huur per maand",
        help_text="De huur zonder servicekosten.",
        error_messages={"required": "Vul de kale huur per maand in."},
    )
    servicekosten = money("Servicekosten per maand", required=False, help_text="Leeg: geen.")
    label = forms.ChoiceField(
        label="Energielabel van de woning",
        required=False,
        widget=forms.Select(attrs=SELECT),
        choices=[("", "Weet ik niet")] + [(label, label) for label in affordability.LABELS],
        error_messages={"invalid_choice": "Kies een energielabel uit de lijst."},
    )
    energie = money(
        "Of: uw eigen energiekosten per maand",
        required=False,
        help_text="Gas, stroom en eventueel warmte samen. Leeg: we schatten het met het energielabel.",
    )

    def arguments(self) -> dict:
        data = self.cleaned_data
        service = data["servicekosten"]
        return self.common() | {
            "rent": data["huur"],
            "service_costs": [service] if service else [],
            "energy_label": data["label"],
            "energy": data["energie"],
        }


class ScanForm(HouseholdForm):
    huur = money("Kale huur per maand", required=False, help_text="Leeg: we rekenen geen huurtoeslag uit.")
    servicekosten = money("Servicekosten per maand", required=False, help_text="Leeg: geen.")
    gemeente = forms.ChoiceField(
        label="In welke gemeente woont u?",
        required=False,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "Kies een gemeente uit de lijst."},
    )
    al_huurtoeslag = forms.BooleanField(label="Ik krijg al huurtoeslag", required=False)
    al_zorgtoeslag = forms.BooleanField(label="Ik krijg al zorgtoeslag", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", "Weet ik niet of staat er niet bij")] + municipality_choices()

    def arguments(self) -> dict:
        data = self.cleaned_data
        service = data["servicekosten"]
        return self.common() | {
            "rent": data["huur"],
            "service_costs": [service] if service else [],
            "has_huurtoeslag": data["al_huurtoeslag"],
            "has_zorgtoeslag": data["al_zorgtoeslag"],
            "schemes": schemes_of(data["gemeente"]),
        }


class HelpForm(Form):
    id_prefix = "hulp"
    naam = forms.CharField(
        label="Uw naam",
        max_length=100,
        widget=forms.TextInput(attrs=TEXT | {"autocomplete": "name"}),
        error_messages={"required": "Vul uw naam in."},
    )
    telefoon = forms.CharField(
        label="Telefoonnummer",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs=TEXT | {"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="Of: e-mailadres",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs=TEXT | {"autocomplete": "email"}),
        error_messages={"invalid": "Dit e-mailadres klopt niet. Kijk het nog eens na."},
    )
    vraag = forms.CharField(
        label="Waar wilt u hulp bij?",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}),
        error_messages={"max_length": "Schrijf het wat korter: hoogstens 1000 tekens."},
    )
    toestemming = forms.BooleanField(
        label=CONSENT, error_messages={"required": "Zonder uw toestemming kunnen we uw vraag niet bewaren."}
    )
    # Filled in by the page: the answers of the geldcheck, so the consultant sees its outcome.
    scan = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    # Left empty by people; a form-filling robot fills it in (and then nothing is stored).
    website = forms.CharField(
        required=False,
        max_length=200,
        label="Laat dit veld leeg",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self):
        data = super().clean()
        if "telefoon" in data and "email" in data and not data["telefoon"].strip() and not data["email"]:
            self.add_error("telefoon", "Vul uw telefoonnummer of uw e-mailadres in. Dan kunnen we u bereiken.")
        return data


def municipality_choices() -> list[tuple[str, str]]:
    """The municipalities the corporation has homes in, and any with a scheme, by name."""
    names = dict(Municipality.objects.values_list("code", "name"))
    for code in MunicipalScheme.objects.filter(active=True).values_list("municipality_code", flat=True):
        names.setdefault(code, code)
    return sorted(((code, name) for code, name in names.items()), key=lambda pair: pair[1])


def schemes_of(code: str) -> list[benefits_scan.Scheme]:
    if not code:
        return []
    return [
        benefits_scan.Scheme(
            name=scheme.name + (" (voorbeeld)" if scheme.example and "voorbeeld" not in scheme.name.lower() else ""),
            description=scheme.description,
            income_limit_percent=scheme.income_limit_percent,
            income_limit_amount=scheme.income_limit,
            amount_per_year=scheme.amount_per_year,
            link=scheme.link,
        )
        for scheme in MunicipalScheme.objects.filter(municipality_code=code, active=True).order_by("name")
    ]


def _form(form_class, query: QueryDict, *, submit: str = "bereken"):
    """Bound to the query when the household pressed the button; else only filled in from it (the
    tenant portal's link), without errors."""
    if submit in query:
        return form_class(query), True
    known = {name: query.get(name) for name in form_class.base_fields if query.get(name) not in (None, "")}
    return form_class(initial=known), False


def _pass_on(query: QueryDict, names) -> str:
    """The household's answers for the other check: only the fields both ask for."""
    return urlencode({name: query[name] for name in names if query.get(name)})


def _keep_together(text: str) -> str:
    """'€ 943,99' and '34 %' on one line (a no-break space), as the amounts elsewhere on the page."""
    return text.replace("€ ", "€\N{NO-BREAK SPACE}").replace(" %", "\N{NO-BREAK SPACE}%")


@require_GET
def affordability_check(request):
    """/huurcheck/: can I pay this home? Nothing is stored."""
    form, submitted = _form(CheckForm, request.GET)
    result = None
    if submitted and form.is_valid():
        try:
            result = affordability.check(timezone.localdate().year, **form.arguments())
        except ValueError as exc:  # input the calculation refuses; said in plain words
            form.add_error(None, f"Dit kunnen we niet uitrekenen. Kijk uw antwoorden nog eens na. ({exc})")
    shared = ["huishouden", "personen", "leeftijd", "inkomen", "belastbaar", "vermogen", "huur", "servicekosten"]
    context = {"form": form, "result": result, "submitted": submitted, "scan_query": _pass_on(request.GET, shared)}
    if result:
        context |= {
            "verdict_style": VERDICT_STYLES[result.verdict],
            "rent_and_service": result.rent + result.service_costs,
            "reasons": [_keep_together(line) for line in result.reasons],
            "estimates": [_keep_together(line) for line in result.estimates],
            "ratio_percent": None if result.ratio is None else round(result.ratio * 100),
        }
    return render(request, "prevention/affordability.html", context)


@require_GET
def benefits_scan_view(request):
    """/geldcheck/: which money may I be missing? Nothing is stored unless the household asks for help."""
    form, submitted = _form(ScanForm, request.GET)
    result = None
    if submitted and form.is_valid():
        try:
            result = benefits_scan.scan(timezone.localdate().year, **form.arguments())
        except ValueError as exc:
            form.add_error(None, f"Dit kunnen we niet uitrekenen. Kijk uw antwoorden nog eens na. ({exc})")
    help_form = HelpForm(initial={"scan": request.GET.urlencode()[:2000]}) if result else None
    return render(
        request,
        "prevention/benefits_scan.html",
        {"form": form, "result": result, "help_form": help_form, "submitted": submitted},
    )


def _findings_text(scan_query: str) -> tuple[str, str, str]:
    """The geldcheck's outcome again, from its answers, for the consultant: (municipality code,
    household, findings). Empty when the answers do not add up."""
    form = ScanForm(QueryDict(scan_query))
    if not form.is_valid():
        return "", "", ""
    try:
        result = benefits_scan.scan(timezone.localdate().year, **form.arguments())
    except ValueError:
        return "", "", ""
    lines = []
    for finding in result.findings:
        if finding.monthly is not None:
            amount = f"ongeveer {fmt_eur(finding.monthly)} per maand"
        elif finding.yearly is not None:
            amount = f"{fmt_eur(finding.yearly)} per jaar"
        else:
            amount = "bedrag onbekend"
        lines.append(f"{finding.title}: {amount}")
    data = form.cleaned_data
    lines.append(
        f"Huishouden: {affordability.household_label(data['huishouden']).lower()}, {data['personen']} persoon/personen."
    )
    return data["gemeente"], data["huishouden"], "\n".join(lines)


REFUSALS = {  # (heading, text) on the page
    "household": (
        "U heeft al om hulp gevraagd",
        f"U heeft vandaag al {actions.PER_HOUSEHOLD_PER_DAY} keer om hulp gevraagd met dit telefoonnummer of "
        "e-mailadres. Die vragen hebben we. Een consulent neemt zo snel mogelijk contact met u op. "
        "U hoeft niets meer te sturen.",
    ),
    "flood": (
        "Uw vraag is niet bewaard",
        "Er komen op dit moment heel veel aanvragen binnen vanaf uw netwerk. Daarom hebben we uw vraag niet "
        "bewaard. Probeer het over een uur nog eens. Of bel de woningcorporatie.",
    ),
}


def help_request(request):
    """/geldcheck/hulp/: 'Wilt u hulp?' GET shows the form; POST (CSRF) stores the request with consent,
    or says on the page why it was not stored (prevention.actions)."""
    refused = None
    if request.method == "POST":
        form = HelpForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if data["website"]:  # a form-filling robot: store nothing, and tell it nothing
                return redirect(reverse("prevention:help_request") + "?verstuurd=1")
            code, household, findings = _findings_text(data["scan"])
            outcome = actions.ask_for_help(
                name=data["naam"],
                phone=data["telefoon"],
                email=data["email"],
                question=data["vraag"],
                municipality_code=code,
                household=household,
                findings=findings,
                consent_text=CONSENT,
                client_address=request.META.get("REMOTE_ADDR", ""),
            )
            if outcome.stored:
                return redirect(reverse("prevention:help_request") + "?verstuurd=1")
            refused = REFUSALS[outcome.refused]
    else:
        form = HelpForm(initial={"scan": request.GET.get("scan", "")[:2000]})
    sent = request.method == "GET" and request.GET.get("verstuurd") == "1"
    return render(
        request,
        "prevention/help_request.html",
        {"form": form, "sent": sent, "refused": refused},
        status=429 if refused else 200,
    )


def _case_worker(request):
    """Who calls the household back: officers, housing consultants and team leaders."""
    require(request.user, "call_back")


@login_required
@require_GET
def help_requests(request):
    """The officers' list: households that asked for a conversation with a consultant."""
    _case_worker(request)
    since = timezone.now() - timedelta(days=30)
    open_ = list(HelpRequest.objects.filter(handled_at__isnull=True).order_by("created_at")[:200])  # oldest first
    done = list(HelpRequest.objects.filter(handled_at__gte=since).select_related("handled_by").order_by("-handled_at"))
    names = dict(Municipality.objects.values_list("code", "name"))
    for row in open_ + done:
        row.municipality_name = names.get(row.municipality_code, row.municipality_code)
        row.household_label = (
            affordability.household_label(row.household) if row.household in affordability.HOUSEHOLDS else ""
        )
    log_list_access(request, open_ + done)  # names, phone numbers and questions: who saw them is kept
    return render(request, "prevention/help_requests.html", {"open": open_, "done": done})


@login_required
@require_POST
def help_request_done(request, pk):
    _case_worker(request)
    row = get_object_or_404(HelpRequest, pk=pk)
    if row.handled_at is None:
        HelpRequest.objects.filter(pk=row.pk, handled_at__isnull=True).update(
            handled_at=timezone.now(), handled_by=request.user
        )
        messages.success(request, f"De hulpvraag van {row.name} is afgehandeld.")
    return redirect("prevention:help_requests")
