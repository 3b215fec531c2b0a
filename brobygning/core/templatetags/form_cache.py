"""`{% cacheform form %}…{% endcacheform %}`: render an unbound form's fields once per process.

A list page's filter form, before anyone filters, is the same HTML for every user who sees it
in the same language: crispy-forms renders each field through half a dozen templates and each
option of a select through two more, which costs a 25-row page more than its rows. Inside the
block goes only what depends on the form and the language (the fields, never `{% csrf_token %}`
or anything about the user). The cache key is the block, the language, the form's prefix and
initial values and every choice of every field, so a new or renamed area gives a new key; the
choices of a model field are read once (the query rendering would have run) and handed to the
field, so a miss does not query twice. A bound form (the user's own search, its errors) is
rendered as usual, never cached — unless the block says `{% cacheform form bound a b %}`:
then a bound form without errors is cached under the bound values of fields `a` and `b` (the
fields the block renders, by default all). That is for fields whose value is a choice or a
date (the dashboard's filters), never free text a user typed; naming the fields lets the
selects be cached apart from the dates, which change with every period asked for. Entries
live in this process's memory, bounded; a deployment (new templates or translations) starts
with an empty cache.
"""

from collections import OrderedDict
from threading import Lock

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

MAX_ENTRIES = 256
_cache: OrderedDict = OrderedDict()
_lock = Lock()


def _choice_key(choices):
    return tuple(
        (str(value), str(label))
        if not isinstance(label, list | tuple)
        else (str(value), _choice_key(label))
        for value, label in choices
    )


def form_key(form):
    """What an unbound form's HTML depends on, besides the template and the language:
    worked out once per form (a page may render a form in several blocks)."""
    if (key := getattr(form, "_cacheform_key", None)) is None:
        key = form._cacheform_key = _form_key(form)
    return key


def _form_key(form):
    parts = [form.prefix, repr(sorted(form.initial.items(), key=lambda item: item[0]))]
    for name, field in form.fields.items():
        parts.append(
            (name, repr(field.initial), field.disabled, field.required, repr(field.widget.attrs))
        )
        if hasattr(field, "choices"):
            choices = list(iter(field.choices))  # iter(): no COUNT query for a length hint
            field.choices = choices  # evaluated once, reused when the block renders
            parts.append(_choice_key(choices))
    return tuple(parts)


def clear():
    with _lock:
        _cache.clear()


def bound_key(form, names=()):
    """What a bound form's HTML depends on besides `form_key`: the bound value of each field
    of `names` (by default every field)."""
    return tuple((name, repr(form[name].value())) for name in names or form.fields)


class CacheFormNode(template.Node):
    def __init__(self, form, nodelist, bound=False, names=()):
        self.form, self.nodelist, self.bound, self.names = form, nodelist, bound, names

    def render(self, context):
        form = self.form.resolve(context)
        if form is None or (form.is_bound and not (self.bound and form.is_valid())):
            return self.nodelist.render(context)
        # The block's place in its template (stable while the process runs).
        key = (self.origin.name, self.token.position, get_language(), form_key(form))
        if form.is_bound:
            key += (bound_key(form, self.names),)
        with _lock:
            html = _cache.get(key)
            if html is not None:
                _cache.move_to_end(key)
                return html
        html = mark_safe(self.nodelist.render(context))  # noqa: S308 (rendered by the template engine)
        with _lock:
            _cache[key] = html
            while len(_cache) > MAX_ENTRIES:
                _cache.popitem(last=False)
        return html


@register.tag
def cacheform(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or (len(bits) > 2 and bits[2] != "bound"):
        raise template.TemplateSyntaxError(
            "{% cacheform form [bound field …] %} takes one form, then optionally `bound` and "
            "the fields the block renders."
        )
    nodelist = parser.parse(("endcacheform",))
    parser.delete_first_token()
    return CacheFormNode(
        parser.compile_filter(bits[1]), nodelist, bound=len(bits) > 2, names=tuple(bits[3:])
    )
