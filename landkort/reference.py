"""KOMHEN reference data: the fixed dimensions every tælleuge result refers to.

The values follow ``KOMHEN.md``: the 98 kommuner and 5 regioner, the 35 opgaver in
KL's order and names, the six henvendelsestyper in three groups, the channels with
KL's codes, and the ten rounds. ``database.seed_reference`` writes them to the
database; everything else reads them from there or from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from types import MappingProxyType


@dataclass(frozen=True)
class Region:
    kode: int
    navn: str


@dataclass(frozen=True)
class Kommune:
    kode: int
    navn: str
    region_kode: int
    indbyggere: int  # approximate 2012 population; sizes the simulated data only

    @property
    def kode_tekst(self) -> str:
        return format_kommunekode(self.kode)


@dataclass(frozen=True)
class Opgave:
    id: int
    navn: str
    boelge: int | None = None
    obligatorisk_fra: date | None = None


@dataclass(frozen=True)
class Henvendelsestype:
    id: int
    navn: str
    gruppe: str


@dataclass(frozen=True)
class Kanal:
    id: int
    kode: str
    navn: str
    retning: str  # "ind" or "ud"
    digital: bool
    kun_information: bool = False  # Hjemmeside: only for the information types


@dataclass(frozen=True)
class Runde:
    id: int
    kode: str
    saeson: str  # "F" (forår) or "E" (efterår)
    aar: int
    uge_fra: int
    uge_til: int

    @property
    def navn(self) -> str:
        return f"{'Forår' if self.saeson == 'F' else 'Efterår'} {self.aar}"


REGIONER: tuple[Region, ...] = (
    Region(1081, "Nordjylland"),
    Region(1082, "Midtjylland"),
    Region(1083, "Syddanmark"),
    Region(1084, "Hovedstaden"),
    Region(1085, "Sjælland"),
)

_H, _S, _D, _M, _N = 1084, 1085, 1083, 1082, 1081

KOMMUNER: tuple[Kommune, ...] = tuple(
    Kommune(kode, navn, region, indbyggere)
    for kode, navn, region, indbyggere in (
        (101, "København", _H, 549000),
        (147, "Frederiksberg", _H, 102000),
        (151, "Ballerup", _H, 48000),
        (153, "Brøndby", _H, 34000),
        (155, "Dragør", _H, 14000),
        (157, "Gentofte", _H, 74000),
        (159, "Gladsaxe", _H, 66000),
        (161, "Glostrup", _H, 22000),
        (163, "Herlev", _H, 27000),
        (165, "Albertslund", _H, 28000),
        (167, "Hvidovre", _H, 52000),
        (169, "Høje-Taastrup", _H, 48000),
        (173, "Lyngby-Taarbæk", _H, 54000),
        (175, "Rødovre", _H, 37000),
        (183, "Ishøj", _H, 21000),
        (185, "Tårnby", _H, 42000),
        (187, "Vallensbæk", _H, 15000),
        (190, "Furesø", _H, 39000),
        (201, "Allerød", _H, 24000),
        (210, "Fredensborg", _H, 40000),
        (217, "Helsingør", _H, 62000),
        (219, "Hillerød", _H, 49000),
        (223, "Hørsholm", _H, 25000),
        (230, "Rudersdal", _H, 55000),
        (240, "Egedal", _H, 42000),
        (250, "Frederikssund", _H, 44000),
        (253, "Greve", _S, 48000),
        (259, "Køge", _S, 58000),
        (260, "Halsnæs", _H, 31000),
        (265, "Roskilde", _S, 84000),
        (269, "Solrød", _S, 21000),
        (270, "Gribskov", _H, 41000),
        (306, "Odsherred", _S, 33000),
        (316, "Holbæk", _S, 70000),
        (320, "Faxe", _S, 35000),
        (326, "Kalundborg", _S, 49000),
        (329, "Ringsted", _S, 33000),
        (330, "Slagelse", _S, 78000),
        (336, "Stevns", _S, 22000),
        (340, "Sorø", _S, 29000),
        (350, "Lejre", _S, 27000),
        (360, "Lolland", _S, 45000),
        (370, "Næstved", _S, 82000),
        (376, "Guldborgsund", _S, 62000),
        (390, "Vordingborg", _S, 45000),
        (400, "Bornholm", _H, 41000),
        (410, "Middelfart", _D, 38000),
        (420, "Assens", _D, 41000),
        (430, "Faaborg-Midtfyn", _D, 52000),
        (440, "Kerteminde", _D, 24000),
        (450, "Nyborg", _D, 32000),
        (461, "Odense", _D, 192000),
        (479, "Svendborg", _D, 59000),
        (480, "Nordfyns", _D, 29000),
        (482, "Langeland", _D, 13000),
        (492, "Ærø", _D, 6500),
        (510, "Haderslev", _D, 56000),
        (530, "Billund", _D, 26000),
        (540, "Sønderborg", _D, 76000),
        (550, "Tønder", _D, 38000),
        (561, "Esbjerg", _D, 115000),
        (563, "Fanø", _D, 3200),
        (573, "Varde", _D, 50000),
        (575, "Vejen", _D, 43000),
        (580, "Aabenraa", _D, 60000),
        (607, "Fredericia", _D, 50000),
        (615, "Horsens", _M, 84000),
        (621, "Kolding", _D, 90000),
        (630, "Vejle", _D, 108000),
        (657, "Herning", _M, 86000),
        (661, "Holstebro", _M, 57000),
        (665, "Lemvig", _M, 21000),
        (671, "Struer", _M, 22000),
        (706, "Syddjurs", _M, 42000),
        (707, "Norddjurs", _M, 38000),
        (710, "Favrskov", _M, 47000),
        (727, "Odder", _M, 22000),
        (730, "Randers", _M, 96000),
        (740, "Silkeborg", _M, 89000),
        (741, "Samsø", _M, 3800),
        (746, "Skanderborg", _M, 58000),
        (751, "Aarhus", _M, 314000),
        (756, "Ikast-Brande", _M, 41000),
        (760, "Ringkøbing-Skjern", _M, 58000),
        (766, "Hedensted", _M, 46000),
        (773, "Morsø", _N, 21000),
        (779, "Skive", _M, 47000),
        (787, "Thisted", _N, 44000),
        (791, "Viborg", _M, 94000),
        (810, "Brønderslev", _N, 36000),
        (813, "Frederikshavn", _N, 61000),
        (820, "Vesthimmerlands", _N, 37000),
        (825, "Læsø", _N, 1900),
        (840, "Rebild", _N, 29000),
        (846, "Mariagerfjord", _N, 42000),
        (849, "Jammerbugt", _N, 39000),
        (851, "Aalborg", _N, 201000),
        (860, "Hjørring", _N, 66000),
    )
)

_WAVE_1 = date(2012, 12, 1)

OPGAVER: tuple[Opgave, ...] = tuple(
    Opgave(i, navn, *(wave or ()))
    for i, (navn, wave) in enumerate(
        (
            ("Byggetilladelse", None),
            ("Optagelse i skolefritidsordning (SFO)", None),
            ("Skoleindskrivning/optagelse", None),
            ("Vielser/partnerskab", None),
            ("Flytning", (1, _WAVE_1)),
            ("Pas", None),
            ("Kørekort", None),
            ("SKAT - ejendom", None),
            ("SKAT - person", None),
            ("Opkrævning", None),
            ("Administrationsaftaler", None),
            ("Hjælpemidler", None),
            ("Optagelse i dagtilbud", None),
            ("Optagelse i fritidshjem", None),
            ("Sundhedskort (gult)", (1, _WAVE_1)),
            ("EU-sygesikringskort (blåt)", (1, _WAVE_1)),
            ("Valg af læge og sygesikringsgruppe", None),
            ("Folkepension", None),
            ("Opsat pension", None),
            ("Varmetillæg", None),
            ("Personligt tillæg og helbredstillæg", None),
            ("Bistandstillæg og plejetillæg", None),
            ("Førtidspension", None),
            ("Invaliditetsydelse", None),
            ("Boligydelse", None),
            ("Boligsikring, ikke førtidspensionister", None),
            ("Boligsikring, førtidspensionister", None),
            ("Beboerindskud", None),
            ("Børnetilskud", None),
            ("Børne- og ungeydelse", None),
            ("Underholdsbidrag", None),
            ("Hjælp til forsørgelse (kontanthjælp, mv.)", None),
            ("Sygedagpenge", None),
            ("Barselsdagpenge", None),
            ("Dagpenge ved alvorligt syge børn", None),
        ),
        start=1,
    )
)

TRANSAKTIONER = "transaktioner"
GENEREL_INFORMATION = "generel_information"
INFORMATION_OM_SAG = "information_om_sag"

GRUPPER: dict[str, str] = {
    TRANSAKTIONER: "Transaktioner",
    GENEREL_INFORMATION: "Generel information",
    INFORMATION_OM_SAG: "Information om sag",
}

HENVENDELSESTYPER: tuple[Henvendelsestype, ...] = (
    Henvendelsestype(1, "Oprettelse ny sag", TRANSAKTIONER),
    Henvendelsestype(2, "Ændring status, eksisterende sag", TRANSAKTIONER),
    Henvendelsestype(3, "Råd/vejledning", GENEREL_INFORMATION),
    Henvendelsestype(4, "Hjælp til selvbetjening", GENEREL_INFORMATION),
    Henvendelsestype(5, "Fejlhenvendelse", GENEREL_INFORMATION),
    Henvendelsestype(6, "Information om eksisterende sag", INFORMATION_OM_SAG),
)

IND, UD = "ind", "ud"
RETNINGER: dict[str, str] = {IND: "Indgående", UD: "Udgående"}

KANALER: tuple[Kanal, ...] = (
    Kanal(1, "SLVBTJN", "Selvbetjening", IND, True),
    Kanal(2, "TLFIND", "Telefon", IND, False),
    Kanal(3, "PRSNLG", "Personlig henvendelse", IND, False),
    Kanal(4, "PPRIND", "Papirpost", IND, False),
    Kanal(5, "EMLIND", "E-mail", IND, True),
    Kanal(6, "DOCIND", "Digital post", IND, True),
    Kanal(7, "CHAT", "Chat", IND, True),
    Kanal(8, "SMSIND", "SMS", IND, True),
    Kanal(9, "WEB", "Hjemmeside", IND, True, kun_information=True),
    Kanal(10, "TLFUD", "Telefon", UD, False),
    Kanal(11, "PPRUD", "Papirpost", UD, False),
    Kanal(12, "FJERNPRINT", "Fjernprint", UD, True),
    Kanal(13, "OUTPUTMGR", "Output manager", UD, True),
    Kanal(14, "DOCUD", "Digital post", UD, True),
    Kanal(15, "SMSUD", "SMS", UD, True),
    Kanal(16, "EMLUD", "E-mail", UD, True),
)

SELVBETJENING = "SLVBTJN"
HJEMMESIDE = "WEB"
PAPIRPOST_UD = "PPRUD"


def _runder() -> tuple[Runde, ...]:
    plan = [("E", 2011)] + [(s, y) for y in range(2012, 2016) for s in ("F", "E")] + [("E", 2016)]
    result = []
    for i, (saeson, aar) in enumerate(plan, start=1):
        uger = (17, 19) if saeson == "F" else ((43, 43) if aar == 2016 else (43, 45))
        result.append(Runde(i, f"{saeson}{aar}", saeson, aar, *uger))
    return tuple(result)


RUNDER: tuple[Runde, ...] = _runder()

MAAL_SELVBETJENING = 0.80  # Økonomiaftalen 2013: 80 % via digital self-service


def format_kommunekode(kode: int) -> str:
    """Return the 4-digit kommunekode with leading zero, as users write it."""
    return f"{kode:04d}"


# Lookups made once, read-only: pages ask them thousands of times per request.
@cache
def kommune_by_kode() -> Mapping[int, Kommune]:
    return MappingProxyType({k.kode: k for k in KOMMUNER})


@cache
def runde_by_kode() -> Mapping[str, Runde]:
    return MappingProxyType({r.kode: r for r in RUNDER})


@cache
def kanal_by_kode() -> Mapping[str, Kanal]:
    return MappingProxyType({k.kode: k for k in KANALER})
