"""`get_FOO_display()` without rebuilding the field's choices on every call.

Django's `Model._get_FIELD_display` turns the field's whole list of choices into a dictionary
each time it is called; list pages call it for every row (a phase badge, a status, each need
category of each offer), and for the need categories that dictionary has some twenty entries.
Models that mix this in build it once per field. Same result: the labels stay lazy, so they
are translated into the language of the request that shows them.
"""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def choice_label(field, value):
    """The label of `value` among `field`'s choices, else the value itself: what
    `get_FOO_display()` returns, for a value read without a model instance (`values()`)."""
    labels = field.__dict__.get("_choice_labels")
    if labels is None:
        labels = field._choice_labels = dict(make_hashable(field.flatchoices))
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


class ChoiceLabelsMixin:
    def _get_FIELD_display(self, field):  # noqa: N802 (Django's name)
        return choice_label(field, getattr(self, field.attname))
