"""huurpad calc CALCULATOR [options] [--json]: the calculators of spec/CLI.md and docs/calculations.md.

    huurpad calc huurtoeslag --year Y --household single|multi [--persons N] --age A --income EUR
                             [--assets EUR] --rent EUR [--service-costs EUR,EUR,...] [--json]
    huurpad calc incassokosten --principal EUR [--json]
    huurpad calc affordability --household TYPE --income EUR --rent EUR [--service-costs EUR,...] [--persons N]
                               [--age A] [--taxable-income EUR] [--assets EUR] [--energy-label L | --energy EUR]
                               [--year Y] [--json]

`--json` prints one object; amounts are strings with two decimals ("449.55").
"""

import json

from django.core.management.base import BaseCommand, CommandError

from huurpad.core.calc import huurtoeslag, wik
from huurpad.core.money import AmountError, fmt, parse_amount

# ---------------------------------------------------------------------------------------------
# THE CALCULATORS. To add one (e.g. `affordability`, spec/CLI.md): add its name and help here,
# then write two methods on Command: `add_<name>(self, parser)` for its options, and
# `run_<name>(self, options) -> (object, lines)` returning the --json object and the lines for
# people. Nothing else needs to change.
CALCULATORS = {
    "huurtoeslag": "estimate the monthly rent benefit (huurtoeslag), step by step",
    "incassokosten": "the statutory extrajudicial collection costs (WIK) on a principal",
    "affordability": "can a household pay a home: housing costs after huurtoeslag against the Nibud room for rent",
}
# ---------------------------------------------------------------------------------------------


def amount(options: dict, key: str):
    """An amount option as a Decimal; a CommandError naming the option when it is not one."""
    try:
        return parse_amount(options[key])
    except AmountError as exc:
        raise CommandError(f"--{key.replace('_', '-')}: {exc}") from None


def whole_number(options: dict, key: str) -> int:
    text = options[key].strip()
    if not text.isdigit():
        raise CommandError(f"--{key}: {options[key]!r} is not a whole number")
    return int(text)


class Command(BaseCommand):
    help = "Calculators: huurtoeslag (rent benefit), incassokosten (WIK collection costs)."
    requires_system_checks = []  # pure calculations: no database, no URLs, no need to check the site

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="calculator", required=True)
        for name, help_text in CALCULATORS.items():
            calc = sub.add_parser(name, help=help_text)
            getattr(self, f"add_{name}")(calc)
            calc.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, calculator, **options):
        obj, lines = getattr(self, f"run_{calculator}")(options)
        if options["json"]:
            self.stdout.write(json.dumps(obj, ensure_ascii=False))
        else:
            for line in lines:
                self.stdout.write(line)

    # huurtoeslag -------------------------------------------------------------------------------

    def add_huurtoeslag(self, parser):
        parser.add_argument("--year", required=True, help="the benefit year, e.g. 2026")
        parser.add_argument("--household", required=True, help="single or multi")
        parser.add_argument("--persons", help="people in the household (default: 1 single, 2 multi)")
        parser.add_argument("--age", required=True, help="age of the oldest member (the applicant)")
        parser.add_argument("--income", required=True, help="yearly income (toetsingsinkomen), EUR")
        parser.add_argument("--assets", help="the household's assets, EUR (left out: not checked)")
        parser.add_argument("--rent", required=True, help="monthly bare rent (kale huur), EUR")
        parser.add_argument(
            "--service-costs",
            help="monthly amounts of up to 4 eligible service-cost items, comma-separated, "
            "dot as decimal separator (2025 only; each counts up to 12.00)",
        )

    def run_huurtoeslag(self, options):
        items = []
        if options["service_costs"]:
            for text in options["service_costs"].split(","):
                try:
                    items.append(parse_amount(text))
                except AmountError as exc:
                    raise CommandError(f"--service-costs: {exc}") from None
        try:
            result = huurtoeslag.calculate(
                whole_number(options, "year"),
                household=options["household"],
                persons=None if options["persons"] is None else whole_number(options, "persons"),
                age=whole_number(options, "age"),
                income=amount(options, "income"),
                assets=None if options["assets"] is None else amount(options, "assets"),
                rent=amount(options, "rent"),
                service_costs=items,
            )
        except huurtoeslag.InputError as exc:
            raise CommandError(f"--{exc.field.replace('_', '-')}: {exc}") from None
        obj = {
            "year": result.year,
            "monthly": fmt(result.monthly),
            "eligible": result.eligible,
            "reasons": result.reasons,
            "steps": [{"name": s.name, "value": fmt(s.value), "explanation": s.explanation} for s in result.steps],
            "unconfirmed": result.unconfirmed,
            "notes": result.notes,
        }
        lines = [
            f"huurtoeslag {result.year}: {fmt(result.monthly)} a month" + ("" if result.eligible else " (not eligible)")
        ]
        lines += [f"  {s.name:<13} {fmt(s.value):>8}  {s.explanation}" for s in result.steps]
        lines += [f"  note: {note}" for note in result.notes]
        if result.unconfirmed:
            lines.append(f"  unconfirmed parameters: {', '.join(result.unconfirmed)}")
        return obj, lines

    # incassokosten -----------------------------------------------------------------------------

    def add_incassokosten(self, parser):
        parser.add_argument("--principal", required=True, help="the principal (hoofdsom), EUR")

    def run_incassokosten(self, options):
        principal = amount(options, "principal")
        costs = wik.collection_costs(principal)
        obj = {"principal": fmt(principal), "costs": fmt(costs)}
        return obj, [f"principal {fmt(principal)}: collection costs at most {fmt(costs)} ({wik.source()})"]

    # affordability (toolkit 1.2; docs/calculations.md, 'Affordability check') -----------------

    def add_affordability(self, parser):
        from huurpad.core.calc import affordability

        parser.add_argument("--household", required=True, help=" | ".join(affordability.HOUSEHOLDS))
        parser.add_argument(
            "--income", required=True, help="net monthly income of the household, EUR (without child benefits)"
        )
        parser.add_argument("--rent", required=True, help="monthly bare rent (kale huur), EUR")
        parser.add_argument("--service-costs", help="monthly service-cost items, comma-separated (e.g. 10,15.50)")
        parser.add_argument("--persons", help="people in the household (default: the fewest the type allows)")
        parser.add_argument("--age", help="age of the applicant (default 30)")
        parser.add_argument(
            "--taxable-income", help="yearly toetsingsinkomen for the huurtoeslag, EUR (default: income x 12)"
        )
        parser.add_argument("--assets", help="the household's assets, EUR (left out: not checked)")
        parser.add_argument(
            "--energy-label", help="energy label of the home, A++ to G (left out: the estimate for label B)"
        )
        parser.add_argument(
            "--energy", help="the household's own monthly energy costs, EUR (instead of the label's estimate)"
        )
        parser.add_argument("--year", help="the year (default: this year)")

    def run_affordability(self, options):
        from django.utils import timezone

        from huurpad.core.calc import affordability

        fewest = {"single": 1, "couple": 2, "single_parent": 2, "family": 3}
        items = []
        for text in (options["service_costs"] or "").split(","):
            if text.strip():
                try:
                    items.append(parse_amount(text))
                except AmountError as exc:
                    raise CommandError(f"--service-costs: {exc}") from None
        label = options["energy_label"]
        if label and not affordability.normalise_label(label):
            raise CommandError(f"--energy-label: {label!r} is not an energy label (A++ to G)")
        optional = {
            key: None if options[key] is None else amount(options, key)
            for key in ("taxable_income", "assets", "energy")
        }
        try:
            result = affordability.check(
                timezone.localdate().year if options["year"] is None else whole_number(options, "year"),
                household=options["household"],
                persons=fewest.get(options["household"], 1)
                if options["persons"] is None
                else whole_number(options, "persons"),
                age=30 if options["age"] is None else whole_number(options, "age"),
                net_income=amount(options, "income"),
                rent=amount(options, "rent"),
                service_costs=items,
                energy_label=label or "",
                **optional,
            )
        except ValueError as exc:  # AffordabilityError and huurtoeslag.InputError name the argument
            name = {"net_income": "income"}.get(getattr(exc, "field", ""), getattr(exc, "field", "input"))
            raise CommandError(f"--{name.replace('_', '-')}: {exc}") from None
        estimates = list(result.estimates)
        if options["age"] is None:
            estimates.append("Leeftijd niet opgegeven: we rekenden met 30 jaar.")
        obj = {
            "verdict": result.verdict,
            "housing_costs": fmt(result.housing_costs),
            "huurtoeslag": fmt(result.huurtoeslag),
            "ratio": None if result.ratio is None else f"{result.ratio:.3f}",
            "room_for_rent": fmt(result.room_for_rent),
            "reasons": result.reasons,
            "year": result.year,
            "net_housing_costs": fmt(result.net_housing_costs),
            "energy": fmt(result.energy),
            "minimum_budget": fmt(result.minimum_budget),
            "left_over": fmt(result.left_over),
            "estimates": estimates,
            "unconfirmed": result.unconfirmed,
        }
        ratio = "-" if result.ratio is None else f"{result.ratio * 100:.1f} %"
        lines = [
            f"affordability {result.year}: {result.verdict}",
            f"  housing costs      {fmt(result.housing_costs):>9}  rent {fmt(result.rent)} + service {fmt(result.service_costs)}"
            f" + energy {fmt(result.energy)}"
            + (f" (estimate, label {result.energy_label})" if result.energy_label else ""),
            f"  huurtoeslag        {fmt(result.huurtoeslag):>9}  (estimate)",
            f"  net housing costs  {fmt(result.net_housing_costs):>9}  {ratio} of net income {fmt(result.net_income)}",
            f"  room for rent      {fmt(result.room_for_rent):>9}  (Nibud: above the minimum budget {fmt(result.minimum_budget)},"
            f" half of income above {fmt(result.minimum_income)})",
            f"  left over          {fmt(result.left_over):>9}",
        ]
        lines += [f"  reason: {reason}" for reason in result.reasons]
        lines += [f"  estimate: {note}" for note in estimates]
        if result.unconfirmed:
            lines.append(f"  unconfirmed parameters: {', '.join(result.unconfirmed)}")
        return obj, lines
