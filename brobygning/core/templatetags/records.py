"""Access-log rows named for people: "Journal entry #10", not "journal_entry 10"."""

from django import template

from brobygning.core.readable import action_label as _action_label
from brobygning.core.readable import detail_label as _detail_label
from brobygning.core.readable import target_label as _target_label

register = template.Library()


@register.filter
def target_label(row) -> str:
    """What an access-log row read, searched or exported, translated."""
    return _target_label(row.target_type, row.target_id)


@register.filter
def detail_label(row) -> str:
    """How an access-log row read the record ("Printable page" for "html"), translated."""
    return _detail_label(row.detail)


@register.filter
def action_label(entry) -> str:
    """A change-history entry's action ("Created", "Changed"…), translated."""
    return _action_label(entry)
