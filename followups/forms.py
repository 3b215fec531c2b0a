from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brobygning.core.forms import SensibleDatesMixin
from brobygning.core.submissions import OneTimeSubmissionMixin
from followups.models import Event, FollowUp, Invitation, NotificationPreference
from households.forms import DateInput, bridge_builders
from households.models import Household


class FollowUpForm(OneTimeSubmissionMixin, SensibleDatesMixin, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["title", "due_on", "assignee"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        # Only someone who may see the case: its bridge-builder or a colleague of the team.
        scope = Q(pk=household.bridge_builder_id)
        if household.team_id:
            scope |= Q(team_id=household.team_id)
        self.fields["assignee"].queryset = bridge_builders().filter(scope)
        self.fields["title"].required = True

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due


class CompleteForm(SensibleDatesMixin, forms.Form):
    visit_offered = forms.TypedChoiceField(
        label=_("Was a visit offered?"),
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    visit_answer = forms.ChoiceField(
        label=_("The household's answer"),
        choices=[("", "—"), *FollowUp.VisitAnswer.choices],
        required=False,
    )
    visit_on = forms.DateField(label=_("Visit date"), required=False, widget=DateInput())
    outcome_note = forms.CharField(label=_("Outcome"), required=False, max_length=500)

    def __init__(self, *args, followup, **kwargs):
        super().__init__(*args, **kwargs)
        if followup.kind != FollowUp.Kind.POST_MOVE_VISIT:
            for name in ("visit_offered", "visit_answer", "visit_on"):
                del self.fields[name]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=500)


class PreferenceForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = dict(user.notification_preferences.values_list("event", "channel"))
        for event, label in NotificationPreference.Event.choices:
            self.fields[event] = forms.ChoiceField(
                label=label,
                choices=NotificationPreference.Channel.choices,
                initial=chosen.get(event, NotificationPreference.DEFAULT),
                widget=forms.RadioSelect,
            )


class EventForm(OneTimeSubmissionMixin, SensibleDatesMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = ["kind", "title", "starts_at", "place", "area", "description"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class InviteForm(forms.Form):
    household = forms.ModelChoiceField(label=_("Household"), queryset=Household.objects.none())

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households


class InvitationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Invitation.Status.choices)
