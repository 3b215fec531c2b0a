"""The household as rows of people (first name or initials, relation, birth year).

The referral form takes the referred household this way, and the case page adds several
members at once with the same rows. Without JavaScript the form carries empty rows to fill
in; with it, "Add person" copies the empty row (static/js/app.js). A row left empty is
skipped, so clearing a row removes the person.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brobygning.core.submissions import OneTimeSubmissionMixin
from households.models import Member

PREFIX = "members"
MAX_ROWS = 20  # a household larger than this is a typing slip or an attack
EARLIEST_BIRTH_YEAR = 1900
FIELDS = ("first_name", "relation", "birth_year")


class MemberRowForm(forms.Form):
    first_name = forms.CharField(label=_("First name or initials"), max_length=60, required=False)
    relation = forms.ChoiceField(
        label=_("Relation"), choices=[("", "---------"), *Member.Relation.choices], required=False
    )
    birth_year = forms.IntegerField(label=_("Birth year"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        year = self.fields["birth_year"]
        year.widget.attrs.update(
            {"min": EARLIEST_BIRTH_YEAR, "max": this_year, "inputmode": "numeric"}
        )
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if year is None:
            return year
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("The birth year cannot be in the future."))
        if year < EARLIEST_BIRTH_YEAR:
            raise forms.ValidationError(_("Enter a birth year after 1900."))
        return year

    def clean(self):
        data = super().clean()
        filled = [name for name in FIELDS if data.get(name) not in (None, "")]
        if filled and not self.errors:
            missing = {
                "first_name": _("Write a first name or initials."),
                "relation": _("Choose the relation."),
                "birth_year": _("Write the birth year."),
            }
            for name in FIELDS:
                if name not in filled:
                    self.add_error(name, missing[name])
        return data

    @property
    def is_blank(self):
        data = getattr(self, "cleaned_data", {}) or {}
        return not any(data.get(name) not in (None, "") for name in FIELDS)


class BaseMemberRows(forms.BaseFormSet):
    def people(self) -> list[dict]:
        """The filled rows as {first_name, relation, birth_year}, in the order typed."""
        return [
            {name: form.cleaned_data[name] for name in FIELDS}
            for form in self.forms
            if not form.is_blank
        ]


def member_rows(data=None, *, initial=(), extra=2):
    """The rows of a form: `initial` people first, then `extra` empty rows. A POST without the
    rows (a client that never loaded the form) has none."""
    formset = forms.formset_factory(
        MemberRowForm,
        formset=BaseMemberRows,
        extra=extra,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )
    if data is not None and f"{PREFIX}-TOTAL_FORMS" not in data:
        data = None
    return formset(data, initial=list(initial) or None, prefix=PREFIX)


class MemberRowsMixin:
    """For a form that carries the rows (as `form.rows`): the form is valid only when the rows
    are, and their errors are summed up at the top of the form too."""

    extra_rows = 2

    def __init__(self, *args, rows_initial=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = member_rows(
            self.data if self.is_bound else None,
            initial=rows_initial,
            extra=self.extra_rows,
        )

    def clean(self):
        data = super().clean()
        if self.rows.is_bound and not self.rows.is_valid():
            self.add_error(None, _("Check the rows of people: some are not filled in right."))
        return data

    def people(self) -> list[dict] | None:
        """The filled rows; None when the POST carried no rows at all."""
        return self.rows.people() if self.rows.is_bound else None


class MemberRowsForm(MemberRowsMixin, OneTimeSubmissionMixin, forms.Form):
    """The case page's "Add members": several people at once (saved once, however often the
    form is sent: brobygning.core.submissions)."""

    extra_rows = 3

    def clean(self):
        data = super().clean()
        if not (self.rows.is_bound and self.rows.is_valid() and self.rows.people()):
            self.add_error(None, _("Fill in at least one person."))
        return data
