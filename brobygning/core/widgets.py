"""Inputs that tell the browser what they hold: a phone keypad and the autofill hints
(WCAG 1.3.5, "identify input purpose")."""

from django import forms


class PhoneInput(forms.TextInput):
    """type="tel" (the phone keypad on a phone) and autocomplete="tel"."""

    input_type = "tel"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "tel", **(attrs or {})})


def named(token: str) -> forms.TextInput:
    """A text input with an autocomplete token: "name", "organization", or "off" for the name
    of a household or one of its members, which the browser must not offer on the next case."""
    return forms.TextInput(attrs={"autocomplete": token})
