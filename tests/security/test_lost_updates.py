"""No silent lost updates: two people who open the same edit form and both save do not
overwrite each other. Every edit form carries the version of the row it was opened at
(`brobygning.core.forms.VersionedForm`); a save from an older version is refused with a message
that keeps the input, and nothing is written (SECURITY.md, "Lost or silently changed data").

The URL walk finds the edit forms by opening every page of the project, so a new edit form
without a version fails here, and so does one missing from `EDITED_ROWS` (which the stale-save
test runs through).
"""

import importlib
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from brobygning.core.forms import VersionedAdminMixin, VersionedForm
from brobygning.core.models import VersionedModel
from tests.security.conftest import ROLES, client_for
from tests.security.test_url_policy import (
    ADMIN_NAMES,
    EDITED_ROWS,
    URL_POLICY,
    post_data,
    url_for,
)

ROOT = Path(__file__).resolve().parents[2]
OUR_APPS = ("brobygning", "households", "referrals", "actors", "followups")

# Model forms that never edit an existing row, and why. The URL walk below proves it for the
# pages; a new model form must either be a VersionedForm or be listed here.
NEVER_EDITS = {
    "households.forms.HouseholdForm": "the shared fields of the create and edit forms",
    "households.forms.HouseholdCreateForm": "opens a new case",
    "households.forms.JournalEntryForm": "journal entries are added, never edited",
    "households.forms.MoveForm": "registers a move (its date is changed by MoveDateForm)",
    "households.forms.ClosureForm": "closes a case: a new closure row each time",
    "households.forms.ConsentForm": "records a new consent",
    "households.forms.BridgeForm": "proposes a new bridge (its status changes by buttons)",
    "followups.forms.FollowUpForm": "adds a follow-up",
    "followups.forms.EventForm": "creates an event",
    "actors.forms.AreaCriterionValueForm": "validation for the Django admin, not a page",
    "actors.forms.CriterionThresholdForm": "validation for the Django admin, not a page",
}


def _our_model_forms():
    for path in ROOT.glob("*/**/forms.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in OUR_APPS:
            importlib.import_module(".".join(relative.with_suffix("").parts))
    found, stack = {}, list(forms.ModelForm.__subclasses__())
    while stack:
        form = stack.pop()
        stack.extend(form.__subclasses__())
        # Mixins without a model of their own (VersionedForm, VersionedAdminForm) aside.
        if form.__module__.split(".")[0] in OUR_APPS and form._meta.model is not None:
            found[f"{form.__module__}.{form.__name__}"] = form
    return found


def _page_model_forms(response):
    """The model forms a page was rendered with."""
    contexts = response.context if isinstance(response.context, list) else [response.context]
    found = []
    for context in contexts:
        if context is None:
            continue
        for value in context.flatten().values():
            if isinstance(value, forms.BaseModelForm) and value not in found:
                found.append(value)
    return found


def _reader(name):
    """A role that may open the page (for edit pages: the role the harness posts as)."""
    policy = URL_POLICY[name]
    if policy.post_as and policy.get.get(policy.post_as) == 200:
        return policy.post_as
    return next((role for role in ROLES if policy.get.get(role) == 200), None)


def _current_version(row):
    return type(row)._base_manager.values_list("version", flat=True).get(pk=row.pk)


def test_every_model_form_of_ours_carries_a_version_or_never_edits():
    model_forms = _our_model_forms()
    assert {"households.forms.MemberForm", "actors.forms.AreaForm"} <= set(model_forms)
    unversioned = sorted(
        name
        for name, form in model_forms.items()
        if not issubclass(form, VersionedForm) and name not in NEVER_EDITS
    )
    assert not unversioned, f"Edit forms without a version (make them VersionedForm): {unversioned}"
    assert set(NEVER_EDITS) <= set(model_forms), "NEVER_EDITS names a form that is gone"
    for name, form in model_forms.items():
        if issubclass(form, VersionedForm):
            assert issubclass(form._meta.model, VersionedModel), name


def test_every_page_that_edits_a_row_carries_its_version(world):
    """Open every page of the project (the Django admin aside) as a role that may; any model
    form on it bound to an existing row must be a VersionedForm holding the row's version."""
    edit_pages = set()
    for name in sorted(set(URL_POLICY) - set(ADMIN_NAMES)):
        role = _reader(name)
        if role is None or "GET" not in URL_POLICY[name].methods:
            continue
        response = client_for(world, role).get(url_for(name, world))
        for form in _page_model_forms(response):
            if form.instance._state.adding:
                continue
            edit_pages.add(name)
            assert isinstance(form, VersionedForm), f"{name}: {type(form).__name__}"
            field = form["version"]
            assert field.is_hidden
            assert field.value() == _current_version(form.instance), name
    assert edit_pages == set(EDITED_ROWS), (
        "EDITED_ROWS (tests/security/test_url_policy.py) must list exactly the edit pages"
    )


@pytest.mark.parametrize("name", sorted(EDITED_ROWS))
def test_a_stale_save_of_an_edit_form_is_refused_and_a_fresh_one_succeeds(world, name):
    role = URL_POLICY[name].post_as
    row = EDITED_ROWS[name](world)
    url = url_for(name, world)
    opened = client_for(world, role).get(url).context["form"]["version"].value()
    data = post_data(name, world)
    assert data["version"] == opened

    # Someone else saves first, from the same page: fine, the version counts up.
    first = client_for(world, role).post(url, data)
    assert first.status_code == 302, first.context and first.context["form"].errors
    saved = type(row)._base_manager.get(pk=row.pk)
    assert saved.version == opened + 1

    # The second save started from the old version: refused, nothing written, input kept.
    second = client_for(world, role).post(url, data)
    assert second.status_code == 400
    form = second.context["form"]
    assert form.is_stale
    assert [error.code for error in form.errors.as_data()[NON_FIELD_ERRORS]] == ["stale"]
    assert "En anden har gemt en ændring her, mens du redigerede" in second.content.decode()
    assert 'data-testid="open-current-version"' in second.content.decode()
    assert form.data == second.wsgi_request.POST
    after = type(row)._base_manager.get(pk=row.pk)
    assert (after.version, after.updated_at) == (saved.version, saved.updated_at)

    # Opened again, the form carries the current version and saves.
    reopened = client_for(world, role).get(url).context["form"]["version"].value()
    assert reopened == saved.version
    third = client_for(world, role).post(url, {**data, "version": reopened})
    assert third.status_code == 302


# --- The Django admin ------------------------------------------------------------------------


def test_every_admin_of_a_versioned_model_carries_the_version():
    from django.contrib import admin

    missing = []
    for model, model_admin in admin.site._registry.items():
        admins = [(model, model_admin)]
        admins += [(inline.model, inline) for inline in model_admin.inlines]
        for edited, edits in admins:
            if issubclass(edited, VersionedModel) and not issubclass(
                edits if isinstance(edits, type) else type(edits), VersionedAdminMixin
            ):
                missing.append(f"{model._meta.label}: {edited._meta.label}")
    assert not missing, f"Admins of versioned models without VersionedAdminMixin: {missing}"


def _admin_post(response):
    """The change form as the admin rendered it, as a browser would post it back."""
    context = response.context
    forms_, data = [context["adminform"].form], {"_save": "Gem"}
    for inline in context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(n): management[n].value() for n in management.fields})
        forms_.extend(inline.formset.forms)
    for form in forms_:
        for field in form:
            value = field.value()
            if value is True:
                data[field.html_name] = "on"
            elif value not in (None, False):
                data[field.html_name] = value
    return data


VERSIONED_ADMIN_PAGES = {
    f"admin:actors_{name}_change": label
    for name, label in (
        ("actor", "actors.Actor"),
        ("area", "actors.Area"),
        ("contactperson", "actors.ContactPerson"),
        ("localcontact", "actors.LocalContact"),
        ("supportoffer", "actors.SupportOffer"),
    )
}


@pytest.mark.parametrize("name", sorted(VERSIONED_ADMIN_PAGES))
def test_a_stale_change_in_the_admin_is_refused_on_the_form(world, name):
    from django.apps import apps

    model = apps.get_model(VERSIONED_ADMIN_PAGES[name])
    url = url_for(name, world)
    admin_client = client_for(world, "administrator")
    opened = admin_client.get(url)
    pk = opened.context["adminform"].form.instance.pk
    data = _admin_post(opened)
    version = model._base_manager.get(pk=pk).version
    assert data["version"] == version

    first = admin_client.post(url, data)
    assert first.status_code == 302, first.context and first.context["adminform"].form.errors
    saved = model._base_manager.get(pk=pk)
    assert saved.version == version + 1

    second = admin_client.post(url, data)
    assert second.status_code == 200
    assert second.context["adminform"].form.is_stale
    assert model._base_manager.get(pk=pk).version == saved.version


def test_a_row_added_in_an_admin_inline_needs_no_version(world):
    from actors.models import ContactPerson

    url = url_for("admin:actors_actor_change", world)
    admin_client = client_for(world, "administrator")
    opened = admin_client.get(url)
    data = _admin_post(opened)
    (inline,) = [
        i for i in opened.context["inline_admin_formsets"] if i.opts.model is ContactPerson
    ]
    formset = inline.formset
    total = formset.management_form.add_prefix("TOTAL_FORMS")
    new = formset.add_prefix(int(data[total]))
    data.update(
        {total: int(data[total]) + 1, f"{new}-name": "Ny i admin", f"{new}-is_active": "on"}
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert ContactPerson.objects.get(name="Ny i admin").version == 1
