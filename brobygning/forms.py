from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from brobygning import submissions

BIGINT_MAX = 2**63 - 1


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids that are not whole numbers in the database's range before querying:
    SQLite raises OverflowError (a server error) on ids beyond 64 bits."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if not text.lstrip("-").isdigit() or abs(int(text)) > BIGINT_MAX:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


NOT_SAVED = object()


def save_valid_post(request, form, save, *, url=None):
    """For a valid POST, run `save(form)` and return what it returns; otherwise NOT_SAVED.

    A ValidationError from the service (a business rule, or someone else's change in between)
    is put on the form as a non-field error, and everything `save` wrote is rolled back.

    A create form's one-time token (brobygning.submissions) is claimed in the same transaction,
    and `url(result)`, where the caller then redirects, is kept with it. A form submitted again
    saves nothing: the return value is then a redirect response to that address, to return.
    """
    if request.method != "POST":
        return NOT_SAVED
    if earlier := submissions.earlier(request, form):
        # Before validating: a form saved once may no longer validate (a unique name taken
        # by its own first save), and it should still say that it was saved.
        return submissions.already_submitted_response(request, earlier, fallback=request.path)
    if not form.is_valid():
        return NOT_SAVED
    try:
        with transaction.atomic():
            submission = submissions.claim(request, form)
            result = save(form)
            if url is not None:
                submissions.record(submission, url(result))
            return result
    except submissions.AlreadySubmitted as error:
        return submissions.already_submitted_response(request, error, fallback=request.path)
    except ValidationError as error:
        form.add_error(None, error)
        return NOT_SAVED
