"""The policy text for people: errors in Dutch, what changed between two versions, line by line."""

import difflib
import re
import tomllib
from dataclasses import dataclass

from huurpad.core.policy.config import PolicyError

from .policy_settings import label_of

# (pattern on what follows 'key: ', Dutch sentence). The core names the key first; the rest is
# put into plain Dutch here so the team leader reads the problem in the language of the page.
_ERRORS = [
    (r"missing", "deze instelling ontbreekt."),
    (r"missing (?P<names>.+)", "deze instellingen ontbreken: {names}."),
    (r"unknown setting", "deze instelling kent Huurpad niet. Kijk of de naam goed gespeld is."),
    (r"unknown step setting", "deze instelling voor een stap kent Huurpad niet. Kijk of de naam goed gespeld is."),
    (r"unknown segment\(s\) (?P<names>.+); use (?P<allowed>.+)", "onbekend profiel {names}. Gebruik {allowed}."),
    (r"unknown payment method; use (?P<allowed>.+)", "onbekende betaalwijze. Gebruik {allowed}."),
    (
        r"must be a whole number of (?P<min>\d+) or more, not (?P<value>.+)",
        "moet een heel getal zijn van {min} of meer, niet {value}.",
    ),
    (r"may be at most (?P<max>\d+), not (?P<value>.+)", "mag niet meer zijn dan {max}, niet {value}."),
    (r"must be text", "moet tekst zijn, tussen aanhalingstekens."),
    (r"must be true or false", "moet true (ja) of false (nee) zijn."),
    (
        r"(?P<value>.+) is not an amount like \"100.00\"",
        '{value} is geen bedrag. Schrijf een bedrag zoals "100.00", met een punt.',
    ),
    (r"must not be negative", "mag niet kleiner zijn dan 0."),
    (r"(?P<value>.+) is not a time like \"21:00\"", '{value} is geen tijd. Schrijf een tijd zoals "21:00".'),
    (r"must list channels among (?P<allowed>.+)", "moet een lijst van kanalen zijn, gekozen uit {allowed}."),
    (r"(?P<value>.+) is not one of (?P<allowed>.+)", "{value} is geen kanaal dat Huurpad kent. Kies uit {allowed}."),
]
_TOML_WHERE = re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)")


@dataclass(frozen=True)
class PolicyProblem:
    key: str  # the setting, or '' when the text is not TOML at all
    message: str  # Dutch

    def __str__(self):
        return f"{self.key}: {self.message}" if self.key else self.message


def problem(error: PolicyError) -> PolicyProblem:
    """A PolicyError ('key: why', in English) as a Dutch sentence that still names the key."""
    text = str(error)
    if text.startswith("not valid TOML:"):
        where = _TOML_WHERE.search(text)
        place = f" in regel {where['line']}, kolom {where['column']}" if where else ""
        return PolicyProblem(
            "",
            f"De tekst klopt niet{place}. Kijk of elke regel de vorm naam = waarde heeft, "
            "of tekst tussen aanhalingstekens staat en of elk [kopje] maar één keer voorkomt.",
        )
    key, _, why = text.partition(": ")
    for pattern, dutch in _ERRORS:
        found = re.fullmatch(pattern, why)
        if found:
            return PolicyProblem(key, dutch.format(**found.groupdict()))
    return PolicyProblem(key, f"deze instelling klopt niet ({why}).")


# A diff line: its number in the old and new text (None where it does not exist), what happened.
@dataclass(frozen=True)
class DiffLine:
    old_number: int | None
    new_number: int | None
    kind: str  # 'same', 'removed' or 'added'
    text: str


def line_diff(old: str, new: str, context: int = 3) -> list[list[DiffLine]]:
    """The changed lines with a few lines around them, in groups (one group per changed place)."""
    a, b = old.splitlines(), new.splitlines()
    groups = []
    for opcodes in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        lines = []
        for tag, i1, i2, j1, j2 in opcodes:
            if tag == "equal":
                lines += [DiffLine(i + 1, j + 1, "same", a[i]) for i, j in zip(range(i1, i2), range(j1, j2))]
                continue
            lines += [DiffLine(i + 1, None, "removed", a[i]) for i in range(i1, i2)]
            lines += [DiffLine(None, j + 1, "added", b[j]) for j in range(j1, j2)]
        groups.append(lines)
    return groups


@dataclass(frozen=True)
class SettingChange:
    key: str
    old: str  # '' when the setting is new
    new: str  # '' when the setting was removed

    @property
    def label(self) -> str:
        """The setting's Dutch name, as the form shows it (the key itself for an unknown one)."""
        return label_of(self.key)


def setting_changes(old: str, new: str) -> list[SettingChange]:
    """Which settings changed, by key; comments and layout do not count."""
    try:
        before, after = _flat(tomllib.loads(old)), _flat(tomllib.loads(new))
    except tomllib.TOMLDecodeError:
        return []
    return [
        SettingChange(key, _shown(before.get(key)), _shown(after.get(key)))
        for key in sorted(before.keys() | after.keys(), key=_key_order(before, after))
        if before.get(key, _MISSING) != after.get(key, _MISSING)
    ]


_MISSING = object()


def _flat(data: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat |= _flat(value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _key_order(before: dict, after: dict):
    """Keep the order of the texts: the old text's keys first, then those only in the new."""
    order = {key: n for n, key in enumerate([*before, *(k for k in after if k not in before)])}
    return order.__getitem__


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return str(value)
