"""Word lists for synthetic corporations (the demo and the bench): Dutch-looking names and obviously
fictional addresses."""

# Initials weighted roughly by how common Dutch first names start with them.
INITIALS = "JJJMMMAAAPPHHRRSSEECCWWKKDDLLNNTTBBFGIYOZ"

# (prefix, surname). Common Dutch surnames, and names of families who came to the Netherlands
# later, as a social-housing tenant list holds them. Trouble in the demo never depends on names.
SURNAMES = [
    ("de", "Jong"),
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Janssen"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("de", "Haan"),
    ("", "Vermeulen"),
    ("van den", "Heuvel"),
    ("van der", "Veen"),
    ("van den", "Broek"),
    ("de", "Bruijn"),
    ("van der", "Heijden"),
    ("", "Schouten"),
    ("van", "Beek"),
    ("", "Willems"),
    ("van", "Vliet"),
    ("van de", "Ven"),
    ("", "Hoekstra"),
    ("", "Maas"),
    ("", "Verhoeven"),
    ("", "Koster"),
    ("van", "Dam"),
    ("van der", "Wal"),
    ("", "Prins"),
    ("", "Blom"),
    ("", "Huisman"),
    ("", "Kuipers"),
    ("van", "Wijk"),
    ("", "Postma"),
    ("", "Veenstra"),
    ("", "Kramer"),
    ("van den", "Brink"),
    ("", "Scholten"),
    ("ter", "Horst"),
    ("in 't", "Veld"),
    ("van 't", "Hof"),
    ("", "Yilmaz"),
    ("", "Kaya"),
    ("", "Demir"),
    ("", "Öztürk"),
    ("el", "Amrani"),
    ("", "Bouzid"),
    ("", "Haddou"),
    ("", "Pinas"),
    ("", "Doelwijt"),
    ("", "Nguyen"),
    ("", "Martina"),
    ("", "Kowalski"),
    ("", "Ramdin"),
    ("", "Mohan"),
    ("", "Tahiri"),
]

# Street names that say what they are: no real street is meant.
STREET_WORDS = [
    "Voorbeeld",
    "Proef",
    "Oefen",
    "Schets",
    "Ontwerp",
    "Fictie",
    "Denkbeeld",
    "Verzin",
    "Papier",
    "Maquette",
    "Droom",
    "Bedenk",
    "Kladblok",
    "Nepwoning",
    "Tekentafel",
    "Speelgoed",
]
STREET_KINDS = ["straat", "laan", "hof", "plein", "kade", "weg", "singel", "dreef"]

# Real municipalities (CBS codes, so early signals have somewhere to go) with their postcode
# ranges; the streets in them are made up. Weights: how the homes are spread.
MUNICIPALITIES = [
    ("GM0599", "Rotterdam", (3011, 3089), 70),
    ("GM0606", "Schiedam", (3111, 3125), 18),
    ("GM0622", "Vlaardingen", (3131, 3138), 12),
]

# Bank codes of Dutch banks, so an IBAN names a real BIC; the account numbers are made up
# (they begin with 00, see generator.iban).
BANK_CODES = ["INGB", "INGB", "INGB", "RABO", "RABO", "ABNA", "ABNA", "SNSB", "ASNB", "TRIO", "KNAB", "BUNQ"]

FIRST_NAMES_STAFF = {
    "incassomedewerker": ("Sanne", "Visser"),
    "woonconsulent": ("Youssef", "el Idrissi"),
    "teamleider": ("Marieke", "de Groot"),
    "controller": ("Pieter", "Bakker"),
    "manager": ("Ingrid", "van Dam"),
    "partner": ("Fatma", "Kaya"),
    "beheerder": ("Ruben", "Smit"),
}
