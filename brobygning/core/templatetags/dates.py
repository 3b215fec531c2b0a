"""The date cases plain `|date` does not cover. Every other date on a page is `|date`
(or `|date:"DATETIME_FORMAT"`), written by the language's format module
(brobygning/formats)."""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def ago(value: datetime | None) -> str:
    """ "5 minutes ago" (the largest unit only); "just now" under a minute, never
    "0 minutes ago"."""
    if not value:
        return ""
    if timezone.now() - value < timedelta(minutes=1):
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(value, depth=1)}
