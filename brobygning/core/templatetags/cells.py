"""A row's figures as table cells, each linked to the cases behind it, in one tag.

`{% linked_cells values %}` gives what
`{% for value in values %}<td class="text-end">{{ value.linked }}</td>{% endfor %}` gives,
without the loop's context push and two variable lookups per cell, and with the case list's
URL looked up once per row rather than per cell: a table of twenty rows of ten figures is
two hundred cells.
"""

from django import template
from django.utils.html import format_html, format_html_join

from brobygning.core.suppression import cases_url, linked

register = template.Library()

CELL = '<td class="text-end">{}</td>'


@register.simple_tag
def linked_cells(values) -> str:
    """`values` are figures (`suppression.Linked`: a Cell, a Share) or None (an empty cell).
    One format_html for the row: it escapes a figure shown without a link and keeps a link
    as `linked` made it."""
    url = cases_url()
    cells = ["" if value is None else linked(value, url) for value in values]
    return format_html(CELL * len(cells), *cells) if cells else ""


@register.simple_tag
def plain_cells(values) -> str:
    """`{% for value in values %}<td class="text-end">{{ value }}</td>{% endfor %}` in one
    tag: figures shown without a link (escaped as the loop would)."""
    return format_html_join("", CELL, ((value,) for value in values))
