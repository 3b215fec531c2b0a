"""Template helpers for the one error summary every form shows (includes/form_errors.html)."""

from django import template

register = template.Library()


@register.filter
def error_links(form):
    """(anchor id or "", label, message) for each error of `form`: the form's own rules first,
    then the fields in the order they are shown, each linking to its input. A message given
    to several fields (a rule about them together) is listed once, naming them all."""
    if not hasattr(form, "non_field_errors"):
        return []
    rows = [["", "", error] for error in form.non_field_errors()]
    by_message = {}
    for field in form:
        for error in field.errors:
            anchor = "" if field.is_hidden else (field.id_for_label or field.auto_id or "")
            if error in by_message:  # one rule about several fields: one line, first field
                by_message[error][1] += f", {field.label}"
                continue
            by_message[error] = [anchor, str(field.label or ""), error]
            rows.append(by_message[error])
    return [tuple(row) for row in rows]


@register.filter
def has_required_fields(form):
    return any(field.field.required for field in getattr(form, "visible_fields", list)())
