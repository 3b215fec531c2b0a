"""A household with one row of every household-linked model, every text field that the
anonymisation empties (personal data by the classification registry, and the answer token)
holding a marker ("MRK-A-7"), and a second household ("MRK-B-…") that must stay untouched."""

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote_plus

import pytest
from django.apps import apps
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone

from brobygning.core.models import AccessLog
from brobygning.privacy.erasure import ERASE
from brobygning.privacy.export import PARTS
from households.models import ClosureCancellation
from tests.factories import (
    AccessLogFactory,
    BridgeChangeFactory,
    BridgeFactory,
    ClosureFactory,
    ConsentFactory,
    FollowUpFactory,
    HouseholdFactory,
    HousingOfferFactory,
    InvitationFactory,
    JournalEntryFactory,
    MemberFactory,
    MoveFactory,
    NeedFactory,
    NotificationFactory,
    PhaseChangeFactory,
    ReferralFactory,
    ReferralMemberFactory,
    ReferralMessageFactory,
    ReminderFactory,
    SupportOfferFactory,
)


def text_fields(model):
    """Free text: character and text fields without choices."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices
    ]


@dataclass
class Case:
    household: object
    referral: object
    # (model label, field name) → the marker stored there.
    markers: dict = field(default_factory=dict)
    name: str = ""

    def marker_values(self):
        return set(self.markers.values())


def build_case(prefix, *, bridge_builder, rehousing_consultant):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    member = MemberFactory(household=household, relation="child", birth_year=2015)
    need = NeedFactory(household=household, member=member, category="school")
    JournalEntryFactory(household=household, confidentiality="confidential")
    PhaseChangeFactory(household=household, from_phase="1_first_contact", to_phase="2_options")
    offer = HousingOfferFactory(household=household)
    MoveFactory(household=household, offer=offer)
    closure = ClosureFactory(household=household)
    ConsentFactory(household=household)
    bridge = BridgeFactory(
        household=household,
        member=member,
        need=need,
        support_offer=SupportOfferFactory(categories=["school"]),
        status="requested",
        answer_token_expires_at=timezone.now(),
    )
    BridgeChangeFactory(bridge=bridge)
    referral = ReferralFactory(sender=rehousing_consultant, household=household, status="accepted")
    ReferralMessageFactory(referral=referral)
    ReferralMemberFactory(referral=referral)
    followup = FollowUpFactory(household=household)
    ReminderFactory(followup=followup)
    ClosureCancellation.objects.create(
        closure=closure, kind="followup", item_id=followup.pk, previous_status="open"
    )
    InvitationFactory(household=household)

    case = Case(household=household, referral=referral)
    # The name as people type it (with a space): in the case, the referral, a notice and a
    # search in the access log.
    case.name = f"Familien MRK-{prefix}-name"
    counter = 0
    for part in PARTS:
        values = {}
        for f in text_fields(part.model):
            if f.name not in ERASE[part.label]:
                continue
            counter += 1
            values[f.name] = case.name if f.name == "display_name" else f"MRK-{prefix}-{counter}"
            case.markers[(part.label, f.name)] = values[f.name]
        rows = list(part.rows_of(household.pk))
        assert rows, part.label
        for obj in rows:
            # Saved like the app saves, so the change history records the values too.
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()
    NotificationFactory(
        user=bridge_builder,
        text=f"New referral: {case.name}",
        url=reverse("referrals:detail", args=[referral.pk]),
    )
    AccessLogFactory(
        user=bridge_builder,
        action=AccessLog.Action.SEARCH,
        detail=case.name,
        path=f"/sager/?q={quote_plus(case.name)}",
    )
    AccessLogFactory(
        user=bridge_builder,
        action=AccessLog.Action.VIEW,
        target_id=str(household.pk),
        household_reference=household.reference,
        detail="Break-glass: MRK-purpose",
        path=reverse("households:detail", args=[household.pk]),
    )
    household.refresh_from_db()
    referral.refresh_from_db()
    return case


@pytest.fixture
def case(bridge_builder, rehousing_consultant):
    return build_case("A", bridge_builder=bridge_builder, rehousing_consultant=rehousing_consultant)


@pytest.fixture
def other_case(other_bridge_builder, rehousing_consultant):
    return build_case(
        "B", bridge_builder=other_bridge_builder, rehousing_consultant=rehousing_consultant
    )


def values_in_database():
    """Every value of every column of every table, read with raw SQL (history, log, session
    and through tables included)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                found.extend((table, value) for value in row if value is not None)
    return found


def tables_containing(text):
    return sorted({table for table, value in values_in_database() if text in str(value)})


# Bookkeeping an anonymisation changes on purpose; none of it is a figure.
NOT_FIGURES = {"updated_at", "anonymised_at", "version", "answer_token_expires_at"}


def dashboard_figures():
    """The raw material of every dashboard figure: rows per model and their non-text
    columns (phases, dates, categories, statuses, rents, area and user links)."""
    figures = {}
    for model in apps.get_models():
        if model is AccessLog:
            continue  # an erasure adds its own row, by design
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if not isinstance(f, models.CharField | models.TextField | models.JSONField)
            or f.choices
        ]
        columns = [c for c in columns if c not in NOT_FIGURES]
        rows = model._default_manager.values_list(*columns)
        figures[model._meta.label] = Counter(rows)
    return figures
