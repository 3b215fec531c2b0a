"""What our own code can fix in Django's admin for WCAG 2.2 AA (the rest is listed in the
accessibility statement, templates/accessibility.html).

* The split date and time inputs have no label of their own: each gets an accessible name.
* The selects and inputs of a tabular inline sit under a column heading, which is no label:
  each gets its column's name.
* A list filter over a text field offers the empty value as a link with no text.
The breadcrumb contrast and the small filter links are fixed in static/css/admin.css.
"""

from django.contrib import admin
from django.contrib.admin import widgets
from django.contrib.admin.options import FORMFIELD_FOR_DBFIELD_DEFAULTS
from django.db import models
from django.utils.translation import gettext_lazy as _


class LabelledSplitDateTime(widgets.AdminSplitDateTime):
    """The admin's date and time inputs, each named ("Date", "Time") as the text beside it."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = _("Date")
        self.widgets[1].attrs["aria-label"] = _("Time")


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose fields are named by their column heading."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and not formfield.widget.is_hidden:
            formfield.widget.attrs.setdefault("aria-label", formfield.label)
        return formfield


class NamedValuesListFilter(admin.AllValuesFieldListFilter):
    """AllValuesFieldListFilter whose link for an empty text value says so instead of
    being a link with no name."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if not str(choice["display"]).strip():
                choice = {**choice, "display": _("(none)")}
            yield choice


def label_admin_date_inputs(site=admin.site):
    """Use LabelledSplitDateTime for every DateTimeField in the admin. Called once all
    ModelAdmins are registered (each copies the defaults when it is made)."""
    FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField]["widget"] = LabelledSplitDateTime
    for model_admin in site._registry.values():
        override = model_admin.formfield_overrides.setdefault(models.DateTimeField, {})
        if override.get("widget", widgets.AdminSplitDateTime) is widgets.AdminSplitDateTime:
            override["widget"] = LabelledSplitDateTime
