"""Art. 17: anonymise one household on request (and, from `retention`, when its period ends).

Names, addresses, contact details and free text go; phases, dates, categories, statuses,
rents, area links and every row stay, so the dashboard's figures do not change. Which fields
go is the classification registry's (`brobygning.core.classification.anonymised_fields`): every
field it classes personal, special, cpr or free text, less the coded values it keeps for the
figures. `ERASE` says what each of them becomes.
"""

import operator
import re
from functools import reduce
from urllib.parse import quote, quote_plus

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.lookups import IContains
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygning.core import search
from brobygning.core.audit import audit_maintenance
from brobygning.core.classification import CPR, PERSONAL, anonymised_fields, fields_of
from brobygning.core.models import AccessLog, Notification, VersionedModel, without_history
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
    "referrals.ReferralMember": {"first_name": DASH},
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
        "REPLACED, or keep it (brobygning.core.classification.KEPT_WHEN_ANONYMISED)"
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
    """What the household is known by here, read by the classification registry: the value of
    every text field it classes personal or CPR on the household's rows — its name and its
    referrals', the members' first names, addresses, numbers."""
    names = set()
    for part in PARTS:
        fields = [
            name
            for name in fields_of(part.model, PERSONAL, CPR)
            if _is_text(part.model._meta.get_field(name))
        ]
        if fields:
            for values in part.rows_of(household.pk).values_list(*fields):
                names.update(value.strip() for value in values if value)
    return {name for name in names if name and name not in (household.reference, DASH)}


def _is_text(f):
    return isinstance(f, models.CharField | models.TextField) and not f.choices


def _words(names) -> set[str]:
    """The words of the names long enough to stand for them ("Hansen" of "Familien Hansen")."""
    return {
        word for name in names for word in re.findall(r"\w+", name) if len(word) >= MIN_NAME_LENGTH
    }


def _scrub(text: str, names, replacement: str) -> str:
    for name in sorted(names, key=len, reverse=True):
        pattern = re.escape(name)
        if len(name) < MIN_NAME_LENGTH:  # "Ali", but not the start of "Alice"
            pattern = rf"\b{pattern}\b"
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return text


def _names_the_household(term: str, names) -> bool:
    """A search term names the household when it holds one of its names, or is part of one
    ("Hansen", "Granparken 1"): a search that could have been for it."""
    term = term.strip().lower()
    return len(term) >= MIN_NAME_LENGTH and any(
        term in name.lower() or name.lower() in term for name in names
    )


def _scrub_notifications(household, names):
    """Referral notices name the household ("New referral: Familien …") and a break-the-glass
    notice repeats the reason typed; they point at the referral or the case, so only those are
    touched, and in them every name and every word of one goes."""
    referral_urls = [
        reverse("referrals:detail", args=[pk])
        for pk in household.referrals.values_list("pk", flat=True)
    ]
    linked = Notification.objects.filter(
        Q(url__in=referral_urls)
        | Q(url__startswith=reverse("households:detail", args=[household.pk]))
    )
    scrubbed = names | _words(names)
    for notice in linked.filter(_any_contains("text", scrubbed)):
        notice.text = _scrub(notice.text, scrubbed, household.reference)
        notice.save(update_fields=["text"])


def _any_contains(field, names) -> Q:
    match = Q(pk__in=[])
    for name in names:
        match |= Q(**{f"{field}__icontains": name})
    return match


def _scrub_access_log(household, names):
    """Searches are logged with the terms typed (older rows' addresses carry them too), and a
    break-the-glass opening with the reason typed. A search whose term names the household,
    whole or in part, gets the reference instead; in the rows about the household (its
    break-the-glass reasons) every name and word of one goes. The rows themselves — who,
    when, what — stay. These are the only changes ever made to the access log's rows."""
    long_names = {name for name in names if len(name) >= MIN_NAME_LENGTH}
    encoded = {form for name in long_names for form in (quote(name), quote_plus(name))}
    searches = AccessLog.objects.filter(action=AccessLog.Action.SEARCH).filter(
        _any_contains("detail", long_names)
        | _any_contains("path", encoded)
        # The term is part of a name: the name contains the row's detail.
        | reduce(
            operator.or_,
            (Q(IContains(Value(name), F("detail"))) for name in long_names),
            Q(pk__in=[]),
        )
    )
    for row in searches:
        detail, path = row.detail, _scrub(row.path, encoded, quote_plus(household.reference))
        if _names_the_household(detail, long_names):
            detail = _scrub(detail, long_names, household.reference)
            if _names_the_household(detail, long_names):
                detail = household.reference
        if (detail, path) != (row.detail, row.path):
            row.detail, row.path = detail, path
            row.save(update_fields=["detail", "path"])
    about = names | _words(names)
    rows = AccessLog.objects.filter(household_reference=household.reference).exclude(
        action=AccessLog.Action.SEARCH
    )
    for row in rows.filter(_any_contains("detail", about)):
        row.detail = _scrub(row.detail, about, household.reference)
        row.save(update_fields=["detail"])


def _scrub_sessions(household, names):
    """Signed-in users' sessions keep their recent search terms for paging
    (brobygning.core.search): a term that names the household gets the reference instead. The
    row's expiry is left as it is."""
    names = {name for name in names if len(name) >= MIN_NAME_LENGTH}
    store = SessionStore()
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = store.decode(session.session_data)
        changed = False
        for entry in data.get(search.SESSION_KEY, {}).values():
            for values in entry.get("criteria", {}).values():
                for i, value in enumerate(values):
                    if isinstance(value, str) and _names_the_household(value, names):
                        values[i] = household.reference
                        changed = True
        if changed:
            Session.objects.filter(pk=session.pk).update(session_data=store.encode(data))


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
    _scrub_sessions(current, names)
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
