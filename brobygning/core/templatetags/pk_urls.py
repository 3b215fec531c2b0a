"""`{% pk_url "actors:offer_detail" offer.pk %}`: `{% url %}` for a URL whose one argument is
an integer id, at the cost of one reverse() per name and page.

A list page links every row to its object; reverse() resolves the namespace and matches the
pattern's converters each time (~20 µs), which for 50 links was a tenth of the directory's
own time. The URL of one id is reversed once per render, with a marker for the id, and the
other ids are put in its place. Same output as `{% url name pk %}`, escaped the same way.
"""

from django import template
from django.urls import reverse

register = template.Library()

MARKER = str(2**62)


def pk_url_maker(name):
    """`pk -> reverse(name, args=[pk])` for the integer ids of one list."""
    parts = reverse(name, args=[MARKER]).split(MARKER)
    if len(parts) != 2:  # the marker elsewhere in the path too: reverse each id
        return lambda pk: reverse(name, args=[pk])
    head, tail = parts
    return lambda pk: f"{head}{int(pk)}{tail}"


@register.simple_tag(takes_context=True)
def pk_url(context, name, pk):
    # Kept for the whole render (an included template's own render context starts empty).
    makers = context.render_context.dicts[0].setdefault("pk_urls", {})
    if name not in makers:
        makers[name] = pk_url_maker(name)
    return makers[name](pk)  # escaped by simple_tag when autoescaping, as {% url %} is
