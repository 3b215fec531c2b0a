"""Danish postcodes and municipalities, from the lists shipped in brobygning/core/data.

An address is kept as street, postcode and town: the postcode is four digits from the
postcode table and fills in the town when the town is left empty. Municipalities are chosen
from the 98 by their official code (kommunekode)."""

import csv
import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data"
POSTCODE_RE = re.compile(r"^\d{4}$")
# "Granparken 12, 2. th., 5240 Odense NØ": the last ", NNNN Town" of an address.
ADDRESS_RE = re.compile(r"^(?P<street>.*?),?\s*(?P<postcode>\d{4})\s+(?P<town>[^,\d][^,]*)$")


def _rows(name):
    with open(DATA / name, encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        yield from csv.reader(lines, delimiter=";")


@cache
def postcodes() -> dict[str, str]:
    """{"5240": "Odense NØ", ...}, the ranges spelled out."""
    table = {}
    for code, town in _rows("postcodes_dk.csv"):
        first, _sep, last = code.partition("-")
        for number in range(int(first), int(last or first) + 1):
            table[f"{number:04d}"] = town
    return table


@cache
def municipalities() -> dict[str, str]:
    """{"101": "København", "461": "Odense", ...}: the 98 municipalities by code."""
    return {code: name for code, name in _rows("municipalities_dk.csv")}


def municipality_choices():
    """(code, name) of the 98, by name."""
    return sorted(municipalities().items(), key=lambda item: item[1])


def municipality_name(code: str) -> str:
    return municipalities().get(code or "", "")


def municipality_code(name: str) -> str:
    """The code of a municipality named `name` ("Aarhus", "københavn"); "" if none."""
    wanted = (name or "").strip().casefold()
    if wanted.endswith(" kommune"):
        wanted = wanted.removesuffix(" kommune")
    return next(
        (code for code, known in municipalities().items() if known.casefold() == wanted), ""
    )


def town_for(postcode: str) -> str:
    return postcodes().get((postcode or "").strip(), "")


def validate_postcode(value: str) -> None:
    """Four digits, and a postcode in use."""
    if not POSTCODE_RE.match(value or ""):
        raise ValidationError(_("Enter a postcode of four digits."), code="postcode_format")
    if value not in postcodes():
        raise ValidationError(
            _("%(postcode)s is not a Danish postcode."),
            params={"postcode": value},
            code="postcode_unknown",
        )


def split_address(address: str) -> dict[str, str]:
    """{"street", "postcode", "town"} from "Street 1, 5240 Odense NØ"; the whole text as the
    street when it names no known postcode."""
    text = (address or "").strip()
    match = ADDRESS_RE.match(text)
    if match and match["postcode"] in postcodes():
        return {
            "street": match["street"].strip().rstrip(","),
            "postcode": match["postcode"],
            "town": match["town"].strip(),
        }
    return {"street": text, "postcode": "", "town": ""}


def join_address(street: str, postcode: str, town: str) -> str:
    """ "Street 1, 5240 Odense NØ" (what is known of it)."""
    place = " ".join(part for part in (postcode, town) if part)
    return ", ".join(part for part in (street, place) if part)


class AddressFieldsMixin:
    """A form's address as street, postcode and town: the browser's autocomplete hints, a
    four-digit postcode, and the town filled from the postcode when left empty (static/js
    fills it as the user types; the server does it again on submit)."""

    # (street, postcode, town) field names, one triple per address on the form.
    address_fields: tuple[tuple[str, str, str], ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for street, postcode, town in self.address_fields:
            if street in self.fields:
                self.fields[street].widget.attrs.setdefault("autocomplete", "address-line1")
            if town in self.fields:
                self.fields[town].widget.attrs.setdefault("autocomplete", "address-level2")
            if postcode in self.fields:
                self.fields[postcode].widget.attrs.update(
                    {
                        "autocomplete": "postal-code",
                        "inputmode": "numeric",
                        "pattern": "[0-9]{4}",
                        "maxlength": 4,
                        "data-town-field": self[town].auto_id if town in self.fields else "",
                        "data-postcodes-url": reverse("postcodes"),
                    }
                )

    def clean(self):
        data = super().clean()
        for street, postcode, town in self.address_fields:
            # A whole address typed or pasted into the street field: split it.
            parts = split_address(data.get(street) or "")
            if parts["postcode"] and data.get(postcode) in ("", None, parts["postcode"]):
                data[street], data[postcode] = parts["street"], parts["postcode"]
                data[town] = data.get(town) or parts["town"]
            if data.get(postcode) and not data.get(town):
                data[town] = town_for(data[postcode])
        return data


def address_migration(app: str, model: str, street: str, postcode: str, town: str):
    """The forward and backward steps of a data migration that moves a one-line address
    ("Kongensgade 10, 5000 Odense C") into street, postcode and town fields, and back. An
    address without a known postcode stays whole in the street field."""

    def split_addresses(apps, schema_editor):
        Model = apps.get_model(app, model)
        changed = []
        for row in Model.objects.only("pk", street).iterator(chunk_size=2000):
            parts = split_address(getattr(row, street))
            if parts["postcode"]:
                setattr(row, street, parts["street"])
                setattr(row, postcode, parts["postcode"])
                setattr(row, town, parts["town"])
                changed.append(row)
        Model.objects.bulk_update(changed, [street, postcode, town], batch_size=2000)

    def join_addresses(apps, schema_editor):
        Model = apps.get_model(app, model)
        for row in Model.objects.exclude(**{postcode: ""}).iterator(chunk_size=2000):
            joined = join_address(getattr(row, street), getattr(row, postcode), getattr(row, town))
            setattr(row, street, joined)
            row.save(update_fields=[street])

    return split_addresses, join_addresses
