"""Demo directory: the actors and local contacts of the report's stories (used by
`manage.py seed_demo`). Idempotent: every row is found by its natural key before it is made,
and descriptive texts are only filled in where they are still empty."""

from datetime import date

from actors.door_hanger_demo import seed_door_hangers
from actors.models import (
    Actor,
    Agreement,
    Area,
    AreaListStatus,
    ContactPerson,
    Criterion,
    CriterionThreshold,
    HousingOrganisation,
    ListStatus,
    LocalContact,
    SupportOffer,
    SupportOfferCategory,
)
from actors.needs import NeedCategory as Need
from brobygning.core.places import municipality_code

# The demo's areas; the households demo places its cases in them (see demo_areas).
AREAS = [
    # name, municipality, organisation, transformation, receiving
    ("Vollsmose", "Odense", "Civica", True, False),
    ("Odense Midtby", "Odense", "Civica", False, True),
    ("Bolbro", "Odense", "FAB", False, True),
    ("Gellerup", "Aarhus", "Brabrand Boligforening", True, False),
    ("Hasle", "Aarhus", "Brabrand Boligforening", False, True),
    ("Trige", "Aarhus", "AL2bolig", False, True),
    ("Stengårdsvej", "Esbjerg", "Boligkontoret Esbjerg", True, False),
    ("Esbjerg Centrum", "Esbjerg", "Boligkontoret Esbjerg", False, True),
]
ORGANISATION_OFFERS = {"Civica": 2, "Brabrand Boligforening": 3, "Boligkontoret Esbjerg": 2}

AREA_DETAILS = {
    # name: (facilities, social housing plan, homes)
    "Vollsmose": (
        "Vollsmose Torv med dagligvarer, halalslagter og bibliotek. Letbane og bus 31 til "
        "centrum. Kulturhus, moské og mange foreninger.",
        True,
        3400,
    ),
    "Odense Midtby": (
        "Tæt på Rosengårdcentret og Kongensgade. Halalslagter på Vesterbro. Distriktsskoler: "
        "Tarup Skole og Ahaveskolen. Ungdomsklub i Midtbyen, Odense Centralbibliotek, "
        "letbane og busser overalt.",
        False,
        1200,
    ),
    "Bolbro": (
        "Bolbro Brugs og discountbutikker, arabisk købmand på Middelfartvej. Bolbro Skole, "
        "fritidsklub og idrætsforening B1913. Bus 10 og 51 til centrum.",
        True,
        900,
    ),
    "Gellerup": (
        "Bazar Vest med halalkød og grønt, Globus1 og Gellerup Bibliotek. Letbane til "
        "Aarhus C fra Brabrand. Mange klubber og foreninger i Foreningernes Hus.",
        True,
        2400,
    ),
    "Hasle": (
        "Hasle Torv med dagligvarebutikker og apotek. Ellekærskolen og Hasle Skole. "
        "Fællesspisning i beboerhuset hver torsdag. Bus 2A og 3A.",
        True,
        1500,
    ),
    "Trige": (
        "Roligt forstadsområde med Trige Centret, Trige Skole og daginstitutioner. Tog fra "
        "Trige Station til Aarhus C på 15 minutter. Nærmeste halalslagter i Risskov.",
        False,
        600,
    ),
}

LOCAL_CONTACTS = [
    # area, name, kind, phone, note
    (
        "Hasle",
        "Kim Sørensen",
        LocalContact.Kind.SOCIAL_CARETAKER,
        "20 45 11 02",
        "Social vicevært i afdelingen; træffes i ejendomskontoret mandag-torsdag.",
    ),
    (
        "Hasle",
        "Fatima Ali",
        LocalContact.Kind.NEIGHBOUR_AMBASSADOR,
        "22 61 37 48",
        "Taler arabisk og somali. Tager gerne imod nye naboer i opgangen.",
    ),
    (
        "Trige",
        "Mads Kristensen",
        LocalContact.Kind.DISTRICT_GUIDE,
        "41 87 20 15",
        "Bydelsguide; viser rundt i Trige og følger med til første møde i klubben.",
    ),
    (
        "Trige",
        "Hanne Bach",
        LocalContact.Kind.RESIDENTS_BOARD,
        "",
        "Formand for afdelingsbestyrelsen. Inviterer til velkomstkaffe.",
    ),
    (
        "Trige",
        "Trige Ungdomsklub",
        LocalContact.Kind.CLUB,
        "87 13 91 40",
        "Åben mandag-torsdag 18-21 for 13-17-årige.",
    ),
    (
        "Gellerup",
        "Bydelsguiderne Gellerup",
        LocalContact.Kind.DISTRICT_GUIDE,
        "89 40 12 34",
        "Kender beboerne og følger dem gennem genhusningen.",
    ),
    (
        "Odense Midtby",
        "Yasmin Haddad",
        LocalContact.Kind.NEIGHBOUR_AMBASSADOR,
        "",
        "Naboambassadør i Kongensgade-opgangene. Taler arabisk.",
    ),
    (
        "Odense Midtby",
        "Ungdomsklubben Midtbyen",
        LocalContact.Kind.CLUB,
        "65 51 40 20",
        "Klub for 10-17-årige med lektiehjælp, fodbold og ture.",
    ),
    (
        "Bolbro",
        "Jens Holm",
        LocalContact.Kind.SOCIAL_CARETAKER,
        "30 12 88 41",
        "Social vicevært hos FAB i Bolbro.",
    ),
    (
        "Bolbro",
        "Aisha Yousef",
        LocalContact.Kind.RESIDENTS_BOARD,
        "",
        "Medlem af afdelingsbestyrelsen; arrangerer fællesspisning.",
    ),
]

# Statutory thresholds (almenboligloven § 61 a–b) as data; see domain notes.
THRESHOLDS = [
    (Criterion.OUTSIDE_WORK_EDUCATION, ListStatus.VULNERABLE, "40"),
    (Criterion.CONVICTIONS_RATIO, ListStatus.VULNERABLE, "3"),
    (Criterion.PRIMARY_SCHOOL_ONLY, ListStatus.VULNERABLE, "60"),
    (Criterion.INCOME_RATIO, ListStatus.VULNERABLE, "55"),
    (Criterion.NON_WESTERN, ListStatus.PARALLEL_SOCIETY, "50"),
    (Criterion.OUTSIDE_WORK_EDUCATION, ListStatus.PREVENTION, "30"),
    (Criterion.CONVICTIONS_RATIO, ListStatus.PREVENTION, "2"),
    (Criterion.PRIMARY_SCHOOL_ONLY, ListStatus.PREVENTION, "60"),
    (Criterion.INCOME_RATIO, ListStatus.PREVENTION, "65"),
    (Criterion.NON_WESTERN, ListStatus.PREVENTION, "30"),
]
THRESHOLDS_FROM = 2021


def seed(*, users, stdout):
    areas = demo_areas()
    _odense(areas, users)
    _aarhus(areas)
    for area, name, kind, phone, note in LOCAL_CONTACTS:
        LocalContact.objects.get_or_create(
            area=areas[area], name=name, defaults={"kind": kind, "phone": phone, "note": note}
        )
    for criterion, list_status, value in THRESHOLDS:
        CriterionThreshold.objects.get_or_create(
            criterion=criterion,
            list_status=list_status,
            valid_from=THRESHOLDS_FROM,
            defaults={"value": value},
        )
    seed_door_hangers()
    for name in ("Vollsmose", "Gellerup"):
        AreaListStatus.objects.get_or_create(
            area=areas[name], year=2024, defaults={"status": ListStatus.TRANSFORMATION}
        )
    stdout.write(
        f"Demo directory: {Actor.objects.count()} actors, "
        f"{SupportOffer.objects.count()} support offers, "
        f"{LocalContact.objects.count()} local contacts."
    )


def demo_areas():
    """The demo areas by name, created (idempotently) if missing."""
    areas = {}
    for name, municipality, organisation, transformation, receiving in AREAS:
        org, _ = HousingOrganisation.objects.get_or_create(
            name=organisation, defaults={"max_offers": ORGANISATION_OFFERS.get(organisation)}
        )
        area, _ = Area.objects.get_or_create(
            name=name,
            defaults={
                "municipality": municipality,
                "municipality_code": municipality_code(municipality),
                "housing_organisation": org,
                "is_transformation_area": transformation,
                "is_receiving_area": receiving,
            },
        )
        if name in AREA_DETAILS and not area.facilities:
            area.facilities, area.has_social_housing_plan, area.homes_count = AREA_DETAILS[name]
            area.save(update_fields=["facilities", "has_social_housing_plan", "homes_count"])
        areas[name] = area
    return areas


def _actor(name, kind, municipality, **fields):
    return Actor.objects.get_or_create(
        name=name,
        municipality=municipality,
        defaults={"kind": kind, "municipality_code": municipality_code(municipality), **fields},
    )[0]


def _offer(actor, name, categories, *, areas=(), **fields):
    offer, created = SupportOffer.objects.get_or_create(actor=actor, name=name, defaults=fields)
    if created:
        offer.areas.set(areas)
        SupportOfferCategory.objects.bulk_create(
            SupportOfferCategory(offer=offer, category=category) for category in categories
        )
    return offer


def _odense(areas, users):
    """Report: "Enlig mor med fire børn skal flytte" – the bridges built from Vollsmose."""
    placement = _actor(
        "Pladsanvisningen, Børn- og Ungeforvaltningen",
        Actor.Kind.MUNICIPAL,
        "Odense",
        phone="66 13 13 72",
        email="pladsanvisning@odense.demo.brobygning.local",
        website="odense.dk/pladsanvisning",
    )
    ContactPerson.objects.get_or_create(
        user=users["kommune"],
        defaults={
            "actor": placement,
            "name": users["kommune"].get_full_name() or users["kommune"].username,
            "role": "Konsulent, genhusningsaftalen",
            "email": users["kommune"].email,
            "languages": "dansk, engelsk",
        },
    )
    fast_track, _ = Agreement.objects.get_or_create(
        actor=placement,
        title="Hurtig pladsanvisning til genhusede børn",
        defaults={
            "description": (
                "Aftale med en konsulent i Børn- og Ungeforvaltningen: børn, der genhuses fra "
                "Vollsmose, får hurtigt tilbudt plads i dagtilbud nær den nye bolig."
            ),
            "valid_from": date(2022, 8, 1),
        },
    )
    _offer(
        placement,
        "Hurtig plads i dagtilbud ved genhusning",
        [Need.DAYCARE],
        agreement=fast_track,
        target_group="Børn 0-6 år i familier, der genhuses fra Vollsmose.",
        how_to_refer=(
            "Skriv barnet op i Digital Pladsanvisning med behovsdato, og notér 'genhusning' i "
            "bemærkningsfeltet. Ring til kontaktpersonen, hvis flytningen er tæt på."
        ),
    )
    youth_school = _actor("Odense Ungdomsskole", Actor.Kind.SCHOOL, "Odense")
    _offer(
        youth_school,
        "Fritidsvejleder",
        [Need.LEISURE],
        description="Fritidsvejlederen hjælper børn og unge med at starte til en fritidsaktivitet "
        "i det nye lokalområde og følger med første gang.",
        target_group="Børn og unge 10-17 år.",
        how_to_refer="Ring eller skriv til fritidsvejlederen med barnets alder og interesser.",
    )
    club = _actor("Ungdomsklubben Midtbyen", Actor.Kind.OTHER, "Odense")
    _offer(
        club,
        "Klubaftener og lektiehjælp",
        [Need.LEISURE],
        areas=[areas["Odense Midtby"]],
        target_group="Unge 10-17 år i Midtbyen.",
        how_to_refer="Mød op med den unge en klubaften; sig gerne til på forhånd.",
    )
    kvinfo = _actor("KVINFO Mentornetværk", Actor.Kind.NGO, "", website="kvinfo.dk/mentornetvaerk")
    _offer(
        kvinfo,
        "Mentor til kvinder med flygtninge- og indvandrerbaggrund",
        [Need.EMPLOYMENT, Need.LANGUAGE],
        description="En frivillig mentor hjælper med jobsøgning, netværk og dansk i hverdagen. "
        "Mentor og mentee mødes et par gange om måneden.",
        target_group="Kvinder med lille eller ingen erhvervserfaring i Danmark.",
        how_to_refer="Tilmelding via projektkoordinatoren eller kvinfo.dk.",
    )
    mothers = _actor("Støtte for Mødre og Børn", Actor.Kind.NGO, "Odense")
    _offer(
        mothers,
        "Støtte til pc og boligudstyr",
        [Need.DIGITAL, Need.FURNITURE],
        description="Foreningen kan søges om en pc til skolebrug og om møbler til den nye bolig.",
        target_group="Enlige mødre med børn og lav indkomst.",
        how_to_refer="Skriftlig ansøgning med kort beskrivelse af familiens situation.",
    )
    job_centre = _actor("Jobcenter Odense", Actor.Kind.MUNICIPAL, "Odense")
    _offer(
        job_centre,
        "Beskæftigelsesmentor",
        [Need.EMPLOYMENT],
        description="Mentorstøtte til at komme i job eller uddannelse, også efter flytning.",
        how_to_refer="Aftales med borgerens sagsbehandler i jobcentret.",
    )
    red_cross = _actor("Røde Kors Odense", Actor.Kind.NGO, "Odense")
    _offer(
        red_cross,
        "Lektiecafé",
        [Need.SCHOOL],
        areas=[areas["Odense Midtby"], areas["Bolbro"]],
        description="Frivillige hjælper med lektier to eftermiddage om ugen.",
        target_group="Skolebørn 1.-10. klasse.",
        how_to_refer="Barnet kan bare møde op; første gang gerne sammen med en voksen.",
    )


def _aarhus(areas):
    placement = _actor("Pladsanvisningen Aarhus", Actor.Kind.MUNICIPAL, "Aarhus")
    _offer(
        placement,
        "Plads i dagtilbud efter flytning",
        [Need.DAYCARE],
        how_to_refer="Opskrivning via Digital Pladsanvisning med behovsdato.",
    )
    dining = _actor("Beboerhuset Hasle", Actor.Kind.NGO, "Aarhus")
    _offer(
        dining,
        "Fællesspisning torsdag",
        [Need.LEISURE],
        areas=[areas["Hasle"]],
        description="Billig aftensmad og en god måde at møde naboerne på.",
    )
