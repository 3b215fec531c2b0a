"""The languages a door hanger's second block can be written in: chosen from a list, so the
page can mark the block with its language (`lang`) and writing direction (`dir`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """ISO 639-1 codes of the languages most often met in the transformation areas."""

    ENGLISH = "en", _("English")
    ARABIC = "ar", _("Arabic")
    SOMALI = "so", _("Somali")
    TURKISH = "tr", _("Turkish")
    PERSIAN = "fa", _("Persian (Farsi/Dari)")
    URDU = "ur", _("Urdu")
    KURDISH = "ku", _("Kurdish")
    TIGRINYA = "ti", _("Tigrinya")
    BOSNIAN = "bs", _("Bosnian")
    POLISH = "pl", _("Polish")
    UKRAINIAN = "uk", _("Ukrainian")
    VIETNAMESE = "vi", _("Vietnamese")
    TAMIL = "ta", _("Tamil")


RIGHT_TO_LEFT = frozenset({Language.ARABIC, Language.PERSIAN, Language.URDU})

# How people write a language in a case's free-text "preferred language" field, in Danish
# and English, mapped to its code.
_NAMES = {
    "engelsk": "en", "english": "en",
    "arabisk": "ar", "arabic": "ar",
    "somalisk": "so", "somali": "so",
    "tyrkisk": "tr", "turkish": "tr",
    "persisk": "fa", "farsi": "fa", "dari": "fa", "persian": "fa",
    "urdu": "ur",
    "kurdisk": "ku", "kurdish": "ku", "kurmanji": "ku", "sorani": "ku",
    "tigrinya": "ti",
    "bosnisk": "bs", "bosnian": "bs",
    "polsk": "pl", "polish": "pl",
    "ukrainsk": "uk", "ukrainian": "uk",
    "vietnamesisk": "vi", "vietnamese": "vi",
    "tamilsk": "ta", "tamil": "ta",
}  # fmt: skip


def language_code(name: str) -> str:
    """The code of a language written as a name ("Arabisk", "somali") or a code; "" if none."""
    key = (name or "").strip().lower()
    if key in Language.values:
        return key
    return _NAMES.get(key, "")


def direction(code: str) -> str:
    return "rtl" if code in RIGHT_TO_LEFT else "ltr"
