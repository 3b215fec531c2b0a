from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """The data subject's rights: the export of a household's record, erasure, retention."""

    name = "brobygning.privacy"
    label = "privacy"
