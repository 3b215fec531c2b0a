"""One-time submission tokens for forms that create a row.

The token is issued with the form in a text input the page hides (TokenInput): the browser
restores it together with the text the user typed when they go Back to the form, so the
restored form carries the token it was issued with. Saving claims the token by inserting
a `FormSubmission` row with a unique token in the same transaction as the write, so a form
submitted again creates nothing, on any number of workers: a second insert waits for the first
transaction and then fails on the unique constraint (or succeeds if the first rolled back).
A request without a token (a client that never loaded the form) saves as before.
"""

import re
import secrets

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobygning.core.models import FormSubmission

FIELD = "submission_token"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")


class TokenInput(forms.TextInput):
    """A text input shown to nobody, restored by the browser with the rest of the form when
    the user goes Back to it. Browsers restore neither `type=hidden` inputs nor values equal
    to the value attribute, so the token travels in `data-token` and static/js/app.js puts it
    in the empty input: a restored input keeps the token the form was first issued with."""

    def __init__(self):
        super().__init__(attrs={"hidden": True, "data-no-draft": ""})

    @property
    def is_hidden(self):
        return True

    def get_context(self, name, value, attrs):
        context = super().get_context(name, None, attrs)
        context["widget"]["attrs"]["data-token"] = value or ""
        return context


class OneTimeSubmissionMixin:
    """For forms that create a row: adds the one-time token. On a model form that edits an
    existing row it adds nothing (edits are guarded by their version instead)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            return
        self.fields[FIELD] = forms.CharField(
            required=False,
            initial=secrets.token_urlsafe(32),
            widget=TokenInput(),
        )

    def clean_submission_token(self):
        token = self.cleaned_data.get(FIELD, "")
        if token and not TOKEN_PATTERN.fullmatch(token):
            # On the form, not the field: the field is hidden, and so would be its error.
            self.add_error(None, _invalid_message())
            return ""
        return token


def _invalid_message():
    return gettext_lazy("The form is out of date. Reload the page and fill it in again.")


class AlreadySubmitted(Exception):
    def __init__(self, url):
        super().__init__(url)
        self.url = url


def earlier(request, form):
    """AlreadySubmitted for a posted token this user already claimed, else None."""
    if FIELD not in form.fields:
        return None
    token = form.data.get(FIELD, "")
    if not (isinstance(token, str) and TOKEN_PATTERN.fullmatch(token)):
        return None
    first = FormSubmission.objects.filter(token=token, user=request.user).first()
    return AlreadySubmitted(first.url) if first else None


def claim(request, form):
    """Claim the form's token for this user; inside the transaction of the write. Returns the
    claim (or None without a token); raises AlreadySubmitted when it was claimed before."""
    token = (getattr(form, "cleaned_data", None) or {}).get(FIELD)
    if not token:
        return None
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(token=token, user=request.user)
    except IntegrityError:
        first = FormSubmission.objects.filter(token=token, user=request.user).first()
        raise AlreadySubmitted(first.url if first else "") from None


def record(submission, url):
    if submission is not None and url:
        submission.url = str(url)[:300]
        submission.save(update_fields=["url"])


def already_submitted_response(request, error, fallback):
    """Back to what the first submission created, saying that nothing was saved again."""
    messages.info(
        request,
        _("This form was already saved. Nothing was saved again; here is what was saved."),
    )
    return HttpResponseRedirect(error.url or fallback)
