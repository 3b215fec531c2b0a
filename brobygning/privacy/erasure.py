"""Art. 17: anonymise one household on request (and, from `retention`, when its period ends).

Names, addresses, contact details and free text go; phases, dates, categories, statuses,
rents, area links and every row stay, so the dashboard's figures do not change. Which fields
go is the classification registry's (`brobygning.classification.anonymised_fields`): every
field it classes personal, special, cpr or free text, less the coded values it keeps for the
figures. `ERASE` says what each of them becomes.
"""

import re
from urllib.parse import quote, quote_plus

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygning.audit import audit_maintenance
from brobygning.classification import anonymised_fields
from brobygning.models import AccessLog, Notification, VersionedModel, without_history
from brobygning.privacy import history
from brobygning.privacy.parts import PARTS
from households.models import Household

# Stands for "the household's reference" in ERASE.
REFERENCE = object()
DASH = "—"
# Names shorter than this are not searched for in the access log and notifications: they
# would match inside unrelated rows and garble them.
MIN_NAME_LENGTH = 4

# What an erased field becomes where emptying it would leave the row meaningless: the case's
# name becomes its reference, a member and a message keep a visible placeholder. Every other
# erased field is emptied.
REPLACED = {
    "households.Household": {"display_name": REFERENCE},
    "households.Member": {"first_name": DASH},
    "referrals.Referral": {"display_name": REFERENCE},
    "referrals.ReferralMessage": {"text": DASH},
}
# Not personal data, but a live way in to it: erasing the case kills the actor's answer link.
REVOKED = {"households.Bridge": {"answer_token": "", "answer_token_expires_at": None}}


def _emptied(f):
    if f.null:
        return None
    if isinstance(f, models.CharField | models.TextField):
        return ""
    raise ImproperlyConfigured(
        f"{f.model._meta.label}.{f.name} is anonymised but has no empty value: give it one in "
        "REPLACED, or keep it (brobygning.classification.KEPT_WHEN_ANONYMISED)"
    )


def _erased(part) -> dict:
    replaced = REPLACED.get(part.label, {})
    values = {
        name: replaced[name] if name in replaced else _emptied(part.model._meta.get_field(name))
        for name in anonymised_fields(part.model)
    }
    return {**values, **REVOKED.get(part.label, {})}


# Model label → {field: what it becomes}.
ERASE = {part.label: _erased(part) for part in PARTS}


def _names(household) -> set[str]:
    """The names the household is known by here: its own and its referrals'."""
    names = {household.display_name}
    names.update(household.referrals.values_list("display_name", flat=True))
    return {name for name in names if name and name != household.reference}


def _scrub(text: str, names, replacement: str) -> str:
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(re.escape(name), replacement, text, flags=re.IGNORECASE)
    return text


def _scrub_notifications(household, names):
    """Referral notices name the household ("New referral: Familien …"); they point at the
    referral or the case, so only those are touched."""
    referral_urls = [
        reverse("referrals:detail", args=[pk])
        for pk in household.referrals.values_list("pk", flat=True)
    ]
    linked = Notification.objects.filter(
        Q(url__in=referral_urls)
        | Q(url__startswith=reverse("households:detail", args=[household.pk]))
    )
    for name in names:
        linked.filter(text__contains=name).update(
            text=Replace(F("text"), Value(name), Value(household.reference))
        )


def _scrub_access_log(household, names):
    """Searches are logged with the terms typed (and the address carries them too). Where a
    term was the household's name, it becomes the reference: the row itself — who searched,
    when — stays. This is the only change ever made to the access log's rows."""
    names = {name for name in names if len(name) >= MIN_NAME_LENGTH}
    encoded = {form for name in names for form in (quote(name), quote_plus(name))}
    match = Q()
    for name in names:
        match |= Q(detail__icontains=name)
    for form in encoded:
        match |= Q(path__icontains=form)
    if not match:
        return
    for row in AccessLog.objects.filter(match):
        row.detail = _scrub(row.detail, names, household.reference)
        row.path = _scrub(row.path, encoded, quote_plus(household.reference))
        row.save(update_fields=["detail", "path"])


def _erased_value(value, replacement, reference):
    # auditlog writes "None" for the missing side of a creation or deletion; keep it.
    if value in (None, "None"):
        return value
    if replacement is REFERENCE:
        return reference
    return DASH


def _scrub_history(household):
    """The change history keeps who changed which field when, and the values of figures
    (phase, status, dates); the old and new values of erased fields, the record's name and
    any serialised copy go."""
    if not history.installed():
        return
    changed = []
    for entry in history.entries(household):
        part = history.part_of(entry)
        erase = ERASE.get(part.label, {}) if part else {}
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        for name, change in changes.items():
            if name in erase and isinstance(change, list):
                changes[name] = [
                    _erased_value(value, erase[name], household.reference) for value in change
                ]
        entry.changes = changes
        entry.object_repr = household.reference
        # The legacy text form repeats the values; the JSON above is the history.
        entry.changes_text = ""
        entry.serialized_data = None
        changed.append(entry)
    history.log_entry_model().objects.bulk_update(
        changed, ["changes", "object_repr", "changes_text", "serialized_data"], batch_size=500
    )


@transaction.atomic
def anonymise_household(*, household, by, reason: str, path: str = ""):
    """Remove the household's names, addresses and free text from every table, keep the
    figures, set `anonymised_at` and record who did it and why.

    Refused (ValidationError) without a reason or when the case is on legal hold. `by` is the
    user who asked; None for the retention job, which has no user and writes no access-log
    row (the case's `anonymised_at` records it). Safe to run again on an anonymised case,
    e.g. after new notes were written.
    """
    current = Household.objects.select_for_update().get(pk=household.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the anonymisation."), code="reason")
    if current.legal_hold:
        raise ValidationError(
            _("The case is on legal hold and cannot be anonymised."), code="legal_hold"
        )
    names = _names(current)
    now = timezone.now()
    # Queryset updates on purpose: save() would make the change history (auditlog) record
    # every old value again, in a new entry.
    for part in PARTS:
        values = {
            name: Value(current.reference) if value is REFERENCE else value
            for name, value in ERASE.get(part.label, {}).items()
        }
        if values:
            if issubclass(part.model, VersionedModel):  # edit forms open on the rows go stale
                values["version"] = F("version") + 1
            without_history(part.rows_of(current.pk)).update(**values)
    without_history(Household.objects.filter(pk=current.pk)).update(
        anonymised_at=now, updated_at=now
    )
    # The change history and the access log are otherwise immutable (PostgreSQL triggers).
    with audit_maintenance():
        _scrub_history(current)
        _scrub_access_log(current, names)
    _scrub_notifications(current, names)
    if by is not None:
        AccessLog.objects.create(
            user=by,
            action=AccessLog.Action.ERASURE,
            target_type="household",
            target_id=str(current.pk),
            household_reference=current.reference,
            # The reason is typed by a person; it must not bring the name back.
            detail=_scrub(reason, names, current.reference)[:300],
            path=path[:300],
        )
    household.refresh_from_db()
    return household
