from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, Area, LocalContact, SupportOffer
from brobygning.core.forms import SafeModelMultipleChoiceField, SensibleDatesMixin, VersionedForm
from brobygning.core.models import User
from brobygning.core.places import AddressFieldsMixin
from brobygning.core.roles import Role
from brobygning.core.submissions import OneTimeSubmissionMixin
from brobygning.core.widgets import named
from households import bridge_choices
from households.models import (
    ADULT_AGE,
    OPEN_PHASES,
    Bridge,
    Closure,
    Consent,
    Household,
    HousingOffer,
    JournalEntry,
    Member,
    Move,
    Need,
    Phase,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def bridge_builders():
    return User.objects.with_role(Role.BRIDGE_BUILDER).order_by("first_name", "last_name")


class HouseholdForm(AddressFieldsMixin, forms.ModelForm):
    address_fields = (("origin_address", "origin_postcode", "origin_town"),)

    class Meta:
        model = Household
        fields = [
            "display_name",
            "origin_area",
            "origin_address",
            "origin_postcode",
            "origin_town",
            "rehousing_kind",
            "rehousing_scope",
            "current_rent",
            "preferred_language",
            "interpreter_needed",
            "wishes_home",
            "wishes_area",
            "own_resources",
        ]
        widgets = {
            "display_name": named("off"),
            "wishes_home": forms.Textarea(attrs={"rows": 2}),
            "wishes_area": forms.Textarea(attrs={"rows": 2}),
            "own_resources": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin_area"].queryset = Area.objects.filter(is_transformation_area=True)
        self.fields["current_rent"].min_value = 0
        self.fields["current_rent"].widget.attrs["min"] = 0

    def clean_current_rent(self):
        rent = self.cleaned_data.get("current_rent")
        if rent is not None and rent < 0:
            raise forms.ValidationError(_("The rent cannot be negative."))
        return rent


class HouseholdCreateForm(OneTimeSubmissionMixin, HouseholdForm):
    bridge_builder = forms.ModelChoiceField(
        label=_("Bridge-builder"), queryset=User.objects.none(), required=False
    )

    class Meta(HouseholdForm.Meta):
        fields = [*HouseholdForm.Meta.fields, "bridge_builder"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bridge_builder"].queryset = bridge_builders()


class HouseholdEditForm(VersionedForm, HouseholdForm):
    class Meta(HouseholdForm.Meta):
        pass


class TenancyForm(SensibleDatesMixin, VersionedForm):
    class Meta:
        model = Household
        fields = [
            "old_department",
            "old_rooms",
            "old_area_m2",
            "current_rent",
            "old_deposit",
            "lease_time_limited",
            "termination_received_on",
            "termination_ground",
            "notice_months",
            "termination_effective_on",
        ]
        widgets = {
            "termination_received_on": DateInput(),
            "termination_effective_on": DateInput(),
        }

    def clean(self):
        data = super().clean()
        for field in ("current_rent", "old_deposit"):
            if data.get(field) is not None and data[field] < 0:
                self.add_error(field, _("The amount cannot be negative."))
        received, effective = (
            data.get("termination_received_on"),
            data.get("termination_effective_on"),
        )
        if received and effective and effective < received:
            self.add_error(
                "termination_effective_on", _("The tenancy cannot end before notice was received.")
            )
        return data


class MemberForm(OneTimeSubmissionMixin, VersionedForm):
    class Meta:
        model = Member
        fields = [
            "first_name",
            "birth_year",
            "relation",
            "language",
            "phone",
            "is_interpreter",
            "needs_school_change",
            "needs_daycare",
            "is_elderly",
            "has_disability",
            "early_retirement",
        ]
        widgets = {
            "first_name": named("off"),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if year > this_year:
            raise forms.ValidationError(_("The birth year cannot be in the future."))
        if year < 1900:
            raise forms.ValidationError(_("Enter a birth year after 1900."))
        return year

    def clean(self):
        data = super().clean()
        year = data.get("birth_year")
        if data.get("is_interpreter") and year and timezone.localdate().year - year < ADULT_AGE:
            # Lov nr. 469/2025 (from 1 July 2025): children may not interpret with authorities.
            self.add_error(
                "is_interpreter",
                _("A member under 18 cannot interpret for the household with authorities."),
            )
        return data


class NeedForm(OneTimeSubmissionMixin, VersionedForm):
    class Meta:
        model = Need
        fields = ["category", "member", "status", "note"]

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = household.members.all()
        self.fields["member"].empty_label = _("The whole household")


JOURNAL_SUMMARY_FIELDS = ("note", "what_changed", "next_step")


class JournalEntryForm(OneTimeSubmissionMixin, SensibleDatesMixin, forms.ModelForm):
    class Meta:
        model = JournalEntry
        fields = [
            "kind",
            "occurred_on",
            "note",
            "what_changed",
            "next_step",
            "next_contact_on",
            "duration_minutes",
            "place",
            "participants",
            "confidentiality",
            "shared_with_referrer",
        ]
        widgets = {
            "occurred_on": DateInput(),
            "next_contact_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 4}),
            "what_changed": forms.TextInput(),
            "next_step": forms.TextInput(),
        }
        help_texts = {
            "note": _(
                "Write what the work needs, not more: no health details or other personal "
                "matters unless they matter for the support."
            ),
            "confidentiality": _(
                "Confidential text is never shown to the rehousing consultant or actor contacts."
            ),
        }

    def clean_occurred_on(self):
        occurred = self.cleaned_data["occurred_on"]
        if occurred > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return occurred

    def clean(self):
        data = super().clean()
        occurred, next_contact = data.get("occurred_on"), data.get("next_contact_on")
        if occurred and next_contact and next_contact < occurred:
            self.add_error("next_contact_on", _("The next contact must be after this one."))
        if (
            data.get("shared_with_referrer")
            and data.get("confidentiality") == JournalEntry.Confidentiality.CONFIDENTIAL
        ):
            self.add_error("shared_with_referrer", _("A confidential entry cannot be shared."))
        if not any(data.get(f) for f in JOURNAL_SUMMARY_FIELDS):
            # The rule is about three fields: each carries the message (aria-describedby).
            for field in JOURNAL_SUMMARY_FIELDS:
                self.add_error(field, _("Write a note, what changed or the next step."))
        return data


class PhaseChangeForm(forms.Form):
    to_phase = forms.ChoiceField(label=_("New phase"))
    note = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when going back or skipping a phase."),
    )
    expected_phase = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, household, suggested=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_phase"].choices = [
            (p.value, p.label) for p in OPEN_PHASES if p != household.phase
        ]
        self.fields["to_phase"].initial = suggested
        self.fields["expected_phase"].initial = household.phase


class OfferForm(OneTimeSubmissionMixin, SensibleDatesMixin, AddressFieldsMixin, VersionedForm):
    address_fields = (("address", "postcode", "town"),)

    class Meta:
        model = HousingOffer
        fields = [
            "offer_number",
            "address",
            "postcode",
            "town",
            "receiving_area",
            "housing_organisation",
            "department",
            "rooms",
            "area_m2",
            "net_rent",
            "deposit",
            "floor",
            "has_lift",
            "offered_on",
            "answer_deadline",
            "status",
            "location_suitable",
            "quality_suitable",
            "note",
        ]
        widgets = {"offered_on": DateInput(), "answer_deadline": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s.value, s.label) for s in (HousingOffer.Status.DRAFT, HousingOffer.Status.OFFERED)
        ]
        self.fields["receiving_area"].queryset = Area.objects.filter(is_receiving_area=True)
        self.fields["net_rent"].widget.attrs["min"] = 0

    def clean(self):
        data = super().clean()
        for field in ("net_rent", "deposit"):
            if data.get(field) is not None and data[field] < 0:
                self.add_error(field, _("The amount cannot be negative."))
        deadline, offered = data.get("answer_deadline"), data.get("offered_on")
        if deadline and not self.instance.pk and deadline < timezone.localdate():
            self.add_error("answer_deadline", _("The answer deadline cannot be in the past."))
        if deadline and offered and deadline < offered:
            self.add_error(
                "answer_deadline", _("The answer deadline must be after the offer date.")
            )
        if data.get("rooms") == 0:
            self.add_error("rooms", _("A dwelling has at least one room."))
        return data


class OfferAnswerForm(SensibleDatesMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (s.value, s.label)
            for s in (
                HousingOffer.Status.ACCEPTED,
                HousingOffer.Status.DECLINED,
                HousingOffer.Status.EXPIRED,
                HousingOffer.Status.WITHDRAWN,
            )
        ],
    )
    answered_on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=DateInput())
    decline_reason = forms.ChoiceField(
        label=_("Decline reason"),
        choices=[("", "—"), *HousingOffer.DeclineReason.choices],
        required=False,
    )

    def clean_answered_on(self):
        answered = self.cleaned_data["answered_on"]
        if answered > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return answered


class MoveForm(OneTimeSubmissionMixin, SensibleDatesMixin, AddressFieldsMixin, forms.ModelForm):
    address_fields = (("new_address", "new_postcode", "new_town"),)

    class Meta:
        model = Move
        fields = [
            "offer",
            "moved_on",
            "new_address",
            "new_postcode",
            "new_town",
            "receiving_area",
            "help_on_the_day",
        ]
        widgets = {"moved_on": DateInput()}

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        accepted = household.offers.filter(status=HousingOffer.Status.ACCEPTED).select_related(
            "receiving_area"
        )
        self.fields["offer"].queryset = accepted
        self.fields["receiving_area"].queryset = Area.objects.filter(is_receiving_area=True)
        offer = accepted.first()
        if offer and not self.is_bound:
            self.initial.update(
                offer=offer.pk,
                new_address=offer.address,
                new_postcode=offer.postcode,
                new_town=offer.town,
                receiving_area=offer.receiving_area_id,
            )


class MoveDateForm(SensibleDatesMixin, VersionedForm):
    class Meta:
        model = Move
        fields = ["moved_on"]
        labels = {"moved_on": _("New move date")}
        widgets = {"moved_on": DateInput()}


class ClosureForm(OneTimeSubmissionMixin, SensibleDatesMixin, forms.ModelForm):
    class Meta:
        model = Closure
        fields = [
            "closed_on",
            "practical_in_order",
            "no_longer_asks_for_help",
            "assessment",
            "justification",
        ]
        widgets = {
            "closed_on": DateInput(),
            "assessment": forms.Textarea(attrs={"rows": 3}),
            "justification": forms.Textarea(attrs={"rows": 2}),
        }

    KEEP, CANCEL = "keep", "cancel"

    def __init__(self, *args, open_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("practical_in_order", "no_longer_asks_for_help"):
            self.fields[name].required = False
        # Per open item (households.closure): keep it open, or cancel it with a reason.
        self.open_items = list(open_items)
        for item in self.open_items:
            self.fields[f"decision_{item.key}"] = forms.ChoiceField(
                label=item.title,
                choices=[(self.KEEP, _("Keep open")), (self.CANCEL, _("Cancel it"))],
                initial=self.KEEP,
                # Not chosen (a form shown before the item existed) means kept.
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            self.fields[f"reason_{item.key}"] = forms.CharField(
                label=_("Why is it cancelled?"),
                required=False,
                max_length=500,
                help_text=_("Only when you cancel it."),
            )

    @property
    def closure_fields(self):
        return [self[name] for name in self.Meta.fields]

    @property
    def item_rows(self):
        return [
            {
                "item": item,
                "decision": self[f"decision_{item.key}"],
                "reason": self[f"reason_{item.key}"],
            }
            for item in self.open_items
        ]

    def cancellations(self) -> dict:
        """Open item key → the reason, for each item the user chose to cancel."""
        return {
            item.key: self.cleaned_data[f"reason_{item.key}"]
            for item in self.open_items
            if self.cleaned_data.get(f"decision_{item.key}") == self.CANCEL
        }

    def clean_closed_on(self):
        closed = self.cleaned_data["closed_on"]
        if closed > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return closed

    # Whether the criteria need a justification, and cancelling needs a reason, is decided
    # by households.services.household_close; its refusal is shown on this form.


class ReopenForm(forms.Form):
    to_phase = forms.ChoiceField(
        label=_("Back to phase"),
        choices=[(p.value, p.label) for p in OPEN_PHASES],
        initial=Phase.ONGOING,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(forms.Form):
    bridge_builder = forms.ModelChoiceField(label=_("Bridge-builder"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bridge_builder"].queryset = bridge_builders()


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.filter(is_transformation_area=True), required=False
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    include_closed = forms.BooleanField(label=_("Show closed cases"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("All phases")), *Phase.choices]
        self.fields["area"].empty_label = _("All areas")


class ConsentForm(OneTimeSubmissionMixin, SensibleDatesMixin, forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["given_on", "method", "covers_all_actors", "actors", "purpose"]
        widgets = {"given_on": DateInput(), "actors": forms.CheckboxSelectMultiple}
        field_classes = {"actors": SafeModelMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actors"].queryset = Actor.objects.filter(is_active=True).order_by("name")

    def clean(self):
        data = super().clean()
        given = data.get("given_on")
        if given and given > timezone.localdate():
            self.add_error("given_on", _("Consent cannot be dated in the future."))
        if not data.get("covers_all_actors") and not data.get("actors"):
            self.add_error(
                "actors", _("Choose the actors the consent covers, or tick 'every actor'.")
            )
        return data


class BridgeForm(OneTimeSubmissionMixin, SensibleDatesMixin, forms.ModelForm):
    class Meta:
        model = Bridge
        fields = [
            "support_offer",
            "local_contact",
            "member",
            "need",
            "legal_basis",
            "note",
            "wished_start",
            "note_to_actor",
        ]
        widgets = {
            "wished_start": DateInput(),
            "note_to_actor": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
        }

    def __init__(self, *args, household, show_all=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Any active offer or contact is valid; the lists show the receiving area's first.
        self.fields["support_offer"].queryset = (
            SupportOffer.objects.filter(is_active=True, actor__is_active=True)
            .select_related("actor")
            .order_by("actor__name", "name")
        )
        self.fields["support_offer"].choices = bridge_choices.offer_choices(
            household, show_all=show_all
        )
        self.fields["local_contact"].queryset = LocalContact.objects.filter(
            is_active=True
        ).select_related("area")
        self.fields["local_contact"].choices = bridge_choices.contact_choices(
            household, show_all=show_all
        )
        self.fields["member"].queryset = household.members.all()
        self.fields["member"].empty_label = _("The whole household")
        self.fields["need"].queryset = household.needs.all()
        if not self.is_bound and not self.initial.get("need"):
            self.initial["need"] = bridge_choices.needs_preselected(household)

    def clean(self):
        data = super().clean()
        if bool(data.get("support_offer")) == bool(data.get("local_contact")):
            raise forms.ValidationError(_("Choose either a support offer or a local contact."))
        start = data.get("wished_start")
        today = timezone.localdate()
        if start and not today <= start <= today + timedelta(days=2 * 366):
            self.add_error(
                "wished_start", _("Choose a start date from today and up to two years ahead.")
            )
        return data


class BridgeRequestForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Reason for sending without consent (managers only)"),
        required=False,
        max_length=500,
    )


class BridgeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Bridge.Status.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class BridgeAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            ("confirm", _("Confirm")),
            ("decline", _("Decline")),
            ("ask", _("Ask a question")),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. 'Daycare place from 1 August at Børnehuset Solsikken'."),
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to open this case?"),
        min_length=10,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The reason is logged and shown to the case's bridge-builder."),
    )
