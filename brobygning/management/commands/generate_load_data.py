"""Generate a realistic, reproducible load-test dataset with bulk inserts.

    manage.py generate_load_data --households 10000 [--seed 42] [--force]

What it makes (for N households; the directory and the users do not grow with N):

* 200 users in the role groups: 2 administrators, 8 managers, 150 bridge-builders in 10 teams,
  20 rehousing consultants and 20 actor contacts (each linked to a contact person). They all
  share one password, "load-test", hashed once.
* The directory: housing organisations, transformation and receiving areas in five
  municipalities (list statuses, criterion values, local contacts), ~120 actors with contact
  persons, agreements and ~160 support offers with their need categories and areas.
* N households across the phases (about 30 % closed), each with its story told by the rows a
  bridge-builder would have made: members (1–6, children with birth years), needs, ~10 journal
  entries on average (a few cases with a very long timeline), phase changes, consent, bridges
  with their status history, housing offers, a move and a closure where the phase has them,
  the referral it came from, follow-ups (some due, some overdue), access-log rows and
  notifications. Plus unanswered, declined, withdrawn and draft referrals and a few events.

Every generated household's reference starts with "L-" and its name with "Load "; users are
called "load-…" and directory rows "Load …". A second run first removes the previous load
data, so the same seed on the same day gives the same dataset (dates are relative to today, so
that "due" and "overdue" mean something whenever it runs).

Load data only: rows go in with `bulk_create` (through `without_history`), so services, signals
and the change history (django-auditlog) are bypassed on purpose. The command refuses to run in
production and against a database holding real households (a reference not starting with "L-")
unless --force is given; with --force it adds load data beside the real cases and never removes
them.
"""

import queue
import random
import threading
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import (
    DEFAULT_DB_ALIAS,
    IntegrityError,
    connection,
    connections,
    models,
    transaction,
)
from django.utils import timezone

from actors.models import (
    Actor,
    Agreement,
    Area,
    AreaCriterionValue,
    AreaListStatus,
    ContactPerson,
    Criterion,
    HousingOrganisation,
    ListStatus,
    LocalContact,
    SupportOffer,
    SupportOfferCategory,
)
from actors.needs import NeedCategory
from brobygning.core.audit import audit_maintenance
from brobygning.core.models import AccessLog, Notification, Team, User, without_history
from brobygning.core.roles import Role
from followups.models import Event, FollowUp, Invitation
from households.models import (
    OPEN_PHASES,
    Bridge,
    BridgeChange,
    Closure,
    Consent,
    Household,
    HousingOffer,
    JournalEntry,
    Member,
    Move,
    Need,
    Phase,
    PhaseChange,
)
from referrals.models import Referral, ReferralMessage

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


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


# The two helpers below run about a million times for 10,000 households: one rng.random()
# each instead of randint() (several calls inside) keeps the generator well under a minute.


def _at(day, rng, first_hour=8, last_hour=16):
    """An aware datetime on `day` in office hours."""
    minute = int(rng.random() * (last_hour - first_hour + 1) * 60)
    return datetime(day.year, day.month, day.day, first_hour + minute // 60, minute % 60, tzinfo=TZ)


def _between(rng, start, end):
    """A day from `start` to `end`, both included."""
    if end <= start:
        return start
    return start + timedelta(days=int(rng.random() * ((end - start).days + 1)))


@contextmanager
def explicit_timestamps(model_list):
    """Let bulk_create store the created_at/updated_at we set (auto_now would overwrite them
    with the current time, and every generated row would look made today)."""
    fields = [
        f
        for model in model_list
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class Writer:
    """Runs bulk inserts in a second thread on the command's own connection (so inside the
    same transaction), while the main thread builds the next batch: PostgreSQL inserts and
    checks foreign keys on one core while Python makes rows on the other.

    Only rows whose primary keys the generator never reads again go through here; before any
    insert it needs the keys of, the main thread waits until the queue is empty (`drain`), so
    the connection is never used by both threads at once.
    """

    def __init__(self):
        self.connection = connections[DEFAULT_DB_ALIAS]
        self.queue = queue.Queue(maxsize=2)
        self.error = None
        self.thread = threading.Thread(target=self._run, name="load-data-writer", daemon=True)

    def __enter__(self):
        self.connection.inc_thread_sharing()
        self.thread.start()
        return self

    def __exit__(self, exc_type, exc, tb):
        self.queue.put(None)
        self.thread.join()
        self.connection.dec_thread_sharing()
        if exc is None:
            self.check()

    def _run(self):
        connections[DEFAULT_DB_ALIAS] = self.connection
        while True:
            item = self.queue.get()
            try:
                if item is None:
                    return
                if self.error is None:  # after a failure, only empty the queue
                    model, rows = item
                    without_history(model.objects).bulk_create(rows, batch_size=BATCH_SIZE)
            except BaseException as error:  # handed to the main thread by check()
                self.error = error
            finally:
                self.queue.task_done()

    def check(self):
        if self.error is not None:
            raise self.error

    def put(self, model, rows):
        self.check()
        self.queue.put((model, rows))

    def drain(self):
        self.queue.join()
        self.check()


class Buffer:
    """Rows of one model, handed to the writer BATCH_SIZE at a time so big tables never sit in
    memory."""

    def __init__(self, model, counts, writer):
        self.model, self.rows, self.counts, self.writer = model, [], counts, writer

    def add(self, row):
        self.rows.append(row)
        if len(self.rows) >= BATCH_SIZE:
            self.flush()

    def flush(self):
        if self.rows:
            self.writer.put(self.model, self.rows)
            self.counts[self.model._meta.label] += len(self.rows)
            self.rows = []


@dataclass
class Story:
    """What happened to one household, decided first so every table tells the same story."""

    household: Household
    phase_index: int  # 1–8 for the open phases, 9 for closed
    opened_on: date
    end_on: date  # today, or the day it closed
    long_timeline: bool = False  # years of weekly contact: the case page's worst case
    moved_on: date | None = None
    members: list = field(default_factory=list)
    needs: list = field(default_factory=list)
    offers: list = field(default_factory=list)
    move: Move | None = None
    closure: Closure | None = None
    referral: Referral | None = None
    bridges: list = field(default_factory=list)


# --- Removing earlier load data -------------------------------------------------------------


def _load_roots():
    """The generated rows of each model that owns load data, as (model, filter) in the order
    they are removed: cases first, then the people and the directory they point at."""
    return [
        (Referral, models.Q(sender__username__startswith=USERNAME_PREFIX)),
        (Household, models.Q(reference__startswith=REFERENCE_PREFIX)),
        (Event, models.Q(organiser__username__startswith=USERNAME_PREFIX)),
        (User, models.Q(username__startswith=USERNAME_PREFIX)),
        (Actor, models.Q(name__startswith=NAME_PREFIX)),
        (Area, models.Q(name__startswith=NAME_PREFIX)),
        (HousingOrganisation, models.Q(name__startswith=NAME_PREFIX)),
        (Team, models.Q(name__startswith=NAME_PREFIX)),
    ]


def _subquery_sql(queryset):
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return sql, list(params)


def _belongs_to_case(model):
    return any(
        isinstance(f, models.ForeignKey) and f.related_model is Household
        for f in model._meta.concrete_fields
    )


def _delete_rows(cursor, model, pk_sql, params, *, roots, inside_case, depth=0):
    """Delete the rows of `model` whose pk is in `pk_sql`, and first everything that points at
    them, with plain SQL: the ORM's cascade would load every row and write an audit entry per
    row. SET_NULL references are cleared. Rows of another root model are left alone (they are
    removed by their own filter), and so are case records reached from outside a case: if a
    real case points at load data, the foreign key stops the transaction instead of the
    command deleting it."""
    if depth > 6:
        raise CommandError(f"Relations too deep under {model._meta.label}.")
    table, pk = model._meta.db_table, model._meta.pk.column
    for child in apps.get_models(include_auto_created=True):
        for fk in child._meta.concrete_fields:
            if not isinstance(fk, models.ForeignKey) or fk.related_model is not model:
                continue
            if child in roots or (not inside_case and _belongs_to_case(child)):
                continue
            child_table, column = child._meta.db_table, fk.column
            on_delete = fk.remote_field.on_delete
            if on_delete is models.SET_NULL:
                cursor.execute(
                    f'UPDATE "{child_table}" SET "{column}" = NULL '  # noqa: S608
                    f'WHERE "{column}" IN ({pk_sql})',
                    params,
                )
            elif on_delete in (models.CASCADE, models.PROTECT):
                child_sql = (
                    f'SELECT "{child._meta.pk.column}" FROM "{child_table}" '  # noqa: S608
                    f'WHERE "{column}" IN ({pk_sql})'
                )
                _delete_rows(
                    cursor,
                    child,
                    child_sql,
                    params,
                    roots=roots,
                    inside_case=inside_case,
                    depth=depth + 1,
                )
    cursor.execute(f'DELETE FROM "{table}" WHERE "{pk}" IN ({pk_sql})', params)  # noqa: S608
    return cursor.rowcount


def clear_load_data():
    """Remove every row an earlier run generated. Returns {model label: rows removed}.

    That includes the access-log and change-history rows of load users (a benchmark logs in
    as them), which the database otherwise refuses to delete (`audit_maintenance`)."""
    roots = _load_roots()
    root_models = {model for model, _ in roots}
    removed = {}
    with audit_maintenance(), connection.cursor() as cursor:
        for model, condition in roots:
            sql, params = _subquery_sql(model.objects.filter(condition))
            count = _delete_rows(
                cursor,
                model,
                sql,
                params,
                roots=root_models - {model},
                inside_case=model in (Household, Referral, Event),
            )
            if count:
                removed[model._meta.label] = count
    return removed


# --- The generator --------------------------------------------------------------------------


class LoadData:
    def __init__(self, *, households, seed, today, writer):
        self.writer = writer
        self.n = households
        self.rng = random.Random(seed)  # noqa: S311 (reproducible data, not secrets)
        self.today = today
        self.counts = Counter()
        self.password = make_password(PASSWORD)

    # Helpers
    def buffer(self, model):
        return Buffer(model, self.counts, self.writer)

    def bulk(self, model, rows):
        """Insert now and return the rows with their primary keys."""
        self.writer.drain()
        created = without_history(model.objects).bulk_create(rows, batch_size=BATCH_SIZE)
        self.counts[model._meta.label] += len(rows)
        return created

    def stamp(self, row, created, updated=None):
        row.created_at = created
        row.updated_at = updated or created
        return row

    def run(self):
        self.make_users()
        self.make_directory()
        self.make_households()
        self.make_members_and_needs()
        self.make_consents()
        self.make_offers_moves_closures()
        self.make_referrals()
        self.make_bridges()
        self.make_followups()
        self.make_phase_changes()
        self.make_journal()
        self.make_activity()
        self.make_events()
        return self.counts

    # Users and teams
    def make_users(self):
        rng, now = self.rng, timezone.now()
        self.teams = self.bulk(
            Team,
            [self.stamp(Team(name=f"{NAME_PREFIX}Brobyggerteam {name}"), now) for name in TEAMS],
        )
        groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role}
        plan = (
            [(Role.ADMINISTRATOR, "admin", None)] * 2
            + [(Role.MANAGER, "leder", i % len(self.teams)) for i in range(8)]
            + [(Role.BRIDGE_BUILDER, "bb", i % len(self.teams)) for i in range(150)]
            + [(Role.REHOUSING_CONSULTANT, "genhus", None)] * 20
            + [(Role.ACTOR_CONTACT, "kontakt", None)] * 20
        )
        serial, users = Counter(), []
        for role, short, team in plan:
            serial[short] += 1
            first, last = rng.choice(STAFF_FIRST), rng.choice(STAFF_LAST)
            username = f"{USERNAME_PREFIX}{short}-{serial[short]:03d}"
            users.append(
                User(
                    username=username,
                    password=self.password,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@load.brobygning.test",
                    phone=f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                    f"{rng.randint(10, 99)}",
                    team=self.teams[team] if team is not None else None,
                    is_staff=role == Role.ADMINISTRATOR,
                    date_joined=now - timedelta(days=rng.randint(30, 2000)),
                )
            )
        users = self.bulk(User, users)
        through = User.groups.through
        self.bulk(
            through,
            [
                through(user_id=u.pk, group_id=groups[role].pk)
                for u, (role, *_) in zip(users, plan, strict=True)
            ],
        )
        self.by_role = defaultdict(list)
        for user, (role, *_) in zip(users, plan, strict=True):
            self.by_role[role].append(user)
        self.builders = self.by_role[Role.BRIDGE_BUILDER]
        self.team_builders = defaultdict(list)
        for builder in self.builders:
            self.team_builders[builder.team_id].append(builder)

    # The directory
    def make_directory(self):
        rng, now = self.rng, timezone.now()
        since = now - timedelta(days=1500)
        self.organisations = self.bulk(
            HousingOrganisation,
            [
                self.stamp(
                    HousingOrganisation(name=f"{NAME_PREFIX}{name}", max_offers=limit), since
                )
                for name, limit in ORGANISATIONS
            ],
        )
        areas = []
        for municipality, (leaving, receiving) in MUNICIPALITIES.items():
            for name in leaving + receiving:
                areas.append(
                    self.stamp(
                        Area(
                            name=f"{NAME_PREFIX}{name}",
                            municipality=municipality,
                            housing_organisation=rng.choice(self.organisations),
                            is_transformation_area=name in leaving,
                            is_receiving_area=name in receiving,
                            has_social_housing_plan=rng.random() < 0.5,
                            facilities=f"Indkøb, skole og bus i {name}. "
                            + rng.choice(NOTE_MIDDLES),
                            homes_count=rng.randint(400, 3500),
                        ),
                        since,
                    )
                )
        self.areas = self.bulk(Area, areas)
        self.leaving = [a for a in self.areas if a.is_transformation_area]
        self.receiving = defaultdict(list)
        for area in self.areas:
            if area.is_receiving_area:
                self.receiving[area.municipality].append(area)

        statuses, values, contacts = [], [], []
        for area in self.areas:
            for year in range(2019, self.today.year):
                status = (
                    ListStatus.TRANSFORMATION
                    if area.is_transformation_area
                    else rng.choice([ListStatus.NONE, ListStatus.NONE, ListStatus.PREVENTION])
                )
                statuses.append(
                    self.stamp(AreaListStatus(area=area, year=year, status=status), since)
                )
                for criterion in Criterion:
                    high = 3 if criterion == Criterion.CONVICTIONS_RATIO else 80
                    values.append(
                        self.stamp(
                            AreaCriterionValue(
                                area=area,
                                year=year,
                                criterion=criterion,
                                value=Decimal(rng.randint(10, high * 10)) / 10,
                                source="LBF Beboerdata",
                                data_year=year - 1,
                            ),
                            since,
                        )
                    )
            if area.is_receiving_area:
                for _ in range(rng.randint(3, 6)):
                    kind = rng.choice(LocalContact.Kind.values)
                    contacts.append(
                        self.stamp(
                            LocalContact(
                                area=area,
                                name=f"{rng.choice(STAFF_FIRST)} {rng.choice(STAFF_LAST)}",
                                kind=kind,
                                phone=f"{rng.randint(20, 99)} {rng.randint(10, 99)} 00 00",
                                note="Tager gerne imod nye naboer.",
                                is_active=rng.random() < 0.9,
                            ),
                            since,
                        )
                    )
        self.bulk(AreaListStatus, statuses)
        self.bulk(AreaCriterionValue, values)
        self.local_contacts = defaultdict(list)
        for contact in self.bulk(LocalContact, contacts):
            self.local_contacts[contact.area_id].append(contact)

        actors, offer_specs = [], []
        for municipality in MUNICIPALITIES:
            for name, kind, offers in ACTORS:
                actors.append((f"{NAME_PREFIX}{name} {municipality}", kind, municipality, offers))
        for name, kind, offers in NATIONAL_ACTORS:
            actors.append((f"{NAME_PREFIX}{name}", kind, "", offers))
        actor_rows = self.bulk(
            Actor,
            [
                self.stamp(
                    Actor(
                        name=name,
                        kind=kind,
                        municipality=municipality,
                        phone=f"{rng.randint(30, 99)} {rng.randint(10, 99)} 10 00",
                        email=f"kontakt{i}@load.brobygning.test",
                        is_active=rng.random() < 0.96,
                        note=rng.choice(["", "Åben mandag-torsdag.", "Kontakt via hovedmail."]),
                    ),
                    since,
                )
                for i, (name, kind, municipality, _) in enumerate(actors)
            ],
        )
        contact_rows, agreements = [], []
        for actor in actor_rows:
            for _ in range(rng.randint(1, 3)):
                contact_rows.append(
                    self.stamp(
                        ContactPerson(
                            actor=actor,
                            name=f"{rng.choice(STAFF_FIRST)} {rng.choice(STAFF_LAST)}",
                            role=rng.choice(["Konsulent", "Leder", "Sagsbehandler", "Frivillig"]),
                            email=f"cp{len(contact_rows)}@load.brobygning.test",
                            languages=rng.choice(["dansk", "dansk, engelsk", "dansk, arabisk"]),
                        ),
                        since,
                    )
                )
            if actor.kind == Actor.Kind.MUNICIPAL and rng.random() < 0.4:
                agreements.append(
                    self.stamp(
                        Agreement(
                            actor=actor,
                            title=f"Samarbejdsaftale om genhusning ({actor.name})",
                            description="Hurtig behandling af henvendelser om genhusede.",
                            valid_from=self.today - timedelta(days=rng.randint(100, 1000)),
                        ),
                        since,
                    )
                )
        # The actor contacts speak for municipal units, schools and daycare: the first contact
        # person of 20 such actors gets a user account.
        answering = [
            c
            for c in contact_rows
            if c.actor.kind in (Actor.Kind.MUNICIPAL, Actor.Kind.SCHOOL, Actor.Kind.DAYCARE)
        ]
        firsts = list({c.actor.pk: c for c in reversed(answering)}.values())
        firsts.sort(key=lambda c: c.actor.pk)
        for contact, user in zip(
            rng.sample(firsts, 20), self.by_role[Role.ACTOR_CONTACT], strict=True
        ):
            contact.user, contact.is_active = user, True
            contact.name = f"{user.first_name} {user.last_name}"
        self.bulk(ContactPerson, contact_rows)
        agreement_of = {a.actor_id: a for a in self.bulk(Agreement, agreements)}

        actor_by_name = {a.name: a for a in actor_rows}
        offers, categories, offer_areas = [], [], []
        for name, _kind, municipality, specs in actors:
            actor = actor_by_name[name]
            for offer_name, needs in specs:
                offers.append(
                    self.stamp(
                        SupportOffer(
                            actor=actor,
                            name=offer_name,
                            description=rng.choice(NOTE_MIDDLES),
                            target_group=rng.choice(
                                ["Familier med børn.", "Voksne over 18 år.", "Alle genhusede."]
                            ),
                            how_to_refer="Ring eller skriv til kontaktpersonen.",
                            agreement=agreement_of.get(actor.pk) if rng.random() < 0.5 else None,
                            is_active=rng.random() < 0.95,
                        ),
                        since,
                    )
                )
                offer_specs.append((needs, municipality))
        offers = self.bulk(SupportOffer, offers)
        through = SupportOffer.areas.through
        for offer, (needs, municipality) in zip(offers, offer_specs, strict=True):
            for need in needs:
                categories.append(SupportOfferCategory(offer=offer, category=need))
            if municipality and rng.random() < 0.3:
                for area in rng.sample(self.receiving[municipality], rng.randint(1, 2)):
                    offer_areas.append(through(supportoffer_id=offer.pk, area_id=area.pk))
        self.bulk(SupportOfferCategory, categories)
        self.bulk(through, offer_areas)
        self.actors = actor_rows
        self.offers_by_municipality = defaultdict(list)
        for offer, (_needs, municipality) in zip(offers, offer_specs, strict=True):
            if offer.is_active and offer.actor.is_active:
                self.offers_by_municipality[municipality].append(offer)

    # Households
    def make_households(self):
        rng, today = self.rng, self.today
        phase_weights = [12, 10, 10, 12, 12, 8, 8, 28]
        self.stories = []
        households = []
        for n in range(1, self.n + 1):
            closed = rng.random() < 0.3
            index = 9 if closed else rng.choices(range(1, 9), phase_weights)[0]
            if closed:
                opened = today - timedelta(days=rng.randint(200, 3650))
                end = min(opened + timedelta(days=rng.randint(150, 720)), today - timedelta(1))
            else:
                opened = today - timedelta(days=index * 35 + rng.randint(0, 200))
                end = today
            # A few ongoing cases with years of weekly contact: the case page's worst case.
            long_timeline = index == 8 and rng.random() < 0.02
            if long_timeline:
                opened = today - timedelta(days=rng.randint(700, 1800))
            moved_on = None
            if index == 6:
                moved_on = today + timedelta(days=rng.randint(-10, 30))
            elif index == 7:
                moved_on = today - timedelta(days=rng.randint(1, 20))
            elif index == 8 or (closed and rng.random() < 0.85):
                latest = end - timedelta(days=20)
                moved_on = _between(rng, min(opened + timedelta(days=60), latest), latest)
            origin = rng.choice(self.leaving)
            builder = rng.choice(self.builders)
            surname = rng.choice(SURNAMES)
            name = rng.choices(
                [f"Familien {surname}", f"Fru {surname}", f"Hr. {surname}"], [70, 18, 12]
            )[0]
            receiving = rng.choice(self.receiving[origin.municipality]) if moved_on else None
            language = _weighted(rng, LANGUAGES)
            last_activity = _at(min(end, today), rng)
            household = Household(
                reference=f"{REFERENCE_PREFIX}{n:06d}",
                display_name=f"{NAME_PREFIX}{name}",
                origin_area=origin,
                origin_address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}, "
                f"{rng.randint(1, 8)}. {rng.choice(['th', 'tv', 'mf'])}., {origin.municipality}",
                rehousing_kind=rng.choices(Household.RehousingKind.values, [90, 10])[0],
                rehousing_scope=rng.choices(Household.RehousingScope.values, [25, 75])[0],
                current_rent=Decimal(rng.randint(38, 95) * 100),
                preferred_language=language,
                interpreter_needed=language != "dansk" and rng.random() < 0.6,
                wishes_home=rng.choice(
                    ["", "3 værelser med elevator", "Tæt på skolen", "Stueetage, have"]
                ),
                wishes_area=rng.choice(["", "Tæt på familie", "Centralt", "Nær moské og bus"]),
                own_resources=rng.choice(["", "Søster kan hjælpe med at pakke", "Stor familie"]),
                old_department=f"Afdeling {rng.randint(1, 60)}",
                old_rooms=rng.randint(1, 5),
                old_area_m2=rng.randint(45, 130),
                old_deposit=Decimal(rng.randint(50, 300) * 100),
                termination_received_on=opened + timedelta(days=rng.randint(-30, 30)),
                termination_ground=rng.choices(Household.TerminationGround.values, [90, 10])[0],
                notice_months=rng.choice([3, 6, 12]),
                bridge_builder=builder,
                team_id=builder.team_id,
                phase=Phase.CLOSED if closed else OPEN_PHASES[index - 1],
                opened_on=opened,
                closed_on=end if closed else None,
                next_contact_on=(
                    None
                    if closed or rng.random() < 0.15
                    else today + timedelta(days=rng.randint(-20, 45))
                ),
                receiving_area=receiving,
                version=rng.randint(1, 12),
            )
            self.stamp(household, _at(opened, rng), last_activity)
            households.append(household)
            self.stories.append(
                Story(household, index, opened, end, moved_on=moved_on, long_timeline=long_timeline)
            )
        self.bulk(Household, households)

    def make_members_and_needs(self):
        rng, year = self.rng, self.today.year
        members = []
        for story in self.stories:
            size = rng.choices(range(1, 7), [22, 18, 20, 18, 13, 9])[0]
            adult_age = rng.randint(22, 86)
            rows = [("applicant", adult_age)]
            if size >= 2 and rng.random() < 0.5:
                rows.append(("partner", max(20, adult_age + rng.randint(-6, 6))))
            while len(rows) < size:
                if adult_age > 40 and rng.random() < 0.15:
                    rows.append(("other_adult", rng.randint(18, 30)))
                else:
                    rows.append(("child", rng.randint(0, min(17, max(0, adult_age - 18)))))
            created = _at(story.opened_on, rng)
            for relation, age in rows:
                adult = relation != "child"
                member = Member(
                    household_id=story.household.pk,
                    first_name=rng.choice(FIRST_NAMES_ADULT if adult else FIRST_NAMES_CHILD),
                    birth_year=year - age,
                    relation=relation,
                    language=story.household.preferred_language if adult else "",
                    is_interpreter=not adult and age >= 12 and rng.random() < 0.3,
                    needs_school_change=not adult and 6 <= age <= 16 and rng.random() < 0.6,
                    needs_daycare=not adult and age <= 5 and rng.random() < 0.7,
                    is_elderly=adult and age >= 67,
                    has_disability=rng.random() < 0.06,
                    early_retirement=adult and 40 <= age < 67 and rng.random() < 0.1,
                )
                self.stamp(member, created)
                members.append(member)
                story.members.append(member)
        self.bulk(Member, members)

        needs = []
        categories, weights = zip(*NEED_WEIGHTS.items(), strict=True)
        for story in self.stories:
            builder = story.household.bridge_builder
            chosen = []
            for member in story.members:
                if member.needs_school_change:
                    chosen.append((NeedCategory.SCHOOL, member))
                if member.needs_daycare:
                    chosen.append((NeedCategory.DAYCARE, member))
                if member.is_elderly:
                    chosen.append((NeedCategory.ELDERLY, member))
            for _ in range(rng.choices(range(0, 5), [15, 30, 30, 15, 10])[0]):
                chosen.append((rng.choices(categories, weights)[0], None))
            for category, member in chosen[:8]:
                if story.phase_index <= 2:
                    status = Need.Status.IDENTIFIED
                else:
                    status = rng.choices(
                        Need.Status.values,
                        [10, 20, 55, 15] if story.phase_index >= 7 else [35, 35, 20, 10],
                    )[0]
                day = _between(rng, story.opened_on, story.end_on)
                need = Need(
                    household_id=story.household.pk,
                    member_id=member.pk if member else None,
                    category=category,
                    status=status,
                    note=rng.choice(["", rng.choice(NOTE_MIDDLES)])[:300],
                    noted_by_id=builder.pk,
                )
                self.stamp(need, _at(day, rng))
                needs.append(need)
                story.needs.append(need)
        self.bulk(Need, needs)

    def make_consents(self):
        rng = self.rng
        consents, links = [], []
        for story in self.stories:
            if rng.random() > 0.88:
                continue
            given = min(story.opened_on + timedelta(days=rng.randint(0, 14)), story.end_on)
            consent = Consent(
                household=story.household,
                given_on=given,
                method=rng.choices(Consent.Method.values, [70, 30])[0],
                covers_all_actors=rng.random() < 0.8,
                purpose="Brobygning ved genhusning",
                withdrawn_on=(
                    min(given + timedelta(days=30), self.today) if rng.random() < 0.03 else None
                ),
                recorded_by=story.household.bridge_builder,
            )
            self.stamp(consent, _at(given, rng))
            consents.append(consent)
        consents = self.bulk(Consent, consents)
        through = Consent.actors.through
        for consent in consents:
            if not consent.covers_all_actors:
                for actor in rng.sample(self.actors, rng.randint(1, 3)):
                    links.append(through(consent_id=consent.pk, actor_id=actor.pk))
        self.bulk(through, links)

    def make_offers_moves_closures(self):
        rng, today = self.rng, self.today
        offers = []
        for story in self.stories:
            moved = story.moved_on is not None
            if story.phase_index != 5 and not moved:
                continue
            household = story.household
            municipality = household.origin_area.municipality
            count = 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
            last_day = min(story.moved_on - timedelta(days=20), today) if moved else today
            first_day = max(story.opened_on, last_day - timedelta(days=200))
            days = sorted(_between(rng, first_day, last_day) for _ in range(count))
            for i, offered_on in enumerate(days):
                last = i == count - 1
                if moved and last:
                    status, answered = HousingOffer.Status.ACCEPTED, offered_on + timedelta(3)
                elif last and not moved:
                    status = rng.choice([HousingOffer.Status.OFFERED, HousingOffer.Status.DRAFT])
                    answered = None
                else:
                    status = rng.choices(
                        [HousingOffer.Status.DECLINED, HousingOffer.Status.EXPIRED], [85, 15]
                    )[0]
                    answered = offered_on + timedelta(days=rng.randint(1, 10))
                area = (
                    household.receiving_area
                    if moved and last
                    else rng.choice(self.receiving[municipality])
                )
                offer = HousingOffer(
                    household=household,
                    offer_number=str(i + 1),
                    address=f"{rng.choice(STREETS)} {rng.randint(1, 200)}, {area.municipality}",
                    receiving_area=area,
                    housing_organisation=area.housing_organisation,
                    department=f"Afdeling {rng.randint(1, 80)}",
                    rooms=rng.randint(1, 6),
                    area_m2=rng.randint(40, 140),
                    net_rent=Decimal(rng.randint(40, 120) * 100),
                    deposit=Decimal(rng.randint(80, 350) * 100),
                    floor=rng.randint(0, 8),
                    has_lift=rng.random() < 0.4,
                    offered_on=offered_on,
                    answer_deadline=offered_on + timedelta(days=rng.randint(7, 14)),
                    status=status,
                    decline_reason=(
                        rng.choice(OFFER_DECLINE_REASONS)
                        if status == HousingOffer.Status.DECLINED
                        else ""
                    ),
                    answered_on=answered,
                    location_suitable=rng.random() < 0.7,
                    quality_suitable=rng.random() < 0.8,
                    note=rng.choice(["", "Familien vil gerne se boligen først."]),
                    created_by=household.bridge_builder,
                )
                self.stamp(offer, _at(offered_on, rng))
                offers.append(offer)
                story.offers.append(offer)
        self.bulk(HousingOffer, offers)

        moves, closures = [], []
        for story in self.stories:
            household = story.household
            if story.moved_on:
                accepted = story.offers[-1] if story.offers and rng.random() < 0.9 else None
                move = Move(
                    household=household,
                    offer=accepted,
                    moved_on=story.moved_on,
                    new_address=(
                        accepted.address
                        if accepted
                        else f"{rng.choice(STREETS)} {rng.randint(1, 99)}"
                    ),
                    receiving_area=household.receiving_area,
                    help_on_the_day=rng.choice(["", "Flyttefirma", "Familie og venner"]),
                    registered_by=household.bridge_builder,
                )
                self.stamp(move, _at(min(story.moved_on, self.today), rng))
                moves.append(move)
                story.move = move
            if story.phase_index == 9:
                criteria = [rng.random() < p for p in (0.9, 0.8, 0.7, 0.75)]
                closure = Closure(
                    household=household,
                    closed_on=story.end_on,
                    practical_in_order=criteria[0],
                    children_enrolled=criteria[1],
                    new_local_contact=criteria[2],
                    no_longer_asks_for_help=criteria[3],
                    assessment=rng.choice(NOTE_MIDDLES),
                    justification="" if all(criteria) else "Familien ønsker at afslutte.",
                    closed_by=household.bridge_builder,
                )
                self.stamp(closure, _at(story.end_on, rng))
                closures.append(closure)
                story.closure = closure
        self.bulk(Move, moves)
        self.bulk(Closure, closures)

    def make_referrals(self):
        rng = self.rng
        senders = self.by_role[Role.REHOUSING_CONSULTANT]
        rows = []

        def referral(sender, origin, display_name, status, sent_day, **fields):
            sent_at = _at(sent_day, rng) if sent_day else None
            row = Referral(
                sender=sender,
                display_name=display_name,
                origin_area=origin,
                origin_address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                household_composition=rng.choice(
                    ["Mor og tre børn", "Ældre mand alene", "Par med to børn", "Enlig kvinde"]
                ),
                reason=rng.choice(REFERRAL_REASONS),
                urgency=rng.choices(Referral.Urgency.values, [75, 20, 5])[0],
                notice_given_on=sent_day - timedelta(days=rng.randint(0, 60)) if sent_day else None,
                expected_move_on=(sent_day or self.today) + timedelta(days=rng.randint(60, 300)),
                needs=rng.sample(list(NEED_WEIGHTS), rng.randint(1, 4)),
                wishes=rng.choice(["", "Tæt på skolen", "Samme område som familien"]),
                preferred_language=_weighted(rng, LANGUAGES),
                interpreter_needed=rng.random() < 0.4,
                lost_support=rng.choice(["", "Familiementor fra helhedsplanen"]),
                consent_given_on=(sent_day or self.today) - timedelta(days=rng.randint(0, 10)),
                consent_method=rng.choice(Referral.ConsentMethod.values),
                consent_obtained_by=f"{sender.first_name} {sender.last_name}",
                status=status,
                sent_at=sent_at,
                **fields,
            )
            created = sent_at or _at(self.today - timedelta(days=rng.randint(0, 10)), rng)
            self.stamp(row, created, fields.get("answered_at") or created)
            rows.append(row)
            return row

        for story in self.stories:
            if rng.random() > 0.9:
                continue
            household = story.household
            sent_day = story.opened_on - timedelta(days=rng.randint(1, 5))
            sent_at = _at(sent_day, rng)
            story.referral = referral(
                rng.choice(senders),
                household.origin_area,
                household.display_name,
                Referral.Status.ACCEPTED,
                sent_day,
                household=household,
                opened_at=sent_at + timedelta(hours=rng.randint(1, 30)),
                opened_by=household.bridge_builder,
                answered_at=sent_at + timedelta(hours=rng.randint(30, 70)),
                answered_by=household.bridge_builder,
                assigned_to=household.bridge_builder,
            )
        # The inbox holds what arrived in the last days: it grows with the inflow, not with
        # the years of history behind it.
        unanswered = max(2, round(self.n * 0.002)) + min(20, self.n // 10)
        for i in range(unanswered):
            sent_day = self.today - timedelta(days=rng.randint(0, 6))
            opened = rng.random() < 0.5
            referral(
                rng.choice(senders),
                rng.choice(self.leaving),
                f"{NAME_PREFIX}{rng.choice(['Familien', 'Fru', 'Hr.'])} {rng.choice(SURNAMES)}",
                Referral.Status.INFO_REQUESTED if i % 5 == 0 else Referral.Status.SENT,
                sent_day,
                opened_at=_at(sent_day, rng, 17, 20) if opened else None,
                opened_by=rng.choice(self.builders) if opened else None,
            )
        for _ in range(max(1, round(self.n * 0.04))):
            sent_day = self.today - timedelta(days=rng.randint(5, 2000))
            builder = rng.choice(self.builders)
            referral(
                rng.choice(senders),
                rng.choice(self.leaving),
                f"{NAME_PREFIX}Familien {rng.choice(SURNAMES)}",
                Referral.Status.DECLINED,
                sent_day,
                opened_at=_at(sent_day, rng, 17, 18),
                opened_by=builder,
                answered_at=_at(sent_day + timedelta(days=1), rng),
                answered_by=builder,
                decline_reason=rng.choice(Referral.DeclineReason.values),
                decline_note="Familien får allerede støtte.",
            )
        for _ in range(max(1, round(self.n * 0.01))):
            referral(
                rng.choice(senders),
                rng.choice(self.leaving),
                f"{NAME_PREFIX}Hr. {rng.choice(SURNAMES)}",
                Referral.Status.WITHDRAWN,
                self.today - timedelta(days=rng.randint(5, 900)),
            )
        for _ in range(max(1, round(self.n * 0.005))):
            referral(
                rng.choice(senders),
                rng.choice(self.leaving),
                f"{NAME_PREFIX}Fru {rng.choice(SURNAMES)}",
                Referral.Status.DRAFT,
                None,
            )
        rows = self.bulk(Referral, rows)
        messages = []
        for row in rows:
            if row.status == Referral.Status.INFO_REQUESTED or (
                row.status == Referral.Status.ACCEPTED and rng.random() < 0.1
            ):
                messages.append(
                    ReferralMessage(
                        referral=row,
                        author=row.opened_by or rng.choice(self.builders),
                        created_at=row.sent_at + timedelta(hours=2),
                        text="Kan du fortælle lidt mere om børnenes skoler?",
                    )
                )
        self.bulk(ReferralMessage, messages)

    def make_bridges(self):
        rng = self.rng
        bridges, statuses = [], []
        for story in self.stories:
            if story.phase_index < 3:
                continue
            household = story.household
            municipality = household.origin_area.municipality
            offers = self.offers_by_municipality[municipality] + self.offers_by_municipality[""]
            count = rng.choices(range(0, 6), [15, 25, 25, 18, 10, 7])[0]
            for _ in range(count):
                to_contact = rng.random() < 0.25 and household.receiving_area_id
                need = rng.choice(story.needs) if story.needs and rng.random() < 0.6 else None
                status = rng.choices(
                    # "Not sent: no contact person" is not generated: every actor has contacts.
                    [value for value in Bridge.Status.values if value != Bridge.Status.NO_CONTACT],
                    [10, 12, 30, 8, 30, 10] if story.phase_index >= 6 else [25, 30, 25, 8, 10, 2],
                )[0]
                proposed = _between(rng, story.opened_on, story.end_on)
                requested = status != Bridge.Status.PROPOSED
                answered = status not in (Bridge.Status.PROPOSED, Bridge.Status.REQUESTED)
                requested_on = min(proposed + timedelta(days=rng.randint(0, 5)), story.end_on)
                answered_on = min(requested_on + timedelta(days=rng.randint(1, 20)), story.end_on)
                offer = None if to_contact else rng.choice(offers)
                bridge = Bridge(
                    household_id=household.pk,
                    member_id=need.member_id if need else None,
                    need_id=need.pk if need else None,
                    support_offer_id=offer.pk if offer else None,
                    # A sent request is addressed to its offer's actor (bridges.bridge_request).
                    addressed_actor_id=offer.actor_id if offer and requested else None,
                    local_contact_id=(
                        rng.choice(self.local_contacts[household.receiving_area_id]).pk
                        if to_contact
                        else None
                    ),
                    status=status,
                    legal_basis=rng.choice(Bridge.LegalBasis.values),
                    note=rng.choice(["", "Aftalt med familien", "Haster før skolestart"]),
                    requested_at=_at(requested_on, rng) if requested else None,
                    requested_by_id=household.bridge_builder_id if requested else None,
                    answered_at=_at(answered_on, rng) if answered else None,
                    answer=(
                        rng.choice(["Plads fra 1. august", "Vi kontakter familien", "Desværre"])
                        if answered
                        else ""
                    ),
                )
                self.stamp(
                    bridge,
                    _at(proposed, rng),
                    _at(answered_on if answered else requested_on if requested else proposed, rng),
                )
                bridges.append(bridge)
                story.bridges.append(bridge)
                path = {
                    Bridge.Status.PROPOSED: [Bridge.Status.PROPOSED],
                    Bridge.Status.REQUESTED: [Bridge.Status.PROPOSED, Bridge.Status.REQUESTED],
                }.get(status, [Bridge.Status.PROPOSED, Bridge.Status.REQUESTED, status])
                statuses.append(
                    (
                        bridge,
                        household.bridge_builder_id,
                        path,
                        [proposed, requested_on, answered_on],
                    )
                )
        bridges = self.bulk(Bridge, bridges)
        changes = self.buffer(BridgeChange)
        for bridge, builder_id, path, days in statuses:
            previous = ""
            for status, day in zip(path, days, strict=False):
                changes.add(
                    BridgeChange(
                        bridge_id=bridge.pk,
                        from_status=previous,
                        to_status=status,
                        changed_by_id=builder_id,
                        changed_at=_at(day, rng),
                    )
                )
                previous = status
        changes.flush()

    def make_followups(self):
        rng, today = self.rng, self.today
        rows = self.buffer(FollowUp)

        def followup(
            story,
            kind,
            due_on,
            *,
            rule="",
            source=None,
            title="",
            open_=False,
            trigger_on=None,
            **fields,
        ):
            household = story.household
            trigger_on = trigger_on or min(due_on, story.end_on)
            status = (
                FollowUp.Status.OPEN
                if open_
                else rng.choices([FollowUp.Status.DONE, FollowUp.Status.CANCELLED], [92, 8])[0]
            )
            completed = None
            if not open_:
                completed = _at(min(due_on + timedelta(days=rng.randint(-3, 4)), today), rng)
                completed = max(completed, _at(trigger_on, rng, 17, 17))
            row = FollowUp(
                household_id=household.pk,
                kind=kind,
                title=title,
                assignee_id=household.bridge_builder_id,
                trigger_on=trigger_on,
                due_on=due_on,
                status=status,
                rule=rule,
                **(source or {}),  # what it hangs on: {"move_id": ...}
                completed_at=completed,
                completed_by_id=household.bridge_builder_id if completed else None,
                **fields,
            )
            created = _at(min(trigger_on, today), rng)  # planned ahead, made today at the latest
            self.stamp(row, created, completed or created)
            rows.add(row)

        for story in self.stories:
            open_case = story.phase_index <= 8
            if story.referral is not None:
                due = story.opened_on + timedelta(days=7)
                followup(
                    story,
                    FollowUp.Kind.FIRST_CONTACT,
                    due,
                    rule="referral_accepted",
                    source={"referral_id": story.referral.pk},
                    trigger_on=story.opened_on,
                    open_=story.phase_index == 1 and due >= today - timedelta(days=10),
                )
            if story.move is not None:
                move, moved = story.move, story.move.moved_on
                source = {"move_id": move.pk}
                visit_open = story.phase_index in (6, 7)
                answer = rng.choice(FollowUp.VisitAnswer.values)
                followup(
                    story,
                    FollowUp.Kind.POST_MOVE_VISIT,
                    moved + timedelta(days=14),
                    rule="move_registered",
                    source=source,
                    trigger_on=min(moved, today),
                    open_=visit_open,
                    **(
                        {}
                        if visit_open
                        else {
                            "visit_offered": True,
                            "visit_answer": answer,
                            "visit_on": moved + timedelta(days=rng.randint(14, 20))
                            if answer == FollowUp.VisitAnswer.ACCEPTED
                            else None,
                        }
                    ),
                )
                for rule, days in (
                    ("move_checklist:address", 5),
                    ("move_checklist:housing_benefit", 30),
                    ("move_checklist:support", 14),
                ):
                    due = moved + timedelta(days=days)
                    followup(
                        story,
                        FollowUp.Kind.MOVE_TASK,
                        due,
                        rule=rule,
                        source=source,
                        trigger_on=min(moved, today),
                        open_=(story.phase_index <= 7 and rng.random() < 0.6) or due > today,
                    )
            for bridge in story.bridges:
                if bridge.status == Bridge.Status.REQUESTED and open_case:
                    requested = timezone.localdate(bridge.requested_at)
                    followup(
                        story,
                        FollowUp.Kind.BRIDGE_UNANSWERED,
                        requested + timedelta(days=7),
                        rule="bridge_requested",
                        source={"bridge_id": bridge.pk},
                        trigger_on=requested,
                        open_=True,
                    )
            if story.closure is not None:
                due = story.end_on + timedelta(weeks=12)
                followup(
                    story,
                    FollowUp.Kind.BRIDGE_HOLDS,
                    due,
                    rule="case_closed",
                    source={"closure_id": story.closure.pk},
                    trigger_on=story.end_on,
                    open_=due >= today - timedelta(days=30),
                )
            for _ in range(rng.choices(range(0, 4), [40, 35, 17, 8])[0]):
                latest = story.end_on + timedelta(days=30) if open_case else story.end_on
                due = _between(rng, story.opened_on, latest)
                recent = due >= today - timedelta(days=25) and rng.random() < 0.7
                followup(
                    story,
                    FollowUp.Kind.CUSTOM,
                    due,
                    title=rng.choice(
                        [
                            "Ring om boligstøtte",
                            "Tjek skoleplads",
                            "Send ansøgning",
                            "Følg op med jobcentret",
                            "Aftal besøg",
                        ]
                    ),
                    open_=open_case and (recent or due > today),
                    trigger_on=max(story.opened_on, due - timedelta(days=7)),
                )
        rows.flush()

    def make_phase_changes(self):
        rng = self.rng
        rows = self.buffer(PhaseChange)
        for story in self.stories:
            household = story.household
            builder = household.bridge_builder
            last_open = story.phase_index if story.phase_index <= 8 else rng.choice([6, 7, 8, 8])
            if story.phase_index == 9 and not story.moved_on:
                last_open = rng.randint(1, 5)
            path = list(OPEN_PHASES[:last_open])
            if len(path) > 3 and rng.random() < 0.1:  # a step back, with a reason
                back = rng.randint(1, len(path) - 2)
                path = path[: back + 1] + [path[back - 1]] + path[back:]
            if story.phase_index == 9:
                path.append(Phase.CLOSED)
            days = sorted(
                _between(rng, story.opened_on, story.end_on) for _ in range(len(path) - 1)
            )
            days = [story.opened_on, *days]
            if story.phase_index == 9:
                days[-1] = story.end_on
            previous = ""
            for phase, day in zip(path, days, strict=True):
                event = "" if previous else PhaseChange.Event.CASE_OPENED
                if not previous:
                    note = ""
                elif phase == Phase.CLOSED:
                    note = "Sagen afsluttet"
                elif OPEN_PHASES.index(phase) < OPEN_PHASES.index(previous):
                    note = "Tilbage: familien fortrød valget af område"
                else:
                    note = ""
                rows.add(
                    PhaseChange(
                        household_id=household.pk,
                        from_phase=previous,
                        to_phase=phase,
                        changed_by_id=builder.pk,
                        changed_at=_at(day, rng),
                        note=note,
                        event=event,
                    )
                )
                previous = phase
        rows.flush()

    def make_journal(self):
        rng, today = self.rng, self.today
        rows = self.buffer(JournalEntry)
        kinds, kind_weights = zip(*JOURNAL_KINDS, strict=True)
        for story in self.stories:
            household = story.household
            builder = household.bridge_builder
            team = self.team_builders[builder.team_id]
            if story.long_timeline:
                count = rng.randint(150, 300)
            else:
                mean = 2.6 + 1.05 * story.phase_index  # ~10 per case with the long timelines
                count = max(1, round(rng.gauss(mean, mean / 2.5)))
            days = sorted(_between(rng, story.opened_on, story.end_on) for _ in range(count))
            for i, day in enumerate(days):
                last = i == count - 1
                kind = rng.choices(kinds, kind_weights)[0]
                confidential = rng.random() < 0.1
                text = " ".join(
                    [rng.choice(NOTE_OPENINGS)]
                    + rng.sample(NOTE_MIDDLES, rng.randint(1, 3))
                    + [rng.choice(NOTE_ENDINGS)]
                )
                entry = JournalEntry(
                    household_id=household.pk,
                    kind=kind,
                    occurred_on=day,
                    duration_minutes=rng.choice([None, 15, 30, 45, 60, 90, 120]),
                    place=rng.choice(["", "Hjemme hos familien", "Rådhuset", "Telefon"]),
                    participants=rng.choice(["", "Moren", "Hele familien", "Tolk og faren"]),
                    note=text,
                    what_changed=rng.choice(WHAT_CHANGED),
                    next_step=rng.choice(NEXT_STEPS),
                    next_contact_on=household.next_contact_on if last else None,
                    confidentiality=(
                        JournalEntry.Confidentiality.CONFIDENTIAL
                        if confidential
                        else JournalEntry.Confidentiality.NORMAL
                    ),
                    shared_with_referrer=not confidential and rng.random() < 0.2,
                    author_id=(builder if rng.random() < 0.85 else rng.choice(team)).pk,
                )
                self.stamp(entry, _at(min(day, today), rng))
                rows.add(entry)
        rows.flush()

    def make_activity(self):
        """Access-log rows (case views, a few break-the-glass openings) and notifications."""
        rng, today = self.rng, self.today
        log = self.buffer(AccessLog)
        admins = self.by_role[Role.ADMINISTRATOR]
        for story in self.stories:
            household = story.household
            for _ in range(rng.randint(1, 4)):
                day = _between(rng, story.opened_on, story.end_on)
                log.add(
                    AccessLog(
                        user_id=household.bridge_builder_id,
                        at=_at(day, rng),
                        action=AccessLog.Action.VIEW,
                        target_type="household",
                        target_id=str(household.pk),
                        household_reference=household.reference,
                        path=f"/sager/{household.pk}/",
                    )
                )
            if rng.random() < 0.003:
                log.add(
                    AccessLog(
                        user_id=rng.choice(admins).pk,
                        at=_at(story.end_on, rng),
                        action=AccessLog.Action.BREAK_GLASS,
                        target_type="household",
                        target_id=str(household.pk),
                        household_reference=household.reference,
                        detail="Klage fra familien skal besvares",
                        path=f"/sager/{household.pk}/adgang/",
                    )
                )
        log.flush()
        notes = self.buffer(Notification)
        stories = self.stories
        for user in self.builders + self.by_role[Role.MANAGER]:
            for _ in range(rng.randint(5, 25)):
                story = rng.choice(stories)
                created = _at(today - timedelta(days=rng.randint(0, 365)), rng)
                notes.add(
                    Notification(
                        user_id=user.pk,
                        created_at=created,
                        text=f"Påmindelse: {story.household.reference} har en opgave, der "
                        f"forfalder.",
                        url=f"/sager/{story.household.pk}/",
                        read_at=None if rng.random() < 0.15 else created + timedelta(hours=3),
                    )
                )
        notes.flush()

    def make_events(self):
        rng, today = self.rng, self.today
        events = []
        for _ in range(max(1, self.n // 200)):
            day = today + timedelta(days=rng.randint(-700, 60))
            municipality = rng.choice(list(MUNICIPALITIES))
            kind = rng.choice(Event.Kind.values)
            event = Event(
                kind=kind,
                title=dict(Event.Kind.choices)[kind],
                starts_at=_at(day, rng, 10, 18),
                place="Beboerhuset",
                area=rng.choice(self.receiving[municipality]),
                description="Kaffe, kage og gamle naboer.",
                organiser=rng.choice(self.builders),
            )
            self.stamp(event, _at(day - timedelta(days=20), rng))
            events.append(event)
        events = self.bulk(Event, events)
        invitations = []
        for event in events:
            for story in rng.sample(self.stories, min(len(self.stories), rng.randint(5, 15))):
                status = rng.choice(Invitation.Status.values)
                invitations.append(
                    self.stamp(
                        Invitation(event=event, household=story.household, status=status),
                        event.created_at,
                    )
                )
        self.bulk(Invitation, invitations)


class Command(BaseCommand):
    help = (
        "Generate a reproducible load-test dataset of N households (bulk inserts). Refuses in "
        "production, and when real households exist unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, required=True, help="number of cases")
        parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="generate even though the database holds real (non-generated) households",
        )

    def handle(self, *args, households, seed, force, **options):
        if settings.PRODUCTION:
            raise CommandError("generate_load_data refuses to run with DJANGO_ENV=production.")
        if households < 1:
            raise CommandError("--households must be at least 1.")
        real = Household.objects.exclude(reference__startswith=REFERENCE_PREFIX).count()
        if real and not force:
            raise CommandError(
                f"The database holds {real} real household(s) (references not starting with "
                f"{REFERENCE_PREFIX!r}). Use an empty database, or pass --force to add load "
                "data beside them."
            )
        started = time.perf_counter()
        try:
            with transaction.atomic():
                removed = clear_load_data()
        except IntegrityError as error:
            raise CommandError(
                f"Earlier load data could not be removed; real rows point at it ({error})."
            ) from error
        cleared = time.perf_counter()
        if removed:
            self.stdout.write(
                f"Removed earlier load data ({sum(removed.values())} root rows) in "
                f"{cleared - started:.1f} s."
            )
        with transaction.atomic(), explicit_timestamps(apps.get_models()):
            if connection.vendor == "postgresql":
                # Check foreign keys per statement, in the writer's time, not all at commit.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            with Writer() as writer:
                generator = LoadData(
                    households=households, seed=seed, today=timezone.localdate(), writer=writer
                )
                counts = generator.run()
        generated = time.perf_counter()
        # The dashboard's derived rows: bulk inserts bypass the signals that keep them.
        from brobygning.dashboard import summary

        summary.rebuild()
        maintenance = ""
        if connection.vendor == "postgresql":
            # Fresh planner statistics for what follows. After removing earlier load data also
            # VACUUM: where autovacuum is off or behind (it is off on the benchmark machine),
            # hundreds of thousands of dead rows would stay in the tables and indexes and slow
            # every plan and scan that follows. VACUUM cannot run inside a transaction.
            maintenance = (
                "VACUUM ANALYZE" if removed and not connection.in_atomic_block else "ANALYZE"
            )
            with connection.cursor() as cursor:
                cursor.execute(maintenance)
        analysed = time.perf_counter()

        width = max(len(label) for label in counts)
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label:<{width}} {count:>9}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {households} households ({sum(counts.values())} rows, seed {seed}) "
                f"in {generated - cleared:.1f} s on {connection.vendor}"
                + (f"; {maintenance} {analysed - generated:.1f} s." if maintenance else ".")
            )
        )
