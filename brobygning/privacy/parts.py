"""The models that hold a household's data and the path from each to the household.

A test walks the model registry and fails when a model with a foreign-key path to
`Household` is missing here, so a new model cannot be left out of the export or erasure.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class Part:
    """One model of the record: its label, the lookup from its rows to the household's pk,
    and fields never exported (secrets and internals)."""

    label: str
    path: str
    exclude: frozenset[str] = field(default_factory=frozenset)

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    def rows_of(self, household_pk):
        return self.model._default_manager.filter(**{self.path: household_pk})


VERSION = frozenset({"version"})

PARTS = (
    # The optimistic-locking counter (`version`) says nothing about the household.
    Part("households.Household", "pk", VERSION),
    Part("households.Member", "household", VERSION),
    Part("households.Need", "household", VERSION),
    Part("households.JournalEntry", "household"),
    Part("households.PhaseChange", "household"),
    Part("households.HousingOffer", "household", VERSION),
    Part("households.Move", "household", VERSION),
    Part("households.Closure", "household"),
    Part("households.ClosureCancellation", "closure__household"),
    Part("households.Consent", "household"),
    # The answer token is a live credential for the actor's answer link.
    Part("households.Bridge", "household", frozenset({"answer_token", "answer_token_expires_at"})),
    Part("households.BridgeChange", "bridge__household"),
    Part("referrals.Referral", "household", VERSION),
    Part("referrals.ReferralMember", "referral__household"),
    Part("referrals.ReferralMessage", "referral__household"),
    Part("followups.FollowUp", "household"),
    # Delivery bookkeeping of the reminder mail, not data about the household.
    Part(
        "followups.Reminder",
        "followup__household",
        frozenset({"channel", "attempts", "last_error"}),
    ),
    Part("followups.Invitation", "household"),
    # Derived from the journal (the first contact after each referral), for the dashboard.
    Part("dashboard.ReferralContact", "referral__household"),
)
PART_MODELS = {part.label for part in PARTS}
