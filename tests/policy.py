"""The one role × URL policy table (`URL_POLICY` in tests/security/test_url_policy.py), read by
the per-app access tests instead of each restating who gets which status."""

from tests.security.test_url_policy import URL_POLICY

# The cast of tests/conftest.py that the per-app access tests log in as.
APP_ROLES = (
    "bridge_builder",  # owns the case
    "teammate",  # same team
    "other_bridge_builder",  # another team: outside their scope (404, no existence leak)
    "manager",
    "rehousing_consultant",
    "actor_contact",
    "administrator",
)


def expected_get(url_name, role):
    """The status of a GET of `url_name` by `role`, as the policy table gives it."""
    return URL_POLICY[url_name].get[role]


# POST-only pages that answer with a partial (htmx) instead of a redirect.
ANSWER_WITH_A_PARTIAL = {"households:offer_check"}


def expected_post(url_name, role):
    """The status of a POST of `url_name` by `role`: refused as the table says, else done and
    redirected (302), or answered with a partial (200)."""
    done = 200 if url_name in ANSWER_WITH_A_PARTIAL else 302
    return URL_POLICY[url_name].refused_posts.get(role, done)
