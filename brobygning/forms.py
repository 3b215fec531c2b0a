from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

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


def save_valid_post(request, form, save):
    """For a valid POST, run `save(form)` and return what it returns; otherwise NOT_SAVED.

    A ValidationError from the service (a business rule, or someone else's change in between)
    is put on the form as a non-field error, and everything `save` wrote is rolled back.
    """
    if request.method != "POST" or not form.is_valid():
        return NOT_SAVED
    try:
        with transaction.atomic():
            return save(form)
    except ValidationError as error:
        form.add_error(None, error)
        return NOT_SAVED
