"""No mass assignment (ASVS 5.1.2, 4.1.2): every ModelForm names its fields,
and fields a user may not set (owner, team, author, status, sender…) stay as the server
decides when a POST carries them anyway."""

import importlib
from pathlib import Path

import pytest
from django import forms

from households.models import Household, JournalEntry, Member, Need
from tests.security.conftest import client_for
from tests.security.test_url_policy import post_data, url_for

ROOT = Path(__file__).resolve().parents[2]


def _all_model_forms():
    for path in ROOT.glob("**/forms.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in ("tests", ".venv", "node_modules") or "site-packages" in str(path):
            continue
        importlib.import_module(".".join(relative.with_suffix("").parts))
    seen, stack = [], list(forms.ModelForm.__subclasses__())
    while stack:
        form = stack.pop()
        stack.extend(form.__subclasses__())
        module = form.__module__.split(".")[0]
        if module in ("brobygning", "households", "referrals", "actors", "followups"):
            seen.append(form)
    return seen


def test_the_form_introspection_finds_the_model_forms():
    names = {form.__name__ for form in _all_model_forms()}
    assert {"HouseholdForm", "JournalEntryForm", "ReferralForm", "ContactPersonForm"} <= names


@pytest.mark.parametrize("form", _all_model_forms(), ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_model_form_lists_its_fields_and_excludes_none(form):
    meta = getattr(form, "Meta", None)
    if meta is None or not getattr(meta, "model", None):
        return  # a mixin without a model of its own (VersionedForm)
    assert getattr(meta, "fields", None) not in (None, "__all__", forms.ALL_FIELDS)
    assert not getattr(meta, "exclude", None)


def _post(world, role, url_name, extra, kwargs=None):
    client = client_for(world, role)
    url = url_for(url_name, world, kwargs)
    return client.post(url, {**post_data(url_name, world), **extra})


def test_creating_a_case_ignores_owner_team_phase_and_retention_fields(world):
    before = set(Household.objects.values_list("pk", flat=True))
    extra = {
        "team": world.other_bridge_builder.team_id,
        "phase": "closed",
        "closed_on": "2020-01-01",
        "legal_hold": "on",
        "reference": "H-HACK-1",
        "version": "99",
        "anonymised_at": "2020-01-01T00:00",
    }
    # A bridge-builder may not name the owner either (only managers may).
    response = _post(
        world,
        "bridge_builder",
        "households:create",
        {**extra, "bridge_builder": world.other_bridge_builder.pk},
    )
    assert response.status_code == 302
    (new,) = Household.objects.exclude(pk__in=before)
    assert new.bridge_builder == world.bridge_builder
    assert new.team_id == world.bridge_builder.team_id
    assert new.phase == "1_first_contact" and new.closed_on is None
    assert not new.legal_hold and new.anonymised_at is None
    assert new.reference != "H-HACK-1" and new.version < 99


def test_editing_a_case_cannot_move_it_to_another_owner_or_team(world):
    household = world.own.household
    extra = {
        "bridge_builder": world.other_bridge_builder.pk,
        "team": world.other_bridge_builder.team_id,
        "phase": "closed",
        "legal_hold": "on",
        "reference": "H-HACK-2",
        "next_contact_on": "2020-01-01",
    }
    for url_name in ("households:edit", "households:tenancy"):
        assert _post(world, "bridge_builder", url_name, extra).status_code == 302
        household.refresh_from_db()
        assert household.bridge_builder == world.bridge_builder
        assert household.team_id == world.bridge_builder.team_id
        assert household.phase == "1_first_contact" and not household.legal_hold
        assert household.reference != "H-HACK-2"


def test_a_journal_entry_keeps_its_author_and_case(world):
    extra = {"author": world.other_bridge_builder.pk, "household": world.other.household.pk}
    assert _post(world, "bridge_builder", "households:journal_add", extra).status_code == 302
    entry = JournalEntry.objects.order_by("-pk").first()
    assert entry.author == world.bridge_builder and entry.household == world.own.household
    assert not world.other.household.journal.exclude(pk=world.other.entry.pk).exists()


def test_a_member_or_need_cannot_be_moved_into_another_case(world):
    extra = {"household": world.other.household.pk, "noted_by": world.other_bridge_builder.pk}
    assert _post(world, "bridge_builder", "households:member_edit", extra).status_code == 302
    assert Member.objects.get(pk=world.own.member.pk).household == world.own.household
    assert _post(world, "bridge_builder", "households:need_edit", extra).status_code == 302
    need = Need.objects.get(pk=world.own.need.pk)
    assert need.household == world.own.household and need.noted_by == world.bridge_builder


def test_a_housing_offer_cannot_be_recorded_as_accepted_by_the_edit_form(world):
    response = _post(world, "bridge_builder", "households:offer_add", {"status": "accepted"})
    assert response.status_code == 400
    assert not world.own.household.offers.filter(status="accepted").exists()


def test_a_referral_keeps_its_sender_status_and_assignment(world):
    from referrals.models import Referral

    before = set(Referral.objects.values_list("pk", flat=True))
    extra = {
        "sender": world.other_rehousing_consultant.pk,
        "status": "accepted",
        "assigned_to": world.bridge_builder.pk,
        "household": world.own.household.pk,
        "opened_by": world.bridge_builder.pk,
        "external_ref": "HACK",
    }
    assert _post(world, "rehousing_consultant", "referrals:create", extra).status_code == 302
    (new,) = Referral.objects.exclude(pk__in=before)
    assert new.sender == world.rehousing_consultant and new.status == "draft"
    assert new.assigned_to is None and new.opened_by is None and new.household is None


def test_only_a_manager_links_a_login_to_a_contact_person(world):
    contact = world.own.contact
    extra = {"user": world.other_actor_contact.pk}
    assert _post(world, "bridge_builder", "actors:contact_edit", extra).status_code == 302
    contact.refresh_from_db()
    assert contact.user == world.actor_contact
    assert contact.actor == world.own.actor


def test_a_follow_up_is_created_on_the_case_of_the_url_and_as_an_own_task(world):
    from followups.models import FollowUp

    before = set(FollowUp.objects.values_list("pk", flat=True))
    extra = {
        "household": world.other.household.pk,
        "kind": "post_move_visit",
        "status": "done",
        "rule": "hack",
    }
    assert _post(world, "bridge_builder", "followups:create", extra).status_code == 302
    (new,) = FollowUp.objects.exclude(pk__in=before)
    assert new.household == world.own.household
    assert new.kind == "custom" and new.status == "open" and new.rule == ""


def test_an_event_is_organised_by_whoever_creates_it(world):
    from followups.models import Event

    before = set(Event.objects.values_list("pk", flat=True))
    extra = {"organiser": world.other_bridge_builder.pk}
    assert _post(world, "bridge_builder", "followups:event_create", extra).status_code == 302
    (new,) = Event.objects.exclude(pk__in=before)
    assert new.organiser == world.bridge_builder
