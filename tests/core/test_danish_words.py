"""One word for one thing in Danish: "adgangskode", never "password" – in our catalogue and in
what the libraries' own Danish catalogues show on our pages (allauth's is overridden in ours,
brobygning/core/allauth_wording.py)."""

import gettext
import re
from pathlib import Path

import allauth
import django
from django.utils import translation

from tests.core.test_translations import DANISH_PO, po_entries

# English words a Danish page must not show, and the Danish word the product uses instead.
BANNED = {"password": "adgangskode", "username": "brugernavn"}
PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|\{[^}]*\}|href=\"[^\"]*\"")
LIBRARY_CATALOGUES = [
    Path(allauth.__file__).parent / "locale",
    Path(django.__file__).parent / "contrib" / "auth" / "locale",
    Path(django.__file__).parent / "contrib" / "admin" / "locale",
]


def banned_words_in(text):
    text = PLACEHOLDER.sub("", text).lower()
    return [word for word in BANNED if word in text]


def library_msgids(locale_dir):
    with (locale_dir / "da" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog
    for key in catalogue:
        if isinstance(key, tuple):  # a plural form: (msgid, index)
            continue
        if key and "\x04" not in key:  # skip the header and messages with a context
            yield key


def test_our_danish_catalogue_says_adgangskode_never_password():
    offending = [
        (msgid, msgstr)
        for msgid, msgstr, _ in po_entries(DANISH_PO)
        if msgid and banned_words_in(msgstr)
    ]
    assert offending == []


def test_allauth_and_django_danish_messages_say_adgangskode_as_shown_on_our_pages():
    offending = []
    with translation.override("da"):
        for locale_dir in LIBRARY_CATALOGUES:
            for msgid in library_msgids(locale_dir):
                shown = translation.gettext(msgid)
                if banned_words_in(shown):
                    offending.append((msgid, shown))
    assert offending == []


def test_the_password_change_page_says_adgangskode(client, django_user_model):
    user = django_user_model.objects.create_user("ida", password="a long secret phrase 42")
    client.force_login(user)
    client.cookies.load({"django_language": "da"})
    html = client.get("/konto/password/change/").content.decode()
    assert "Adgangskode" in html or "adgangskode" in html
    assert not banned_words_in(re.sub(r"<[^>]+>", " ", html).replace("/password/", ""))
