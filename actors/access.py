"""Who may open the directory (actors, offers, areas): the one check its views and the links
to it in other apps ask."""

from brobygning.core.roles import CASE_WORKERS

DIRECTORY_ROLES = CASE_WORKERS


def may_open_directory(user) -> bool:
    """Whether `user` may open the directory's pages (the views answer 403 otherwise)."""
    return user.is_authenticated and user.has_role(*DIRECTORY_ROLES)
