"""The two ways a view hands a POST to a service: a form post and a button post. Every view
that writes goes through one of them, so a refusal from the service looks the same everywhere
and nothing a refused service wrote is kept.

- `post_form`: a page with a form. Valid and saved → a success message and a redirect; shown,
  invalid or refused by the service → the page again, with the errors (status 400).
- `post_button`: a button (with at most a small form of its own) on another page. Done → a
  success message; refused → the refusal as an error message; either way back to a page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from brobygning.core.forms import NOT_SAVED, save_valid_post


def _say(success, result):
    return success(result) if callable(success) else success


def post_form(request, form, save, *, success, to=None, done=None, template, context=None):
    """Render `form` on `template`; on a valid POST call `save(form)` (in a transaction, see
    `save_valid_post`), say `success` (text, or a function of the result) and redirect to
    `to(result)`, or return `done(result)` (a page that cannot be reached again, say).
    `context` is a dict, or a function returning one that is called only when the page is
    shown (a read to log, say)."""
    result = save_valid_post(request, form, save, url=to)
    if isinstance(result, HttpResponse):  # the form was submitted again: nothing saved
        return result
    if result is not NOT_SAVED:
        if text := _say(success, result):
            messages.success(request, text)
        return done(result) if done else redirect(to(result))
    extra = context() if callable(context) else context or {}
    return render(request, template, {"form": form, **extra}, status=400 if form.errors else 200)


def post_button(request, action, *, success, back, to=None, form=None, invalid=""):
    """Run `action()` in a transaction; say `success` (text, or a function of the result) and
    redirect to `to(result)`, or to `back`. A refusal (ValidationError) is shown as an error
    message and leads `back`, with nothing saved. With `form`, an invalid form is refused with
    the message `invalid` before the action runs."""
    if form is not None and not form.is_valid():
        messages.error(request, invalid or " ".join(form.non_field_errors()))
        return redirect(back)
    try:
        with transaction.atomic():
            result = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if text := _say(success, result):  # a function may say something else itself (a warning)
        messages.success(request, text)
    return redirect(to(result) if to else back)
