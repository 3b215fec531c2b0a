"""Data classification: every field of every model of ours has one class (ASVS 8.3.4).

Read with SECURITY.md, this is the field level of the record of processing (GDPR art. 30):
per model, whose data it holds and what kind of data each field is. The anonymisation
(`privacy.erasure`) empties the personal data it lists, except the coded values it keeps for
the figures, and the art. 15 export (`privacy.export`) hands out every field it lists.
tests/privacy/test_classification.py fails on a field of ours without a class and on an
entry for a field that no longer exists.

The classes, from least to most protected:

* public: directory data the organisation publishes (actors, areas, offers, official lists).
* internal: ids, links, timestamps, statuses, codes and case figures (phase, rent, rooms).
  They are about a person only through the case's pseudonymous reference.
* personal: identifies or reaches a person: names, addresses, phone, e-mail, birth years,
  tenancy and offer numbers, user names.
* special: GDPR art. 9 data (health, disability, ethnic origin) and social problems and
  needs, which Danish practice treats as confidential data needing the same care
  ("fortrolige oplysninger"). Language counts as ethnic origin here: data that reveals an
  art. 9 category by deduction is art. 9 data (CJEU C-184/20, OT, 1 August 2022), and in a
  transformation area, which is listed partly on its share of non-Western immigrants, a
  household's language or its need for an interpreter reveals its origin. A contact
  person's working languages are a skill the directory offers, so they stay personal.
* cpr: CPR numbers (databeskyttelsesloven § 11). None are stored today; one added later
  goes here and is erased like the others.
* free_text: text typed by people. It can hold anything, names and diagnoses included, so it
  is handled like special data. Directory texts written for publication are public.

Relations are internal: a link says what it points at, and the row it points at carries the
sensitivity (a need's category, not the bridge's link to the need).
"""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldClass(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    PERSONAL = "personal", _("Personal data")
    SPECIAL = "special", _("Special-category data")
    CPR = "cpr", _("CPR number")
    FREE_TEXT = "free_text", _("Free text")


PUBLIC = FieldClass.PUBLIC
INTERNAL = FieldClass.INTERNAL
PERSONAL = FieldClass.PERSONAL
SPECIAL = FieldClass.SPECIAL
CPR = FieldClass.CPR
FREE_TEXT = FieldClass.FREE_TEXT

# Every class that is, or may hold, personal data about someone.
PERSONAL_DATA = (PERSONAL, SPECIAL, CPR, FREE_TEXT)

OUR_APPS = ("households", "referrals", "followups", "actors", "brobygning", "dashboard")

_ID = {"id": INTERNAL}
_TIMESTAMPED = {"id": INTERNAL, "created_at": INTERNAL, "updated_at": INTERNAL}
_VERSIONED = {**_TIMESTAMPED, "version": INTERNAL}  # the optimistic-locking counter

REGISTRY: dict[str, dict[str, FieldClass]] = {
    # --- The case file. Subjects: the household's members, children included; purpose:
    # --- bridge-building casework and the organisation's statistics.
    "households.Household": {
        **_TIMESTAMPED,
        "reference": INTERNAL,  # pseudonymous: what the case is called once anonymised
        "display_name": PERSONAL,
        "origin_area": INTERNAL,
        "origin_address": PERSONAL,
        # Postcode and town without the street say no more than the area does.
        "origin_postcode": INTERNAL,
        "origin_town": INTERNAL,
        "rehousing_kind": INTERNAL,
        "rehousing_scope": INTERNAL,
        "current_rent": INTERNAL,
        "preferred_language": SPECIAL,  # ethnic origin by deduction (see above)
        "interpreter_needed": SPECIAL,
        "wishes_home": FREE_TEXT,
        "wishes_area": FREE_TEXT,
        "own_resources": FREE_TEXT,
        "old_department": PERSONAL,  # with rooms and floor it points at a few flats
        "old_rooms": INTERNAL,
        "old_area_m2": INTERNAL,
        "old_deposit": INTERNAL,
        "lease_time_limited": INTERNAL,
        "termination_received_on": INTERNAL,
        "termination_ground": INTERNAL,
        "notice_months": INTERNAL,
        "termination_effective_on": INTERNAL,
        "bridge_builder": INTERNAL,
        "team": INTERNAL,
        "phase": INTERNAL,
        "opened_on": INTERNAL,
        "closed_on": INTERNAL,
        "next_contact_on": INTERNAL,
        "receiving_area": INTERNAL,
        "legal_hold": INTERNAL,
        "anonymised_at": INTERNAL,
        "version": INTERNAL,
    },
    "households.Member": {
        **_VERSIONED,
        "household": INTERNAL,
        "first_name": PERSONAL,
        "birth_year": PERSONAL,
        "relation": INTERNAL,
        "language": SPECIAL,  # ethnic origin by deduction
        "phone": PERSONAL,
        "is_interpreter": SPECIAL,  # a child interpreting for the parents: origin again
        "needs_school_change": SPECIAL,
        "needs_daycare": SPECIAL,
        "is_elderly": SPECIAL,  # a care need, not just an age
        "has_disability": SPECIAL,
        "early_retirement": SPECIAL,  # førtidspension is granted for lost working capacity
    },
    "households.Need": {
        **_VERSIONED,
        "household": INTERNAL,
        "member": INTERNAL,
        "category": SPECIAL,  # health, mental health, economy and debt…
        "status": INTERNAL,
        "note": FREE_TEXT,
        "source": INTERNAL,
        "noted_by": INTERNAL,
    },
    "households.JournalEntry": {
        **_TIMESTAMPED,
        "household": INTERNAL,
        "kind": INTERNAL,
        "occurred_on": INTERNAL,
        "duration_minutes": INTERNAL,
        "place": FREE_TEXT,  # often the home, or the doctor's
        "participants": PERSONAL,
        "note": FREE_TEXT,
        "what_changed": FREE_TEXT,
        "next_step": FREE_TEXT,
        "next_contact_on": INTERNAL,
        "confidentiality": INTERNAL,
        "shared_with_referrer": INTERNAL,
        "author": INTERNAL,
        "event": INTERNAL,
        "event_data": FREE_TEXT,  # the referral's texts and its sender's name
    },
    "households.PhaseChange": {
        **_ID,
        "household": INTERNAL,
        "from_phase": INTERNAL,
        "to_phase": INTERNAL,
        "changed_by": INTERNAL,
        "changed_at": INTERNAL,
        "note": FREE_TEXT,
        "event": INTERNAL,
        "earlier_in_month": INTERNAL,
    },
    "households.HousingOffer": {
        **_VERSIONED,
        "household": INTERNAL,
        "offer_number": PERSONAL,
        "address": PERSONAL,
        "postcode": INTERNAL,
        "town": INTERNAL,
        "receiving_area": INTERNAL,
        "housing_organisation": INTERNAL,
        "department": PERSONAL,
        "rooms": INTERNAL,
        "area_m2": INTERNAL,
        "net_rent": INTERNAL,
        "deposit": INTERNAL,
        "floor": INTERNAL,
        "has_lift": INTERNAL,
        "offered_on": INTERNAL,
        "answer_deadline": INTERNAL,
        "status": INTERNAL,
        "decline_reason": INTERNAL,
        "answered_on": INTERNAL,
        "location_suitable": INTERNAL,
        "quality_suitable": INTERNAL,
        "note": FREE_TEXT,
        "created_by": INTERNAL,
    },
    "households.Move": {
        **_VERSIONED,
        "household": INTERNAL,
        "offer": INTERNAL,
        "moved_on": INTERNAL,
        "new_address": PERSONAL,
        "new_postcode": INTERNAL,
        "new_town": INTERNAL,
        "receiving_area": INTERNAL,
        "help_on_the_day": FREE_TEXT,
        "registered_by": INTERNAL,
    },
    "households.Closure": {
        **_TIMESTAMPED,
        "household": INTERNAL,
        "closed_on": INTERNAL,
        "practical_in_order": INTERNAL,
        "children_enrolled": INTERNAL,
        "new_local_contact": INTERNAL,
        "no_longer_asks_for_help": INTERNAL,
        "assessment": FREE_TEXT,
        "justification": FREE_TEXT,
        "closed_by": INTERNAL,
    },
    "households.ClosureCancellation": {
        **_ID,
        "closure": INTERNAL,
        "kind": INTERNAL,
        "item_id": INTERNAL,
        "previous_status": INTERNAL,
        "restored_at": INTERNAL,
    },
    "households.Consent": {
        **_TIMESTAMPED,
        "household": INTERNAL,
        "given_on": INTERNAL,
        "method": INTERNAL,
        "covers_all_actors": INTERNAL,
        "purpose": FREE_TEXT,
        "withdrawn_on": INTERNAL,
        "recorded_by": INTERNAL,
        "actors": INTERNAL,
    },
    "households.Bridge": {
        **_TIMESTAMPED,
        "household": INTERNAL,
        "member": INTERNAL,
        "need": INTERNAL,
        "support_offer": INTERNAL,
        "local_contact": INTERNAL,
        "addressed_actor": INTERNAL,
        "status": INTERNAL,
        "legal_basis": SPECIAL,  # e.g. Serviceloven § 85: social-pedagogical support
        "note": FREE_TEXT,
        "requested_at": INTERNAL,
        "requested_by": INTERNAL,
        "answered_at": INTERNAL,
        "answer": FREE_TEXT,
        "wished_start": INTERNAL,
        # Written for the actor and shown to them with the request (households.portal).
        "note_to_actor": FREE_TEXT,
        "consent_override": FREE_TEXT,
        "answer_token": INTERNAL,  # a credential: never exported (privacy.parts)
        "answer_token_expires_at": INTERNAL,
        "update_requested_at": INTERNAL,
    },
    "households.BridgeChange": {
        **_ID,
        "bridge": INTERNAL,
        "from_status": INTERNAL,
        "to_status": INTERNAL,
        "changed_by": INTERNAL,
        "changed_at": INTERNAL,
        "note": FREE_TEXT,
    },
    # --- Referrals. Subjects: the household, before and after it becomes a case; purpose:
    # --- handing the household over from the rehousing team.
    "referrals.Referral": {
        **_VERSIONED,
        "sender": INTERNAL,
        "household": INTERNAL,
        "external_ref": PERSONAL,  # the tenancy number
        "display_name": PERSONAL,
        "origin_area": INTERNAL,
        "origin_address": PERSONAL,
        "origin_postcode": INTERNAL,
        "origin_town": INTERNAL,
        "household_composition": FREE_TEXT,
        "reason": FREE_TEXT,
        "urgency": INTERNAL,
        "notice_given_on": INTERNAL,
        "expected_move_on": INTERNAL,
        "needs": SPECIAL,  # need categories, as on Need
        "wishes": FREE_TEXT,
        "preferred_language": SPECIAL,
        "interpreter_needed": SPECIAL,
        "lost_support": FREE_TEXT,
        "consent_given_on": INTERNAL,
        "consent_method": INTERNAL,
        "consent_obtained_by": PERSONAL,
        "status": INTERNAL,
        "sent_at": INTERNAL,
        "opened_at": INTERNAL,
        "opened_by": INTERNAL,
        "answered_at": INTERNAL,
        "answered_by": INTERNAL,
        "assigned_to": INTERNAL,
        "decline_reason": INTERNAL,
        "decline_note": FREE_TEXT,
        "escalated_at": INTERNAL,
    },
    "referrals.ReferralMember": {
        **_TIMESTAMPED,
        "referral": INTERNAL,
        "first_name": PERSONAL,
        "relation": INTERNAL,
        "birth_year": PERSONAL,
    },
    "referrals.ReferralMessage": {
        **_ID,
        "referral": INTERNAL,
        "author": INTERNAL,
        "created_at": INTERNAL,
        "text": FREE_TEXT,
    },
    # --- Follow-ups and events. Subjects: the household and the staff member who has the
    # --- task; purpose: keeping the deadlines of the casework.
    "followups.FollowUp": {
        **_TIMESTAMPED,
        "household": INTERNAL,
        "kind": INTERNAL,
        "title": FREE_TEXT,
        "assignee": INTERNAL,
        "trigger_on": INTERNAL,
        "due_on": INTERNAL,
        "status": INTERNAL,
        "rule": INTERNAL,
        "referral": INTERNAL,
        "move": INTERNAL,
        "closure": INTERNAL,
        "bridge": INTERNAL,
        "visit_offered": INTERNAL,
        "visit_answer": INTERNAL,
        "visit_on": INTERNAL,
        "outcome_note": FREE_TEXT,
        "outcome": INTERNAL,
        "outcome_on": INTERNAL,
        "completed_at": INTERNAL,
        "completed_by": INTERNAL,
        "escalated_at": INTERNAL,
        "case_closed": INTERNAL,
    },
    "followups.Reminder": {
        **_ID,
        "followup": INTERNAL,
        "day": INTERNAL,
        "created_at": INTERNAL,
        "sent_at": INTERNAL,
        "channel": INTERNAL,
        "emailed_at": INTERNAL,
        "attempts": INTERNAL,
        "last_error": FREE_TEXT,  # a mail server's words: may quote addresses
    },
    "followups.NotificationPreference": {
        **_ID,
        "user": INTERNAL,
        "event": INTERNAL,
        "channel": INTERNAL,
    },
    "followups.CalendarToken": {
        **_ID,
        "user": INTERNAL,
        "token": INTERNAL,  # a credential
        "created_at": INTERNAL,
    },
    "followups.Event": {
        **_TIMESTAMPED,
        "kind": INTERNAL,
        "title": INTERNAL,
        "starts_at": INTERNAL,
        "place": INTERNAL,
        "area": INTERNAL,
        "description": INTERNAL,  # an invitation text for many households, not a case note
        "organiser": INTERNAL,
    },
    "followups.Invitation": {
        **_TIMESTAMPED,
        "event": INTERNAL,
        "household": INTERNAL,
        "status": INTERNAL,
    },
    # --- The directory. Subjects: actors' contact persons and local contacts (named people);
    # --- everything else describes organisations and areas. Purpose: finding bridges.
    "actors.HousingOrganisation": {
        **_TIMESTAMPED,
        "name": PUBLIC,
        "max_offers": PUBLIC,
    },
    "actors.Area": {
        **_VERSIONED,
        "name": PUBLIC,
        "municipality_code": PUBLIC,
        "municipality": PUBLIC,
        "housing_organisation": INTERNAL,
        "is_transformation_area": PUBLIC,
        "is_receiving_area": PUBLIC,
        "has_social_housing_plan": PUBLIC,
        "facilities": PUBLIC,
        "homes_count": PUBLIC,
    },
    "actors.LocalContact": {
        **_VERSIONED,
        "area": INTERNAL,
        "name": PERSONAL,  # often a neighbour ambassador: a private person
        "kind": PUBLIC,
        "phone": PERSONAL,
        "email": PERSONAL,
        "note": FREE_TEXT,
        "is_active": INTERNAL,
    },
    "actors.AreaListStatus": {
        **_TIMESTAMPED,
        "area": INTERNAL,
        "year": PUBLIC,
        "status": PUBLIC,
    },
    "actors.CriterionThreshold": {
        **_TIMESTAMPED,
        "criterion": PUBLIC,
        "list_status": PUBLIC,
        "value": PUBLIC,
        "valid_from": PUBLIC,
    },
    "actors.AreaCriterionValue": {
        **_TIMESTAMPED,
        "area": INTERNAL,
        "year": PUBLIC,
        "criterion": PUBLIC,
        "value": PUBLIC,
        "source": PUBLIC,
        "data_year": PUBLIC,
    },
    "actors.Actor": {
        **_VERSIONED,
        "name": PUBLIC,
        "kind": PUBLIC,
        "municipality": PUBLIC,
        "municipality_code": PUBLIC,
        "phone": PUBLIC,  # the organisation's, not a person's
        "email": PUBLIC,
        "website": PUBLIC,
        "is_active": INTERNAL,
        "note": FREE_TEXT,  # staff's own remarks: may name people
    },
    "actors.ContactPerson": {
        **_VERSIONED,
        "actor": INTERNAL,
        "name": PERSONAL,
        "role": PERSONAL,
        "phone": PERSONAL,
        "email": PERSONAL,
        "languages": PERSONAL,  # working languages (see above)
        "user": INTERNAL,
        "is_active": INTERNAL,
    },
    "actors.Agreement": {
        **_TIMESTAMPED,
        "actor": INTERNAL,
        "title": INTERNAL,
        "description": INTERNAL,
        "valid_from": INTERNAL,
        "valid_until": INTERNAL,
    },
    "actors.SupportOffer": {
        **_VERSIONED,
        "actor": INTERNAL,
        "name": PUBLIC,
        "description": PUBLIC,
        "target_group": PUBLIC,
        "how_to_refer": PUBLIC,
        "agreement": INTERNAL,
        "is_active": INTERNAL,
        "areas": INTERNAL,
    },
    "actors.SupportOfferCategory": {
        **_ID,
        "offer": INTERNAL,
        "category": PUBLIC,
    },
    "actors.DoorHangerTranslation": {
        **_TIMESTAMPED,
        "area": INTERNAL,
        "language": PUBLIC,  # of a printed text, not of a person
        "welcome_text": PUBLIC,
        "neighbour_text": PUBLIC,
    },
    # --- Staff, the access log and notices. Subjects: employees and actor contacts with a
    # --- login; purpose: access control and accountability (art. 5(2), 32).
    "brobygning.Team": {
        **_TIMESTAMPED,
        "name": INTERNAL,
    },
    "brobygning.User": {
        **_ID,
        "password": INTERNAL,  # an Argon2 hash: a credential, never shown
        "last_login": INTERNAL,
        "is_superuser": INTERNAL,
        "username": PERSONAL,
        "first_name": PERSONAL,
        "last_name": PERSONAL,
        "email": PERSONAL,
        "is_staff": INTERNAL,
        "is_active": INTERNAL,
        "date_joined": INTERNAL,
        "team": INTERNAL,
        "phone": PERSONAL,
        "groups": INTERNAL,
        "user_permissions": INTERNAL,
    },
    "brobygning.WorkerHeartbeat": {
        **_ID,
        "name": INTERNAL,
        "beat_at": INTERNAL,
    },
    "brobygning.AccessLog": {
        **_ID,
        "user": INTERNAL,
        "at": INTERNAL,
        "action": INTERNAL,
        "target_type": INTERNAL,
        "target_id": INTERNAL,
        "household_reference": INTERNAL,
        "detail": FREE_TEXT,  # search terms and break-the-glass reasons, as typed
        "path": FREE_TEXT,  # its query string repeats the search terms
        "request_id": INTERNAL,
    },
    "brobygning.Notification": {
        **_ID,
        "user": INTERNAL,
        "created_at": INTERNAL,
        "text": PERSONAL,  # a referral notice names the household
        "url": INTERNAL,
        "read_at": INTERNAL,
    },
    "brobygning.FormSubmission": {
        **_ID,
        "token": INTERNAL,
        "user": INTERNAL,
        "created_at": INTERNAL,
        "url": INTERNAL,  # the address of what the form created: ids only
    },
    # --- Dashboard: rows derived from the case file (brobygning.dashboard.summary), deleted
    # --- with the referral they derive from.
    "dashboard.ReferralContact": {
        "referral": INTERNAL,
        "after_sent": INTERNAL,  # dates, like the journal's occurred_on they copy
        "after_answer": INTERNAL,
        "working_days_after_sent": INTERNAL,  # a count derived from those dates
        "working_days_to_answer": INTERNAL,  # a count derived from the referral's dates
    },
}

# Personal data the anonymisation keeps on purpose: coded values that the dashboard counts.
# Once names, addresses and free text are gone they describe nobody we can point to, and the
# figures must not change when a case is anonymised (SECURITY.md, "Data classification").
# Typed text can never be here: any text can hold a name.
KEPT_WHEN_ANONYMISED: dict[str, frozenset[str]] = {
    "households.Household": frozenset({"interpreter_needed"}),
    "households.Member": frozenset(
        {
            "birth_year",
            "is_interpreter",
            "needs_school_change",
            "needs_daycare",
            "is_elderly",
            "has_disability",
            "early_retirement",
        }
    ),
    "households.Need": frozenset({"category"}),
    "households.Bridge": frozenset({"legal_basis"}),
    "referrals.Referral": frozenset({"needs", "interpreter_needed"}),
    # As on the case's members, which accepting the referral made of these rows.
    "referrals.ReferralMember": frozenset({"birth_year"}),
}


def _label(model) -> str:
    return model if isinstance(model, str) else model._meta.label


def classification(model, field_name: str) -> FieldClass:
    """The class of one field; LookupError naming model and field when it has none."""
    label = _label(model)
    try:
        return REGISTRY[label][field_name]
    except KeyError:
        raise LookupError(
            f"{label}.{field_name} has no class in brobygning/core/classification.py"
        ) from None


def fields_of(model, *classes: FieldClass) -> list[str]:
    """The names of the model's fields in the given classes (every field when none are
    given), in the registry's order, which follows the model's."""
    entries = REGISTRY.get(_label(model), {})
    return [name for name, cls in entries.items() if not classes or cls in classes]


def personal_fields(model) -> list[str]:
    """The fields that are, or may hold, personal data: personal, special, cpr, free text."""
    return fields_of(model, *PERSONAL_DATA)


def anonymised_fields(model) -> list[str]:
    """The fields the anonymisation of a household empties on this model's rows."""
    kept = KEPT_WHEN_ANONYMISED.get(_label(model), frozenset())
    return [name for name in personal_fields(model) if name not in kept]


# --- Checks, used by the tests ---------------------------------------------------------


def classified_models() -> list[type[models.Model]]:
    """Every model of our apps (not Django's or third parties'), through tables excepted."""
    return [model for app in OUR_APPS for model in apps.get_app_config(app).get_models()]


def model_fields(model) -> list[models.Field]:
    """The fields that hold data: the concrete ones and the many-to-many ones."""
    return [*model._meta.concrete_fields, *model._meta.many_to_many]


def unclassified(registry=REGISTRY) -> list[str]:
    """'app.Model.field' for every field of ours without a class."""
    return [
        f"{model._meta.label}.{f.name}"
        for model in classified_models()
        for f in model_fields(model)
        if f.name not in registry.get(model._meta.label, {})
    ]


def stale(registry=REGISTRY) -> list[str]:
    """'app.Model.field' (or 'app.Model') for every entry naming nothing that exists."""
    found = {
        model._meta.label: {f.name for f in model_fields(model)} for model in classified_models()
    }
    missing = []
    for label, entries in registry.items():
        if label not in found:
            missing.append(label)
            continue
        missing += [f"{label}.{name}" for name in entries if name not in found[label]]
    return missing
