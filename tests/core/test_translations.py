from pathlib import Path

from django.utils import translation

DANISH_PO = Path(__file__).resolve().parents[2] / "locale" / "da" / "LC_MESSAGES" / "django.po"


def po_entries(path):
    """Yield (msgid, msgstr, flags) from a .po file; enough of the format for this check."""
    entry, flags, field = {}, "", None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry:
                yield entry.get("msgid", ""), entry.get("msgstr", entry.get("msgstr[0]", "")), flags
            entry, flags, field = {}, "", None
        elif line.startswith("#,"):
            flags = line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += line[1:-1]
        else:
            field, _, value = line.partition(" ")
            entry[field] = value[1:-1]


def test_every_user_facing_string_has_a_danish_translation():
    entries = [(msgid, msgstr, flags) for msgid, msgstr, flags in po_entries(DANISH_PO) if msgid]
    untranslated = [msgid for msgid, msgstr, _ in entries if not msgstr]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert entries
    assert untranslated == []
    assert fuzzy == []


def test_compiled_danish_catalogue_is_used():
    with translation.override("da"):
        assert translation.gettext("Log out") == "Log ud"
