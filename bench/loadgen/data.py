"""The fixed material of the load data: names, places, the directory, note fragments."""

from zoneinfo import ZoneInfo

from django.conf import settings

from actors.models import Actor
from actors.needs import NeedCategory
from households.models import HousingOffer, JournalEntry

REFERENCE_PREFIX = "L-"
NAME_PREFIX = "Load "
USERNAME_PREFIX = "load-"
PASSWORD = "load-test"  # noqa: S105 (load-test accounts only; never in production)
BATCH_SIZE = 5000
TZ = ZoneInfo(settings.TIME_ZONE)

# --- Fixed pools of realistic values --------------------------------------------------------

MUNICIPALITIES = {
    # municipality: (transformation areas, receiving areas)
    "Odense": (["Vollsmose", "Korsløkken"], ["Odense Midtby", "Bolbro", "Dalum", "Tarup"]),
    "Aarhus": (["Gellerup", "Bispehaven"], ["Hasle", "Trige", "Viby", "Lystrup"]),
    "Esbjerg": (["Stengårdsvej"], ["Esbjerg Centrum", "Jerne", "Gjesing"]),
    "København": (["Mjølnerparken"], ["Valby", "Sundby", "Bispebjerg"]),
    "Aalborg": (["Aalborg Øst"], ["Nørresundby", "Vejgaard"]),
}
ORGANISATIONS = [
    ("Civica", 2),
    ("FAB", 3),
    ("Brabrand Boligforening", 3),
    ("AL2bolig", None),
    ("Boligkontoret Esbjerg", 2),
    ("Bo-Vita", 3),
    ("Himmerland Boligforening", None),
]
TEAMS = ["Nord", "Syd", "Øst", "Vest", "Midt", "Centrum", "Havn", "Skov", "Bakke", "Engen"]
FIRST_NAMES_ADULT = (
    "Samira Fatima Amina Layla Hodan Aylin Mette Hanne Susanne Birgitte Zainab Mariam Nadia "
    "Ayşe Leyla Ahmed Mohammed Ali Hassan Omar Mustafa Abdi Jens Lars Henrik Peter Kemal "
    "Yusuf Ibrahim Karim Bashir Reza Tariq Anne Lone Kirsten Inge Erik"
).split()
FIRST_NAMES_CHILD = (
    "Nour Lina Yasmin Sara Aya Hiba Emma Ida Freja Alma Malik Adam Yusuf Omar Noah William "
    "Elias Zakaria Ilyas Mikkel Emil Sofie Maja Ali Hamza Ayan Deeqa Mahad Liv Oscar"
).split()
SURNAMES = (
    "Ahmed Hussein Haddad Yilmaz Osman Warsame Rahimi Ahmadi Abdi Mohamud Khalil Demir "
    "Öztürk Hassan Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen "
    "Rasmussen Petersen Madsen Kristensen Olsen Mortensen Karimi Nazari Jama Farah Saleh "
    "Aziz"
).split()
STAFF_FIRST = (
    "Amira Jonas Lars Mette Sofie Camilla Rasmus Louise Mads Julie Anders Trine Kasper Line "
    "Martin Sara Thomas Maria Christian Nanna Michael Helle Søren Pernille Jakob Signe "
    "Aisha Bilal"
).split()
STAFF_LAST = (
    "Hansen Mikkelsen Pedersen Jensen Nielsen Larsen Poulsen Thomsen Møller Kjær Lund Holm "
    "Berg Dahl Bach Vestergaard Ali Yousef"
).split()
STREETS = (
    "Granparken|Egeparken|Bøgeparken|Gudrunsvej|Edwin Rahrs Vej|Karen Blixens Vej|"
    "Stengårdsvej|Nørrebrogade|Kongensgade|Vesterbro|Bispehavevej|Hasle Ringvej|Tarupvej|"
    "Dalumvej|Jernevej|Teglgårdsvej|Blåkildevej|Sundholmsvej"
).split("|")
LANGUAGES = [
    ("dansk", 40),
    ("arabisk", 18),
    ("somali", 10),
    ("tyrkisk", 9),
    ("dari", 5),
    ("kurdisk", 5),
    ("urdu", 4),
    ("engelsk", 4),
    ("tigrinya", 3),
    ("farsi", 2),
]
ACTORS = [
    # name (municipality added), kind, offers (name, needs)
    (
        "Pladsanvisningen",
        Actor.Kind.MUNICIPAL,
        [
            ("Plads i dagtilbud efter flytning", [NeedCategory.DAYCARE]),
            ("Hurtig plads ved genhusning", [NeedCategory.DAYCARE]),
        ],
    ),
    (
        "Jobcenter",
        Actor.Kind.MUNICIPAL,
        [
            ("Beskæftigelsesmentor", [NeedCategory.EMPLOYMENT]),
            ("Virksomhedspraktik", [NeedCategory.EMPLOYMENT, NeedCategory.LANGUAGE]),
        ],
    ),
    (
        "Borgerservice",
        Actor.Kind.MUNICIPAL,
        [
            (
                "Hjælp til boligstøtte og indskudslån",
                [NeedCategory.HOUSING_BENEFIT, NeedCategory.DEPOSIT_LOAN],
            ),
            ("Digital hjælp", [NeedCategory.DIGITAL]),
        ],
    ),
    (
        "Socialafdelingen",
        Actor.Kind.MUNICIPAL,
        [
            ("Støttekontaktperson (§ 99)", [NeedCategory.MENTAL_HEALTH, NeedCategory.HEALTH]),
            ("Socialpædagogisk støtte (§ 85)", [NeedCategory.MENTAL_HEALTH, NeedCategory.ECONOMY]),
            ("Økonomisk rådgivning", [NeedCategory.ECONOMY]),
        ],
    ),
    (
        "Ældreområdet",
        Actor.Kind.MUNICIPAL,
        [
            ("Visitation til ældrebolig", [NeedCategory.ELDERLY]),
            ("Hjemmepleje efter flytning", [NeedCategory.ELDERLY, NeedCategory.HEALTH]),
        ],
    ),
    (
        "Skoleafdelingen",
        Actor.Kind.SCHOOL,
        [
            ("Skoleskift ved genhusning", [NeedCategory.SCHOOL]),
            ("Modtageklasse", [NeedCategory.SCHOOL, NeedCategory.LANGUAGE]),
        ],
    ),
    (
        "Ungdomsskolen",
        Actor.Kind.SCHOOL,
        [
            ("Fritidsvejleder", [NeedCategory.LEISURE]),
        ],
    ),
    (
        "Sprogcenter",
        Actor.Kind.MUNICIPAL,
        [
            ("Danskundervisning", [NeedCategory.LANGUAGE]),
        ],
    ),
    (
        "Røde Kors",
        Actor.Kind.NGO,
        [
            ("Lektiecafé", [NeedCategory.SCHOOL]),
            ("Besøgsven", [NeedCategory.LEISURE, NeedCategory.HEALTH]),
        ],
    ),
    (
        "Mødrehjælpen",
        Actor.Kind.NGO,
        [
            ("Rådgivning til familier", [NeedCategory.ECONOMY, NeedCategory.FURNITURE]),
        ],
    ),
    (
        "Kirkens Korshær",
        Actor.Kind.NGO,
        [
            ("Møbler og flyttehjælp", [NeedCategory.FURNITURE, NeedCategory.MOVING_HELP]),
        ],
    ),
    (
        "Den Sociale Bank",
        Actor.Kind.BANK,
        [
            ("Budget og gældsrådgivning", [NeedCategory.ECONOMY]),
        ],
    ),
    (
        "Regionspsykiatrien",
        Actor.Kind.REGION,
        [
            ("Ambulant psykiatri", [NeedCategory.MENTAL_HEALTH]),
        ],
    ),
    (
        "Idrætsforeningen",
        Actor.Kind.NGO,
        [
            ("Fodbold og svømning for børn", [NeedCategory.LEISURE]),
        ],
    ),
    (
        "Boligsocial helhedsplan",
        Actor.Kind.HOUSING_ORGANISATION,
        [
            ("Familiementor", [NeedCategory.ECONOMY, NeedCategory.SCHOOL]),
            ("Flytteven", [NeedCategory.MOVING_HELP, NeedCategory.LEISURE]),
        ],
    ),
    (
        "Bydelsmødrene",
        Actor.Kind.NGO,
        [
            ("Bydelsmor", [NeedCategory.LANGUAGE, NeedCategory.LEISURE]),
        ],
    ),
    (
        "Lokalbiblioteket",
        Actor.Kind.OTHER,
        [
            ("Digital hjælp og lektiehjælp", [NeedCategory.DIGITAL, NeedCategory.SCHOOL]),
        ],
    ),
    (
        "Dagtilbud",
        Actor.Kind.DAYCARE,
        [
            ("Børnehus", [NeedCategory.DAYCARE]),
        ],
    ),
    (
        "Flexbus",
        Actor.Kind.OTHER,
        [
            ("Kørsel til læge og genoptræning", [NeedCategory.TRANSPORT]),
        ],
    ),
    (
        "Foreningen Nydansker",
        Actor.Kind.NGO,
        [
            ("Mentor til jobsøgning", [NeedCategory.EMPLOYMENT, NeedCategory.LANGUAGE]),
        ],
    ),
    (
        "Frivilligcenter",
        Actor.Kind.NGO,
        [
            ("Netværksgruppe for tilflyttere", [NeedCategory.LEISURE]),
        ],
    ),
    (
        "Sundhedshuset",
        Actor.Kind.MUNICIPAL,
        [
            ("Sundhedsplejerske", [NeedCategory.HEALTH]),
        ],
    ),
    (
        "Boligrådgivningen",
        Actor.Kind.NGO,
        [
            (
                "Rådgivning om husleje og indskud",
                [NeedCategory.HOUSING_BENEFIT, NeedCategory.DEPOSIT_LOAN],
            ),
        ],
    ),
]
NATIONAL_ACTORS = [
    (
        "KVINFO Mentornetværk",
        Actor.Kind.NGO,
        [
            ("Mentor til kvinder", [NeedCategory.EMPLOYMENT, NeedCategory.LANGUAGE]),
        ],
    ),
    (
        "Dansk Flygtningehjælp",
        Actor.Kind.NGO,
        [
            ("Frivillig netværksfamilie", [NeedCategory.LEISURE, NeedCategory.LANGUAGE]),
            ("Rådgivning om familiesammenføring", [NeedCategory.OTHER]),
        ],
    ),
    (
        "Ældre Sagen",
        Actor.Kind.NGO,
        [
            ("Besøgsven til ældre", [NeedCategory.ELDERLY, NeedCategory.LEISURE]),
        ],
    ),
]
NEED_WEIGHTS = {
    NeedCategory.SCHOOL: 12,
    NeedCategory.DAYCARE: 8,
    NeedCategory.ELDERLY: 4,
    NeedCategory.HEALTH: 8,
    NeedCategory.MENTAL_HEALTH: 6,
    NeedCategory.ECONOMY: 12,
    NeedCategory.HOUSING_BENEFIT: 10,
    NeedCategory.DEPOSIT_LOAN: 6,
    NeedCategory.EMPLOYMENT: 8,
    NeedCategory.LANGUAGE: 7,
    NeedCategory.TRANSPORT: 3,
    NeedCategory.LEISURE: 9,
    NeedCategory.MOVING_HELP: 8,
    NeedCategory.FURNITURE: 5,
    NeedCategory.DIGITAL: 4,
    NeedCategory.OTHER: 2,
}
JOURNAL_KINDS = [
    (JournalEntry.Kind.HOME_VISIT, 30),
    (JournalEntry.Kind.PHONE_CALL, 38),
    (JournalEntry.Kind.MEETING, 14),
    (JournalEntry.Kind.INSPIRATION_TOUR, 4),
    (JournalEntry.Kind.MOVE_DAY_HELP, 2),
    (JournalEntry.Kind.FOLLOW_UP_VISIT, 6),
    (JournalEntry.Kind.OTHER, 6),
]
NOTE_OPENINGS = [
    "Hjemmebesøg med tolk.",
    "Telefonsamtale med moren.",
    "Møde på rådhuset med familien.",
    "Kort opkald om boligtilbuddet.",
    "Besøg sammen med den sociale vicevært.",
    "Opfølgende samtale efter flytningen.",
    "Tur til det nye område med hele familien.",
    "Samtale med faren om økonomien.",
    "Møde med skolens leder og den ældste.",
]
NOTE_MIDDLES = [
    "Familien er bekymret for skoleskiftet og afstanden til venner og familie.",
    "Vi gennemgik boligstøtte, indskudslån og den nye husleje.",
    "Huslejen stiger, men familien ønsker boligen på grund af skolen.",
    "Den ældste har svært ved at finde sig til rette og savner sin klub.",
    "Moren ønsker at lære naboerne at kende og vil gerne med til fællesspisning.",
    "Der er mangler i den nye bolig, som skal meldes til boligorganisationen.",
    "Familien har brug for hjælp til at pakke og til flyttedagen.",
    "Vi talte om ønsker til området: halalslagter, moské og busforbindelse.",
    "Faren har mistet sin beskæftigelsesmentor ved flytningen; vi søger en ny.",
    "Barnet er skrevet op til dagtilbud med behovsdato før flytningen.",
    "Familien takkede nej til det første tilbud; for langt fra arbejdet.",
    "Den sociale vicevært har budt velkommen og vist vaskeriet.",
]
NOTE_ENDINGS = [
    "Aftalt nyt besøg om to uger.",
    "Ringer igen efter mødet med kommunen.",
    "Sender ansøgningen sammen i næste uge.",
    "Familien kontakter selv skolen.",
    "Følger op med pladsanvisningen.",
    "Ingen nye aftaler; familien ringer ved behov.",
]
NEXT_STEPS = [
    "Følge op på skoleskift",
    "Ansøge om boligstøtte",
    "Introducere til naboambassadøren",
    "Besøg efter flytning",
    "Kontakte pladsanvisningen",
    "Gennemgå mangelliste",
    "Følge med til første klubaften",
    "Afklare indskudslån",
]
WHAT_CHANGED = [
    "Familien har valgt område",
    "Barnet har fået plads i dagtilbud",
    "Boligtilbud accepteret",
    "Ny kontakt til nabo",
    "Økonomien er afklaret",
    "",
    "",
    "",
]
REFERRAL_REASONS = [
    "Enlig forælder med mange børn; flere skoleskift.",
    "Ældre beboer alene, dårligt gående; har brug for ældrebolig.",
    "Familien taler ikke dansk og har svært ved at overskue genhusningen.",
    "Psykisk sårbar beboer; mister sin støttekontaktperson ved flytningen.",
    "Stor gæld og huslejerestance; bekymret for højere husleje.",
    "Familien mister netværk og familiementor fra helhedsplanen.",
]
OFFER_DECLINE_REASONS = [choice for choice, _ in HousingOffer.DeclineReason.choices]
