"""A create form submitted again (Back and save, a double click, a retried request) creates
nothing and says so (#17): every form that creates a row carries a one-time token, claimed in
the transaction of the write (brobygning.core.submissions)."""

import re
import threading
import time

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import HttpResponseRedirect

from brobygning.core.forms import NOT_SAVED, save_valid_post
from brobygning.core.models import FormSubmission
from households.forms import JournalEntryForm
from households.models import JournalEntry
from tests.factories import HouseholdFactory
from tests.security.conftest import client_for
from tests.security.support import db_digest, table_counts
from tests.security.test_url_policy import URL_POLICY, post_data, url_for

CREATE_FORMS = [
    "households:create",
    "households:member_add",
    "households:need_add",
    "households:journal_add",
    "households:offer_add",
    "households:move",
    "households:consent_add",
    "households:bridge_add",
    "followups:create",
    "followups:event_create",
    "referrals:create",
    "actors:actor_create",
    "actors:contact_create",
    "actors:offer_create",
    "actors:local_contact_create",
]
# Closing carries the token too, but a closed case refuses every write before any form is
# read: closing it again is refused (test below), not redirected.
TOKEN = re.compile(r'name="submission_token"[^>]*data-token="([^"]+)"')
ALREADY_SAVED = "Formularen var allerede gemt. Intet blev gemt igen; her er det, der blev gemt."


def _token(client, url):
    page = client.get(url)
    assert page.status_code == 200
    found = TOKEN.search(page.content.decode())
    assert found, "the form carries no one-time token"
    return found.group(1)


@pytest.mark.parametrize("name", CREATE_FORMS)
def test_a_create_form_saved_twice_creates_one_row_and_says_so(world, name):
    client = client_for(world, URL_POLICY[name].post_as)
    url = url_for(name, world)
    body = {**post_data(name, world), "submission_token": _token(client, url)}

    first = client.post(url, body)
    assert first.status_code == 302, first.content.decode()[:2000]
    client.get(first["Location"])  # shows (and so uses up) the first save's message
    counts, digest = table_counts(), db_digest()

    again = client.post(url, body)

    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert table_counts() == counts
    assert db_digest() == digest
    assert [str(m) for m in get_messages(again.wsgi_request)] == [ALREADY_SAVED]


@pytest.mark.parametrize("name", CREATE_FORMS)
def test_a_create_form_with_a_malformed_token_is_refused_with_a_form_error(world, name):
    client = client_for(world, URL_POLICY[name].post_as)
    url = url_for(name, world)
    counts = table_counts()

    response = client.post(url, {**post_data(name, world), "submission_token": "x" * 500})

    assert response.status_code == 400
    assert "Formularen er forældet" in response.content.decode()
    assert table_counts() == counts


def test_closing_a_case_again_with_the_same_form_closes_nothing(world):
    client = client_for(world, "bridge_builder")
    url = url_for("households:close", world)
    body = {**post_data("households:close", world), "submission_token": _token(client, url)}
    assert client.post(url, body).status_code == 302
    counts = table_counts()

    assert client.post(url, body).status_code == 403
    assert table_counts() == counts


def test_a_refused_save_leaves_the_token_unused_so_the_corrected_form_saves(rf, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    form = JournalEntryForm(instance=JournalEntry(household=household))
    token = form.fields["submission_token"].initial
    request = rf.post("/")
    request.user = bridge_builder
    data = {
        "kind": "home_visit",
        "occurred_on": "2026-01-05",
        "note": "Besøg",
        "confidentiality": "normal",
        "submission_token": token,
    }

    def refuse(form):
        form.save()
        raise ValidationError("Nej")

    bound = JournalEntryForm(
        data, instance=JournalEntry(household=household, author=bridge_builder)
    )
    assert save_valid_post(request, bound, refuse) is NOT_SAVED
    assert not FormSubmission.objects.filter(token=token).exists()
    assert not JournalEntry.objects.filter(household=household).exists()

    bound = JournalEntryForm(
        data, instance=JournalEntry(household=household, author=bridge_builder)
    )
    saved = save_valid_post(request, bound, lambda form: form.save())
    assert saved.pk and FormSubmission.objects.filter(token=token, user=bridge_builder).exists()


def test_the_token_is_claimed_in_the_transaction_of_the_write(rf, bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    form = JournalEntryForm(instance=JournalEntry(household=household))
    token = form.fields["submission_token"].initial
    request = rf.post("/")
    request.user = bridge_builder
    bound = JournalEntryForm(
        {
            "kind": "home_visit",
            "occurred_on": "2026-01-05",
            "note": "Besøg",
            "confidentiality": "normal",
            "submission_token": token,
        },
        instance=JournalEntry(household=household, author=bridge_builder),
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        save_valid_post(request, bound, lambda form: form.save())
        assert FormSubmission.objects.filter(token=token).exists()
        raise RuntimeError("the request failed after saving")
    assert not FormSubmission.objects.filter(token=token).exists()
    assert not JournalEntry.objects.filter(household=household).exists()


def test_an_edit_form_carries_no_one_time_token(bridge_builder):
    household = HouseholdFactory(bridge_builder=bridge_builder)
    entry = JournalEntry(household=household, pk=1)
    assert "submission_token" not in JournalEntryForm(instance=entry).fields


@pytest.mark.django_db(transaction=True)
def test_two_workers_saving_the_same_form_at_once_create_one_row(rf):
    from tests.factories import UserFactory

    author = UserFactory(username="samtidig")
    household = HouseholdFactory(bridge_builder=author)
    token = (
        JournalEntryForm(instance=JournalEntry(household=household))
        .fields["submission_token"]
        .initial
    )
    data = {
        "kind": "home_visit",
        "occurred_on": "2026-01-05",
        "note": "Besøg",
        "confidentiality": "normal",
        "submission_token": token,
    }
    claimed = threading.Event()
    results, errors = {}, []

    def save(form):
        entry = form.save()
        claimed.set()
        time.sleep(0.5)  # the first worker holds its transaction open while the second tries
        return entry

    def worker(name, wait):
        try:
            if wait:
                claimed.wait(5)
            request = rf.post("/")
            request.user = author
            request.session = {}
            request._messages = FallbackStorage(request)
            form = JournalEntryForm(data, instance=JournalEntry(household=household, author=author))
            results[name] = save_valid_post(request, form, save, url=lambda entry: "/sag/")
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=("first", False)),
        threading.Thread(target=worker, args=("second", True)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert isinstance(results["first"], JournalEntry)
    assert isinstance(results["second"], HttpResponseRedirect)
    assert results["second"]["Location"] == "/sag/"
    assert JournalEntry.objects.filter(household=household).count() == 1


def test_the_retention_job_deletes_form_tokens_older_than_two_days(bridge_builder):
    from datetime import timedelta

    from django.utils import timezone

    from brobygning.privacy import retention

    old = FormSubmission.objects.create(token="a" * 43, user=bridge_builder)
    FormSubmission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    recent = FormSubmission.objects.create(token="b" * 43, user=bridge_builder)

    retention.purge()

    assert list(FormSubmission.objects.all()) == [recent]


def test_a_referral_message_sent_twice_is_posted_once(world):
    client = client_for(world, URL_POLICY["referrals:message"].post_as)
    referral_url = url_for("referrals:detail", world)
    token = _token(client, referral_url)
    url = url_for("referrals:message", world)
    body = {**post_data("referrals:message", world), "submission_token": token}

    first = client.post(url, body)
    client.get(first["Location"])
    counts = table_counts()
    again = client.post(url, body)

    assert again["Location"] == first["Location"]
    assert table_counts() == counts
    assert [str(m) for m in get_messages(again.wsgi_request)] == [ALREADY_SAVED]
