from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureForm(forms.Form):
    """Why, and the case's reference typed again, so a case is not anonymised by a slip."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. 'The household asked for erasure in writing on 3 May'. No names."),
    )
    confirm_reference = forms.CharField(
        label=_("Type the case reference to confirm"), max_length=20
    )

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the anonymisation."))
        return reason

    def clean_confirm_reference(self):
        typed = self.cleaned_data["confirm_reference"].strip()
        if typed.upper() != self.household.reference.upper():
            raise forms.ValidationError(_("This is not the reference of this case."))
        return typed
