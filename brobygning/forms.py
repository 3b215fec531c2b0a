from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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


class VersionedForm(forms.ModelForm):
    """The edit form of a `VersionedModel` row: it carries, hidden, the version the user
    opened it at, and hands that back to the instance, whose service saves with
    `save_versioned()` and so refuses the save when someone else saved the row meanwhile.
    Adding a new row needs no version: the field is left out."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        super()._post_clean()
        if "version" in self.fields and "version" in self.cleaned_data:
            self.instance.version = self.cleaned_data["version"]

    @property
    def is_stale(self):
        """Refused because someone else saved the row first (the template offers a link to
        the current version)."""
        return self.has_error(NON_FIELD_ERRORS, "stale")


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
