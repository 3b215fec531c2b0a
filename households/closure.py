"""What is still open when a case is closed, and what closing cancelled.

The close form lists the open items (requests awaiting an actor's answer here, follow-ups from
the follow-up app) and the user keeps or cancels each, with a reason. Each source of items
knows how to list, cancel and restore its own; apps above this one register theirs in their
AppConfig.ready(), as they do case panels (ARCHITECTURE.md: dependencies point one way).
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from households.models import Bridge


@dataclass(frozen=True)
class OpenItem:
    kind: str
    pk: int
    title: str
    state: str  # e.g. "due", "sent, not answered yet"
    on: date | None  # the date the state refers to

    @property
    def key(self):
        return f"{self.kind}-{self.pk}"


class BridgeRequests:
    """Requests sent to an actor or a local contact and not answered yet."""

    kind = "bridge"

    def open_items(self, household):
        bridges = household.bridges.filter(status=Bridge.Status.REQUESTED).select_related(
            "support_offer__actor", "local_contact"
        )
        return [
            OpenItem(
                self.kind,
                bridge.pk,
                _("Request: %(target)s") % {"target": _bridge_target(bridge)},
                _("sent, not answered yet"),
                bridge.requested_at,
            )
            for bridge in bridges
        ]

    def cancel(self, pk, *, household, reason, by):
        from households.bridges import bridge_withdraw

        return bridge_withdraw(bridge=household.bridges.get(pk=pk), reason=reason, by=by)

    def restore(self, pk, *, household, previous_status, by):
        from households.bridges import bridge_restore

        bridge = household.bridges.get(pk=pk)
        return bridge_restore(bridge=bridge, status=previous_status, by=by)


def _bridge_target(bridge):
    if bridge.support_offer_id:
        return f"{bridge.support_offer} – {bridge.support_offer.actor}"
    return str(bridge.local_contact)


_SOURCES = {BridgeRequests.kind: BridgeRequests()}


def register(source):
    """Add a source of open items (an object with `kind`, `open_items`, `cancel`, `restore`)."""
    _SOURCES[source.kind] = source


def source(kind):
    return _SOURCES[kind]


def open_items(household) -> list[OpenItem]:
    return [item for source in _SOURCES.values() for item in source.open_items(household)]
