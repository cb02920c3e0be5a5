"""What an officer types to find a household, made comparable with what is stored.

Pure functions, no Django: each turns one notation into the single key the search table keeps
(tenancies/search.py), and `parse` tells what kind of thing a query is and which keys to look
for. Keys hold only ASCII letters and digits, so a prefix is a range of keys in any collation.
"""

import re
import unicodedata
from dataclasses import dataclass

# The kinds of query, with how the access log and the page name them in Dutch ("zoeken op ...").
KINDS = {
    "contract": "contractnummer",
    "name": "naam",
    "street": "straat en huisnummer",
    "postcode": "postcode en huisnummer",
    "phone": "telefoonnummer",
    "email": "e-mailadres",
    "iban": "IBAN",
}

# Dutch surname prefixes (tussenvoegsels), longest first where one starts another.
PREFIX_WORDS = frozenset(
    {"van", "de", "der", "den", "het", "t", "ten", "ter", "te", "in", "op", "la", "le", "du", "da", "di", "d", "l"}
    | {"del", "della", "dos", "das", "el", "al", "vd", "v", "von", "zum", "zu", "uit", "aan", "bij", "onder", "over"}
    | {"s", "o", "mac", "mc", "y", "lo", "thoe", "toe", "tot", "voor", "vanden", "vander", "vande"}
)
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
MIN_LENGTH = 2  # a query shorter than this finds nothing (a single letter matches thousands)


def fold(text: str) -> str:
    """Lower case, accents off ('Çelik' -> 'celik'), 'ĳ' as 'ij'; other characters kept."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def compact(text: str) -> str:
    """Only the ASCII letters and digits of `text`, folded: 'De Vries-Öztürk' -> 'devriesozturk'."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def words(text: str) -> list[str]:
    """The words of a name, folded, split on spaces, dots, apostrophes and hyphens."""
    return [w for w in re.split(r"[^a-z0-9]+", fold(text)) if w]


def phone(text: str) -> str:
    """A phone number as its digits in the national notation: '+31 6 12345678', '0031612345678',
    '06-12345678', '+31 (0)6 1234 5678' -> '0612345678'. A foreign number keeps its country code
    after '00' ('+32 470 12 34 56' -> '0032470123456'). No digits: ''."""
    text = text.strip()
    digits = re.sub(r"\D", "", text)
    if not digits:
        return ""
    if text.startswith("+"):
        digits = "00" + digits
    if digits.startswith("0031"):
        rest = digits[4:]
        return "0" + (rest[1:] if rest.startswith("0") else rest)  # the '(0)' some write after +31
    return digits


def iban(text: str) -> str:
    """An IBAN without spaces, in capitals: 'nl91 abna 0417 1643 00' -> 'NL91ABNA0417164300'."""
    return re.sub(r"[^A-Za-z0-9]", "", text).upper()


def email(text: str) -> str:
    return text.strip().casefold()


def postcode(text: str) -> str:
    """A Dutch postcode as '3521GD', whatever the spacing or case; '' when it is not one."""
    found = re.fullmatch(r"\s*([1-9]\d{3})\s*([A-Za-z]{2})\s*", text)
    return f"{found.group(1)}{found.group(2).upper()}" if found else ""


def suffix(text: str) -> str:
    """A house-number suffix as stored for search: 'bis', '-A', ' 2 ' -> 'BIS', 'A', '2'."""
    return compact(text).upper()


def street(text: str) -> str:
    return compact(text)


def contract(text: str) -> str:
    """A contract number for search: capitals, without spaces around it ('demo-01917-1' -> 'DEMO-01917-1')."""
    return re.sub(r"\s+", "", text).upper()


def name_keys(prefix: str, surname: str) -> tuple[str, str]:
    """(surname without prefixes, prefix and surname) as search keys: ('van der', 'Meer') ->
    ('meer', 'vandermeer'); a prefix written in the surname counts too: ('', 'de Vries') ->
    ('vries', 'devries'). A double name keeps both parts: 'Jansen-de Vries' -> 'jansendevries'."""
    all_words = words(f"{prefix} {surname}")
    if not all_words:
        return "", ""
    own = strip_prefix(all_words)
    return "".join(own), "".join(all_words)


def strip_prefix(name_words: list[str]) -> list[str]:
    """The words after the leading prefixes; never nothing (a surname that is a prefix word, 'Van', stays)."""
    for i, word in enumerate(name_words):
        if word not in PREFIX_WORDS:
            return name_words[i:]
    return name_words[-1:]


def initials(text: str) -> str:
    """Initials as letters: 'J.P.' -> 'jp', 'J. P.' -> 'jp', 'Th.' -> 'th'."""
    return compact(text)


def after(prefix: str) -> str:
    """The first key that no longer starts with `prefix` (keys use ALPHABET only): a prefix search
    is `prefix <= key < after(prefix)`. '' when nothing comes after (a prefix of only 'z's)."""
    chars = list(prefix)
    while chars:
        last = chars.pop()
        position = ALPHABET.index(last)
        if position + 1 < len(ALPHABET):
            return "".join(chars) + ALPHABET[position + 1]
    return ""


@dataclass(frozen=True)
class Query:
    """What a query asks for. `kind` is a key of KINDS, or '' for a query that can find nothing.
    For a name: `surname` (a prefix of the surname key or, with `full`, of prefix and surname) and
    `initials` (a prefix of the stored initials). For addresses: `street` or `postcode`, a house
    `number` and perhaps a `suffix`. Else `key`, the exact key of that kind."""

    kind: str
    key: str = ""
    surname: str = ""
    full: bool = False
    initials: str = ""
    street: str = ""
    postcode: str = ""
    number: int | None = None
    suffix: str = ""

    @property
    def label(self) -> str:
        return KINDS.get(self.kind, "")


NOTHING = Query(kind="")
POSTCODE_NUMBER = re.compile(
    r"\s*([1-9]\d{3})\s*([A-Za-z]{2})(?:\s*[,-]?\s*(\d{1,5})(?:\s*[-/ ]?\s*([A-Za-z0-9]{1,6}))?)?\s*"
)
STREET_NUMBER = re.compile(r"\s*(.*?[^\W\d_].*?)[\s,]*(\d{1,5})(?:\s*[-/ ]?\s*([A-Za-z0-9]{1,6}))?\s*")
PHONE = re.compile(r"[\d\s()+./-]+")
IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")
CONTRACT_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\d[A-Za-z0-9._-]*")
NAME_CHARS = re.compile(r"['’]?[^\W\d_][\w .'’,-]*")


def parse(text: str) -> list[Query]:
    """What a query may mean, most likely first. A contract number is tried for every query that
    could be one; the page shows what the first meaning that finds anything finds."""
    text = (text or "").strip()[:200]
    if len(compact(text)) < MIN_LENGTH:
        return []
    meanings: list[Query] = []
    if "@" in text:
        return [Query(kind="email", key=email(text))]
    if IBAN_SHAPE.fullmatch(iban(text)) and re.fullmatch(r"[A-Za-z0-9 ]+", text):
        meanings.append(Query(kind="iban", key=iban(text)))
    if CONTRACT_SHAPE.fullmatch(text):  # a contract number has no spaces
        meanings.append(Query(kind="contract", key=contract(text)))
    if meanings and meanings[0].kind == "iban":
        return meanings
    if found := POSTCODE_NUMBER.fullmatch(text):
        code, number, extra = f"{found.group(1)}{found.group(2).upper()}", found.group(3), found.group(4)
        meanings.append(
            Query(
                kind="postcode",
                postcode=code,
                number=int(number) if number else None,
                suffix=suffix(extra or ""),
            )
        )
        return meanings
    if PHONE.fullmatch(text) and 9 <= len(phone(text)) <= 15:
        meanings.append(Query(kind="phone", key=phone(text)))
        return meanings
    if (found := STREET_NUMBER.fullmatch(text)) and street(found.group(1)):
        meanings.append(
            Query(
                kind="street",
                street=street(found.group(1)),
                number=int(found.group(2)),
                suffix=suffix(found.group(3) or ""),
            )
        )
        return meanings
    if NAME_CHARS.fullmatch(text) and (name := parse_name(text)) is not None:
        meanings.append(name)
    return meanings


def parse_name(text: str) -> Query | None:
    """A name as people say or write it: 'Vries', 'de vries', 'J. de Vries', 'Jan de Vries',
    'J.P. van der Meer', 'Vries, J. de', 'Vries de'. Leading initials (one or two letters, or
    letters with dots) and a given name before the surname count as initials."""
    if "," in text:  # 'Vries, J. de': surname first, then initials and prefix
        surname_part, _, rest = text.partition(",")
        rest_words = words(rest)
        given = [w for w in rest_words if w not in PREFIX_WORDS]
        prefix = [w for w in rest_words if w in PREFIX_WORDS]
        return _name(prefix + words(surname_part), "".join(w[0] for w in given))
    raw = text.split()
    letters = ""
    while len(raw) > 1:  # initials or a given name in front of the rest
        word = raw[0]
        plain = compact(word)
        if not plain or plain in PREFIX_WORDS:
            break
        if "." in word or len(plain) == 1:
            letters += plain
        elif compact(raw[-1]) not in PREFIX_WORDS and all(compact(w) in PREFIX_WORDS for w in raw[1:-1]):
            letters += plain[0]  # a given name: its first letter
        else:
            break
        raw = raw[1:]
    name_words = words(" ".join(raw))
    if not name_words:
        return None
    # 'Vries de' (surname, then prefix, as in a list): the prefix goes in front.
    trailing = []
    while len(name_words) > 1 and name_words[-1] in PREFIX_WORDS:
        trailing.insert(0, name_words.pop())
    return _name(trailing + name_words, letters)


def _name(name_words: list[str], letters: str) -> Query | None:
    if not name_words:
        return None
    has_prefix = name_words[0] in PREFIX_WORDS and len(name_words) > 1
    key = "".join(name_words)
    if len(key) < MIN_LENGTH:
        return None
    return Query(kind="name", surname=key, full=has_prefix, initials=letters)
