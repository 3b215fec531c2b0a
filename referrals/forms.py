from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Area
from actors.needs import NeedCategory
from brobygning.core.forms import SensibleDatesMixin, VersionedForm
from brobygning.core.places import AddressFieldsMixin
from brobygning.core.submissions import OneTimeSubmissionMixin
from brobygning.core.widgets import named
from households.forms import DateInput, bridge_builders
from households.member_rows import MemberRowsMixin
from households.models import Household
from referrals.models import Referral


class ReferralForm(
    MemberRowsMixin,
    OneTimeSubmissionMixin,
    SensibleDatesMixin,
    AddressFieldsMixin,
    VersionedForm,
):
    address_fields = (("origin_address", "origin_postcode", "origin_town"),)
    existing_reference = forms.CharField(
        label=_("Case reference, if the household is already registered"),
        required=False,
        max_length=20,
        help_text=_("E.g. H-2026-0042. Leave empty for a new household."),
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs you have seen"),
        choices=NeedCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Referral
        fields = [
            "display_name",
            "origin_area",
            "origin_address",
            "origin_postcode",
            "origin_town",
            "household_composition",
            "reason",
            "urgency",
            "notice_given_on",
            "expected_move_on",
            "needs",
            "wishes",
            "preferred_language",
            "interpreter_needed",
            "lost_support",
            "consent_given_on",
            "consent_method",
            "consent_obtained_by",
        ]
        widgets = {
            "display_name": named("off"),
            "notice_given_on": DateInput(),
            "expected_move_on": DateInput(),
            "consent_given_on": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "wishes": forms.Textarea(attrs={"rows": 2}),
            "lost_support": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, by, sending=False, **kwargs):
        instance = kwargs.get("instance")
        people = (
            list(instance.members.values("first_name", "relation", "birth_year"))
            if instance is not None and instance.pk
            else []
        )
        # A new referral opens with rows for a family of four; a draft with two more.
        self.extra_rows = 2 if people else 4
        super().__init__(*args, rows_initial=people, **kwargs)
        self.by = by
        self.sending = sending
        self.fields["origin_area"].queryset = Area.objects.filter(is_transformation_area=True)
        if self.instance.household_id:
            self.fields["existing_reference"].initial = self.instance.household.reference
        # The people are rows now; the text is for what the rows cannot say.
        composition = self.fields["household_composition"]
        composition.label = _("More about the household")
        composition.help_text = _("E.g. 'the eldest son lives with his father every other week'.")

    def clean_existing_reference(self):
        reference = self.cleaned_data["existing_reference"].strip().upper()
        if not reference:
            return None
        # Only a case this consultant referred before (and a bridge-builder accepted) can be
        # named, and any other reference gets the same answer whether or not a case has it:
        # the form must not tell a consultant which references exist.
        referred = Referral.objects.filter(sender=self.by, status=Referral.Status.ACCEPTED)
        household = Household.objects.filter(
            reference=reference, pk__in=referred.values("household")
        ).first()
        if household is None:
            raise forms.ValidationError(
                _(
                    "None of the cases you have referred has the reference %(ref)s. Leave the "
                    "field empty and describe the household: the bridge-builder links it."
                )
                % {"ref": reference}
            )
        return household

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        notice, move = data.get("notice_given_on"), data.get("expected_move_on")
        if notice and move and move < notice:
            self.add_error("expected_move_on", _("The move cannot come before the notice."))
        consent = data.get("consent_given_on")
        if consent and consent > today:
            self.add_error("consent_given_on", _("Consent cannot be dated in the future."))
        if self.sending:
            if not consent:
                self.add_error(
                    "consent_given_on",
                    _("A referral cannot be sent without the household's consent."),
                )
            if not data.get("consent_method"):
                self.add_error("consent_method", _("Record how consent was given."))
        return data

    def save(self, commit=True):
        referral = super().save(commit=False)
        referral.household = self.cleaned_data.get("existing_reference")
        if commit:
            referral.save()
        return referral


class AcceptForm(forms.Form):
    bridge_builder = forms.ModelChoiceField(label=_("Bridge-builder"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bridge_builder"].queryset = bridge_builders()


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Referral.DeclineReason.choices)
    note = forms.CharField(
        label=_("Note to the sender"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MessageForm(OneTimeSubmissionMixin, forms.Form):
    text = forms.CharField(
        label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it reopened?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
