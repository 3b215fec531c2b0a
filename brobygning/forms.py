from django import forms
from django.core.exceptions import ValidationError

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
