from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import (
    Actor,
    Agreement,
    Area,
    AreaCriterionValue,
    ContactPerson,
    CriterionThreshold,
    LocalContact,
    SupportOffer,
)
from actors.needs import NeedCategory
from brobygning.core.forms import SafeModelMultipleChoiceField, VersionedForm
from brobygning.core.models import User
from brobygning.core.roles import Role
from brobygning.core.submissions import OneTimeSubmissionMixin
from brobygning.core.widgets import PhoneInput, named


def _rows(rows):
    return forms.Textarea(attrs={"rows": rows})


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    need = forms.ChoiceField(label=_("Need"), required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", _("All needs")), *NeedCategory.choices]
        self.fields["area"].empty_label = _("All areas")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class ActorForm(OneTimeSubmissionMixin, VersionedForm):
    class Meta:
        model = Actor
        fields = [
            "name",
            "kind",
            "municipality_code",
            "phone",
            "email",
            "website",
            "is_active",
            "note",
        ]
        widgets = {"note": _rows(3), "name": named("organization"), "phone": PhoneInput()}


class ContactPersonForm(OneTimeSubmissionMixin, VersionedForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "phone", "email", "languages", "user", "is_active"]
        widgets = {"name": named("name"), "phone": PhoneInput()}
        help_texts = {
            "user": _("Link the login of an actor contact who answers requests for this unit."),
        }

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.with_role(Role.ACTOR_CONTACT).order_by(
            "first_name", "last_name"
        )
        if not ContactPerson.may_reroute(by):
            # Shown read-only; a disabled field keeps the saved value whatever is posted.
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _(
                "Only a manager can change the e-mail address: answer links to requests "
                "are sent to it."
            )
            del self.fields["user"]
            if self.instance.pk and not self.instance.is_active:
                # Reactivating a contact would send requests to its address again.
                self.fields["is_active"].disabled = True


class SupportOfferForm(OneTimeSubmissionMixin, VersionedForm):
    need_categories = forms.MultipleChoiceField(
        label=_("Needs it meets"),
        choices=NeedCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SupportOffer
        fields = [
            "actor",
            "name",
            "need_categories",
            "description",
            "target_group",
            "how_to_refer",
            "areas",
            "agreement",
            "is_active",
        ]
        widgets = {
            "description": _rows(3),
            "target_group": _rows(2),
            "how_to_refer": _rows(2),
            "areas": forms.CheckboxSelectMultiple,
        }
        field_classes = {"areas": SafeModelMultipleChoiceField}

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        actors = Actor.objects.filter(is_active=True)
        if self.instance.actor_id:
            actors = Actor.objects.filter(pk=self.instance.actor_id) | actors
        self.fields["actor"].queryset = actors
        if self.instance.pk and not ContactPerson.may_reroute(by):
            # Moving an offer to another actor is a manager's act (the service refuses it
            # too); a disabled field keeps the saved actor whatever is posted.
            self.fields["actor"].disabled = True
            self.fields["actor"].help_text = _("Only a manager can move an offer to another actor.")
        self.fields["agreement"].queryset = Agreement.objects.select_related("actor")
        self.fields["agreement"].label_from_instance = lambda a: f"{a.actor.name}: {a.title}"
        if self.instance.pk:
            self.initial["need_categories"] = self.instance.need_categories


class AreaForm(VersionedForm):
    """The descriptive fields bridge-builders keep up to date; the rest is admin data."""

    class Meta:
        model = Area
        fields = ["facilities", "has_social_housing_plan", "homes_count"]
        widgets = {"facilities": _rows(5)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["homes_count"].min_value = 1
        self.fields["homes_count"].widget.attrs["min"] = 1

    def clean_homes_count(self):
        count = self.cleaned_data.get("homes_count")
        if count is not None and count < 1:
            raise forms.ValidationError(_("An area has at least one home."))
        return count


class LocalContactForm(OneTimeSubmissionMixin, VersionedForm):
    class Meta:
        model = LocalContact
        fields = ["name", "kind", "phone", "email", "note", "is_active"]
        widgets = {"note": _rows(3), "name": named("name"), "phone": PhoneInput()}


class AreaCriterionValueForm(forms.ModelForm):
    """Used by the admin; the range rule comes from the model's clean()."""

    class Meta:
        model = AreaCriterionValue
        fields = ["area", "year", "criterion", "value", "source", "data_year"]


class CriterionThresholdForm(forms.ModelForm):
    class Meta:
        model = CriterionThreshold
        fields = ["criterion", "list_status", "value", "valid_from"]
