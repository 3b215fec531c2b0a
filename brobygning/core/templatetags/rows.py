"""What `{% url %}` and `|date` cost once per row of a list, paid once per process.

On a page of rows most of the template's time goes to two things repeated per row: reversing
a URL that differs from the previous row's only in the id at its end (the URL resolver tries
each pattern and checks the candidate against it), and formatting a day (the format string
parsed again, the month's name translated again). Both give the same text as the built-ins.

* `{% row_url 'households:journal_detail' household.pk entry.pk %}` takes the arguments of
  `{% url %}` and gives its URL. The URL is reversed once with a placeholder for the last
  argument, and every row fills in its own id: an id is digits, which reversing never quotes,
  so the URL is the one `{% url %}` gives. The reversed parts are remembered per view name,
  leading arguments, language, script prefix and URLconf, so a page's links to one case (the
  case page has some twenty) cost a string each after the first request. A last argument that
  is not a non-negative int is reversed as usual.
* `{{ day|day }}` is `{{ day|date }}` for a `date`, remembered per language and day (a
  timeline of thirty rows shows a handful of days). Anything else, a datetime included (it is
  shown in local time), goes to `|date`.
"""

from datetime import date
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import date as date_filter
from django.template.defaulttags import URLNode, url
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

# Stands for the id while the URL is reversed: an int no row's id reaches.
PLACEHOLDER = 9_081_726_354_453_627


class RowURLNode(URLNode):
    def render(self, context):
        *leading, last = (arg.resolve(context) for arg in self.args)
        if type(last) is not int or last < 0:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        # Looked up once per render and tag, so each row costs a dictionary look-up.
        key = (self, view_name, *leading)
        parts = context.render_context.get(key)
        if parts is None:
            parts = context.render_context[key] = _parts_for(context, view_name, leading)
        if parts is None:
            return super().render(context)
        row = f"{parts[0]}{last}{parts[1]}"
        return conditional_escape(row) if context.autoescape else row


def _parts_for(context, view_name, leading):
    try:
        current_app = context.request.current_app
    except AttributeError:
        try:
            current_app = context.request.resolver_match.namespace
        except AttributeError:
            current_app = None
    try:
        return _cached_url_parts(
            view_name,
            tuple(leading),
            current_app,
            get_language(),
            get_script_prefix(),
            get_urlconf(),
        )
    except TypeError:  # an argument that cannot be part of a key
        return _url_parts(view_name, leading, current_app)


@lru_cache(maxsize=4096)
def _cached_url_parts(view_name, leading, current_app, language, script_prefix, urlconf):
    """`_url_parts`, remembered: what reversing gives depends on the arguments and on the
    active language, script prefix and URLconf, which are all in the key."""
    return _url_parts(view_name, leading, current_app)


def _url_parts(view_name, leading, current_app=None):
    """(before, after) the row's id in the reversed URL; None when the placeholder cannot be
    told apart from the rest of the path."""
    pattern = reverse(view_name, args=[*leading, PLACEHOLDER], current_app=current_app)
    head, found, tail = pattern.rpartition(str(PLACEHOLDER))
    return (head, tail) if found and str(PLACEHOLDER) not in head else None


def row_url_maker(view_name, *leading):
    """`pk -> reverse(view_name, args=[*leading, pk])` for the integer ids of one list, for
    views that build a list's links in Python: one reverse() per list."""
    parts = _url_parts(view_name, leading)
    if parts is None:
        return lambda pk: reverse(view_name, args=[*leading, pk])
    head, tail = parts
    return lambda pk: f"{head}{int(pk)}{tail}"


@register.tag
def row_url(parser, token):
    """`{% row_url %}`: `{% url %}` for a row; positional arguments, the row's id last."""
    node = url(parser, token)
    if node.kwargs or node.asvar or not node.args:
        raise template.TemplateSyntaxError(
            "row_url takes the view name and positional arguments, the row's id last"
        )
    return RowURLNode(node.view_name, node.args, node.kwargs, node.asvar)


@lru_cache(maxsize=4096)
def _day(value, language):
    return date_format(value)  # the active language's DATE_FORMAT: `language` is in the key


@receiver(setting_changed)
def _forget(**kwargs):
    # A test that changes a format, the languages or the URLconf.
    _day.cache_clear()
    _cached_url_parts.cache_clear()


@register.filter(expects_localtime=True, is_safe=False)
def day(value):
    """`|date` for a day, remembered (see the module's docstring)."""
    if type(value) is not date:
        return date_filter(value)
    return _day(value, get_language())
