"""Static files as production serves them: whitenoise's compressed manifest storage."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command

PRODUCTION_STATIC_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def production_static_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": PRODUCTION_STATIC_STORAGE},
    }
    settings.STATIC_ROOT = tmp_path / "static"
    settings.WHITENOISE_USE_FINDERS = False
    return settings.STATIC_ROOT


def test_collectstatic_with_the_production_storage_resolves_every_reference(
    production_static_storage,
):
    # The manifest storage follows every url(), @import and sourceMappingURL in a CSS or JS
    # file and raises on one that names a missing file (a vendored source map, say).
    call_command("collectstatic", interactive=False, verbosity=0)

    manifest = json.loads((production_static_storage / "staticfiles.json").read_text())
    ours = {
        path.relative_to(settings.BASE_DIR / "static").as_posix()
        for path in (settings.BASE_DIR / "static").rglob("*")
        if path.is_file()
    }
    assert ours <= set(manifest["paths"])
    for hashed in manifest["paths"].values():
        assert (production_static_storage / hashed).is_file()


def test_no_vendored_file_points_to_a_source_map_that_is_not_shipped():
    vendor = settings.BASE_DIR / "static" / "vendor"
    for path in vendor.rglob("*"):
        if path.suffix in {".js", ".css"}:
            assert "sourceMappingURL" not in path.read_text(encoding="utf-8"), path
