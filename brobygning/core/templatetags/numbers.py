"""Amounts of money the way each language writes them: "5.400" / "5,400" with the thousands
separator, and the øre only when there are some ("5.400,50"), never "5.400,00".

Every other number on a page is grouped by `USE_THOUSAND_SEPARATOR` and the language's format
module (brobygning/formats); identifiers and years go through `|unlocalize`."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()


def money(value) -> str:
    """The amount grouped in thousands, with two decimals only when it is not whole; "" for
    an empty value."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    whole = amount == amount.to_integral_value()
    return formats.number_format(
        amount.quantize(Decimal(1)) if whole else amount,
        decimal_pos=0 if whole else 2,
        force_grouping=True,
    )


register.filter("money", money)
