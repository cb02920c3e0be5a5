"""The portal's CSV route: its export of incoming messages into canonical dicts, and our answers as
its upload file, with files as a Dutch spreadsheet writes them."""

import csv
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huurpad.debthelp.canonical import ITEM_KINDS
from huurpad.debthelp.transport import csv_portal
from huurpad.debthelp.transport.base import TransportError
from huurpad.imports import ImportFailed

HEADER = (
    "BerichtId;ConversatieReferentienummer;Berichttype;Datum;Schuldhulpverlener;KlantnummerSHV;"
    "KlantnummerSEVolgensSHV;KlantnummerSE;TypeSchuldregeling;Afkooppercentage;Looptijd;Stabilisatietermijn;"
    "Toelichting;DatumAkkoord;Resultaat;Referentienummer;Contactpersoon SHV;Klant;Adres"
)
ROWS = [
    "skn-0001;c-11;Kennisgeving;02-03-2026;Stadsbank Oost;SB-2026-114;T-1001;;;;;8;;;;R-7;A. de Vries, 053-4812000, a.devries@stadsbank.test;Mevr. J. Bakker, 12-04-1981;Lindelaan 4, 7512 AB Enschede",
    "skn-0002;c-11;Saldoverzoek;2026-03-09;Stadsbank Oost;SB-2026-114;T-1001;;SB;;;;;;;R-7;A. de Vries;Mevr. J. Bakker;Lindelaan 4",
    "skn-0003;c-11;Betaalvoorstel;14-04-2026;Stadsbank Oost;SB-2026-114;;T-1001;SK;23,5;18;;;;;;;;",
    'skn-0004;c-11;Heroverweging;20-04-2026;Stadsbank Oost;SB-2026-114;;T-1001;;;;;"Alle schuldeisers akkoord; wilt u heroverwegen?";;;;;;',
    "skn-0005;c-11;Statusbericht SHV;21-04-2026;Stadsbank Oost;SB-2026-114;;T-1001;;;;;Inkomen gewijzigd.;;;;;;",
    "skn-0006;c-11;Schuldregeling akkoord;04-05-2026;Stadsbank Oost;SB-2026-114;;T-1001;SK;;;;;01-05-2026;;;;;",
    "skn-0007;c-11;Schuldregeling beëindigd;02-11-2027;Stadsbank Oost;SB-2026-114;;T-1001;;;;;;;Geslaagd;;;;",
]


def write(tmp_path, lines, name="skn-export.csv", bom=True):
    path = tmp_path / name
    path.write_text(("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_every_incoming_type_becomes_canonical(tmp_path):
    messages = csv_portal.read_incoming(write(tmp_path, [HEADER, *ROWS]))
    common = {"tenancy_ref": "T-1001", "counsellor": "Stadsbank Oost", "counsellor_reference": "SB-2026-114"}
    assert messages == [
        {"message_id": "skn-0001", "type": "kennisgeving", "date": "2026-03-02", **common, "months": 8},
        {"message_id": "skn-0002", "type": "saldoverzoek", "date": "2026-03-09", **common},
        {
            "message_id": "skn-0003",
            "type": "betaalvoorstel",
            "date": "2026-04-14",
            **common,
            "kind": "saneringskrediet",
            "percentage": "23.50",
            "months": 18,
        },
        {
            "message_id": "skn-0004",
            "type": "heroverweging",
            "date": "2026-04-20",
            **common,
            "text": "Alle schuldeisers akkoord; wilt u heroverwegen?",
        },
        {
            "message_id": "skn-0005",
            "type": "statusbericht",
            "date": "2026-04-21",
            **common,
            "text": "Inkomen gewijzigd.",
        },
        {
            "message_id": "skn-0006",
            "type": "schuldregeling_akkoord",
            "date": "2026-05-04",
            **common,
            "start_date": "2026-05-01",
        },
        {
            "message_id": "skn-0007",
            "type": "schuldregeling_beeindigd",
            "date": "2027-11-02",
            **common,
            "outcome": "geslaagd",
        },
    ]


def test_columns_are_found_by_their_header_in_any_order_and_without_a_bom(tmp_path):
    header = HEADER.split(";")
    order = list(reversed(range(len(header))))
    lines = [";".join(header[i] for i in order)]
    for row in ROWS[:3]:
        cells = next(csv.reader([row], delimiter=";"))
        lines.append(";".join(cells[i] for i in order))
    assert [m["message_id"] for m in csv_portal.read_incoming(write(tmp_path, lines, bom=False))] == [
        "skn-0001",
        "skn-0002",
        "skn-0003",
    ]


@pytest.mark.parametrize(
    ("row", "where"),
    [
        (ROWS[2].replace(";23,5;", ";23.5;"), "line 4: J (Afkooppercentage)"),
        (ROWS[2].replace(";23,5;", ";drie;"), "line 4: J (Afkooppercentage)"),
        (ROWS[2].replace(";18;", ";achttien;"), "line 4: K (Looptijd)"),
        (ROWS[2].replace(";SK;", ";XX;"), "line 4: I (TypeSchuldregeling)"),
        (ROWS[0].replace("02-03-2026", "31-02-2026"), "line 2: D (Datum)"),
        (ROWS[0].replace("02-03-2026", "2/3/2026"), "line 2: D (Datum)"),
        (ROWS[0].replace(";8;", ";;"), "line 2: L (Stabilisatietermijn)"),
        (ROWS[1].replace(";T-1001;", ";;"), "line 3: G (KlantnummerSEVolgensSHV)"),
        (ROWS[6].replace("Geslaagd", "Half"), "line 8: O (Resultaat)"),
        (ROWS[3].replace("Heroverweging", "Verzoek"), "line 5: C (Berichttype)"),
        (ROWS[1].replace("Stadsbank Oost", ""), "line 3: E (Schuldhulpverlener)"),
    ],
)
def test_a_bad_cell_names_file_line_and_column_and_gives_nothing(tmp_path, row, where):
    index = next(i for i, r in enumerate(ROWS) if r.split(";")[0] == row.split(";")[0])
    rows = [*ROWS[:index], row, *ROWS[index + 1 :]]
    path = write(tmp_path, [HEADER, *rows])
    with pytest.raises(ImportFailed) as e:
        csv_portal.read_incoming(path)
    assert f"{path}:{where.removeprefix('line ')}" in str(e.value)
    assert "Nothing was imported." in str(e.value)


def test_a_missing_column_and_a_repeated_message_are_named(tmp_path):
    header = HEADER.replace("KlantnummerSHV;", "")
    with pytest.raises(ImportFailed, match=r"skn-export.csv:1: KlantnummerSHV: this column is missing"):
        csv_portal.read_incoming(write(tmp_path, [header, ROWS[0]]))
    with pytest.raises(ImportFailed, match=r"skn-export.csv:3: A \(BerichtId\): also on line 2"):
        csv_portal.read_incoming(write(tmp_path, [HEADER, ROWS[0], ROWS[0]]))


def test_an_empty_or_foreign_file_is_refused(tmp_path):
    with pytest.raises(ImportFailed, match="the file is empty"):
        csv_portal.read_incoming(write(tmp_path, [], bom=False))
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "\r\n" + ROWS[6]).encode("latin-1"))
    with pytest.raises(ImportFailed, match="not UTF-8"):
        csv_portal.read_incoming(latin)


SALDO = {
    "message_id": "hp-ans-1",
    "in_reply_to": "skn-0002",
    "type": "saldo_antwoord",
    "tenancy_ref": "T-1001",
    "date": "2026-03-09",
    "claim": "2156.47",
    "items": [
        {"kind": "rent", "amount": "1757.02"},
        {"kind": "service_costs", "amount": "214.45"},
        {"kind": "collection_costs", "amount": "185.00"},
    ],
    "advance_consent": True,
}
PROPOSAL = {
    "message_id": "hp-ans-2",
    "in_reply_to": "skn-0003",
    "type": "betaalvoorstel_antwoord",
    "tenancy_ref": "T-1001",
    "accepted": False,
    "decided_by": "staff",
}
REFUSAL = {
    "message_id": "hp-ans-3",
    "in_reply_to": "skn-0001",
    "type": "geen_medewerking",
    "tenancy_ref": "T-1001",
    "reason": "recent_stabilisation",
}


def read(path):
    text = path.read_bytes()
    assert text.startswith("\ufeff".encode())  # Excel opens it as UTF-8
    return list(csv.reader(text.decode("utf-8-sig").splitlines(), delimiter=";"))


def test_saldo_answer_copies_the_question_part_from_the_export(tmp_path):
    export = write(tmp_path, [HEADER, *ROWS])
    out = tmp_path / "saldoverzoek-antwoord.csv"
    written = csv_portal.write_answers(
        [SALDO],
        out,
        export=export,
        contact={"naam": "P. Jansen", "email": "incasso@woonstad.test", "telefoon": "053 123"},
    )
    assert written == [out]
    header, *rows = read(out)
    assert header == list(csv_portal.QUESTION + csv_portal.ANSWER)
    assert len(header) == 23  # A-W
    assert rows[0] == [
        "c-11", "R-7", "Stadsbank Oost", "A. de Vries", "SB-2026-114", "T-1001", "SB", "Mevr. J. Bakker", "", "Lindelaan 4", "",
        "T-1001", "P. Jansen", "incasso@woonstad.test", "053 123", "", "Ja", "09-03-2026", "openstaande schuld",
        "T-1001-rent", "09-03-2026", "1757,02", "1757,02",
    ]  # fmt: skip
    assert [(r[19], r[22]) for r in rows] == [
        ("T-1001-rent", "1757,02"),
        ("T-1001-service_costs", "214,45"),
        ("T-1001-collection_costs", "185,00"),
    ]


def test_without_the_export_the_question_part_holds_what_the_answer_knows(tmp_path):
    out = tmp_path / "antwoord.csv"
    csv_portal.write_answers([{**SALDO, "advance_consent": False}], out, today=dt.date(2026, 3, 10))
    row = read(out)[1]
    assert row[0] == "skn-0002" and row[5] == "T-1001" and row[11] == "T-1001"
    assert row[16] == ""  # no advance consent


def test_client_unknown_goes_in_the_saldo_file_other_answers_beside_it(tmp_path):
    out = tmp_path / "antwoord.csv"
    unknown = {**REFUSAL, "message_id": "hp-ans-4", "in_reply_to": "skn-0002", "reason": "client_unknown"}
    written = csv_portal.write_answers(
        [SALDO, PROPOSAL, REFUSAL, unknown], out, export=write(tmp_path, [HEADER, *ROWS])
    )
    assert [p.name for p in written] == [
        "antwoord.csv",
        "antwoord-betaalvoorstel-antwoord.csv",
        "antwoord-geen-medewerking.csv",
    ]
    saldo = read(out)
    assert [r[15] for r in saldo[1:]] == ["", "", "", "Ja"]
    assert read(written[1]) == [list(csv_portal.BETAALVOORSTEL_ANTWOORD), ["c-11", "T-1001", "SB-2026-114", "Nee"]]
    assert read(written[2])[1] == ["c-11", "T-1001", "SB-2026-114", "Recent poging tot stabilisatie"]


@pytest.mark.parametrize(
    "bad",
    [
        {**PROPOSAL, "accepted": None},
        {**SALDO, "claim": "2000.00"},
        {**REFUSAL, "reason": "onwillig"},
    ],
)
def test_one_answer_that_cannot_be_sent_writes_no_file(tmp_path, bad):
    out = tmp_path / "antwoord.csv"
    with pytest.raises(TransportError):
        csv_portal.write_answers([SALDO, PROPOSAL, bad], out)
    assert list(tmp_path.iterdir()) == []


@given(
    st.lists(st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False), min_size=1, max_size=4),
    st.booleans(),
)
def test_amounts_written_are_the_amounts_read_back(tmp_path_factory, amounts, consent):
    """Whatever the claim, the upload file says it in Dutch notation and reading that back gives the
    same amounts: no cent lost to a dot or a comma."""
    out = tmp_path_factory.mktemp("p") / "antwoord.csv"
    items = [{"kind": ITEM_KINDS[i], "amount": str(a)} for i, a in enumerate(amounts)]
    answer = {**SALDO, "claim": str(sum(amounts)), "items": items, "advance_consent": consent}
    csv_portal.write_answers([answer], out)
    rows = read(out)[1:]
    assert [csv_portal._decimal(r[22]) for r in rows] == amounts
    assert all(r[16] == ("Ja" if consent else "") for r in rows)
