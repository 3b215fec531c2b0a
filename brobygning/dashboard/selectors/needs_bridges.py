"""Needs found and met, and bridges: most-used offers and actors, pending requests."""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Q,
    Value,
    Window,
)
from django.db.models.functions import DenseRank, RowNumber

from actors.models import SupportOffer
from actors.needs import NeedCategory
from brobygning.core.suppression import Cell, Share
from brobygning.dashboard.forms import REQUEST_AGES, Figure, Filters
from brobygning.dashboard.selectors.base import count_rows, span
from brobygning.dashboard.selectors.now import status_now
from brobygning.dashboard.selectors.rows import (
    NEED_FOUND,
    NEED_MET,
    answered_referrals,
    holding_bridges,
    needs,
    pending_requests,
    requested_days_ago,
    used_bridges,
)
from referrals.models import Referral

# The bridge figures (`bridges(filters, today)`): the most-used support offers and actors,
# requests pending at actors by age, and the share of accepted referrals that led to at least
# one confirmed bridge.
MOST_USED = 10  # support offers and actors listed as the most used


@dataclass
class NeedRow:
    key: str
    label: str
    found: Cell
    met: Cell


def needs_found_and_met(filters: Filters) -> list[NeedRow]:
    """Per need category: households where it was found, and where it was met."""
    rows = (
        needs(filters)
        .values("category")
        .annotate(
            found=Count("household", distinct=True, filter=NEED_FOUND),
            met=Count("household", distinct=True, filter=NEED_MET),
        )
        .order_by()
    )
    counts = {row["category"]: row for row in rows}
    return [
        NeedRow(
            value,
            label,
            Cell(
                counts[value]["found"],
                filters.link({"figure": Figure.NEEDS, "category": value}),
            ),
            Cell(
                counts[value]["met"],
                filters.link({"figure": Figure.NEEDS, "category": value, "met": True}),
            ),
        )
        for value, label in NeedCategory.choices
        if value in counts and counts[value]["found"]
    ]


@dataclass
class BridgeRow:
    """A support offer (with its actor's name) or an actor, and its households."""

    key: int
    name: str
    actor: str
    households: Cell

    @property
    def label(self) -> str:
        return f"{self.name} – {self.actor}" if self.actor else self.name


@dataclass
class PendingRow:
    """An actor and its households with requests pending, per days since the request. The
    cells (each with its link) are built when read: the table shows its largest rows only,
    unless asked for all, and there can be hundreds of actors."""

    key: int
    name: str
    counts: list[int]  # households per REQUEST_AGES
    households: int  # households with any request pending at the actor
    filters: Filters

    @cached_property
    def ages(self) -> list[Cell]:
        link = {"figure": Figure.PENDING_REQUESTS, "actor": self.key}
        return [
            Cell(count, self.filters.link({**link, "age": low}))
            for count, (low, _high) in zip(self.counts, REQUEST_AGES, strict=True)
        ]

    @cached_property
    def total(self) -> Cell:
        link = {"figure": Figure.PENDING_REQUESTS, "actor": self.key}
        return Cell(self.households, self.filters.link(link))


def _actor_name(name: str, municipality: str) -> str:
    """As Actor.__str__: two actors may share a name in different municipalities."""
    return f"{name} ({municipality})" if municipality else name


def _households(condition=None):
    return Count("household", distinct=True, filter=condition)


def bridges(filters: Filters, today: date) -> dict:
    """The most-used support offers and actors (households with a bridge requested in the
    period), requests pending at actors now by days since the request, and the share of
    accepted referrals whose household has at least one confirmed bridge."""
    return {**bridge_usage(filters, today), **referrals_bridged(filters)}


def bridges_used(filters: Filters, before: Filters | None = None) -> dict:
    """Households with a bridge to a support offer used in the period (the first screen's
    part of the section's bridge counts): one query on the period's bridges only. With `before` (the
    previous period) also its figure, as "previous_used", from the same query, grouped by
    period (two rows)."""
    rows = count_rows(
        used_bridges(span(filters, before)).values("requested_at", "household"),
        "requested_at >= %s, COUNT(DISTINCT household)",
        [filters.start],
        group_by=1,
    )
    counts = {bool(now): n for now, n in rows}
    link = filters.link({"figure": Figure.BRIDGES_USED})
    return {
        "used": Cell(counts.get(True, 0), link),
        **({"previous_used": counts.get(False, 0)} if before else {}),
    }


def referrals_bridged(filters: Filters, referrals: dict | None = None) -> dict:
    """Accepted referrals whose household has at least one confirmed bridge: one query, or
    none given `referrals`, the counts of `accepted_households` that another aggregate over
    the referrals accepted in the period took (the flow section's medians)."""
    if referrals is None:
        referrals = (
            answered_referrals(filters)
            .filter(status=Referral.Status.ACCEPTED)
            .aggregate(**accepted_households())
        )
    return {
        "referrals_accepted": Cell(
            referrals["total"], filters.link({"figure": Figure.REFERRALS_ACCEPTED})
        ),
        "referrals_bridged": Share(
            referrals["bridged"],
            referrals["total"],
            filters.link({"figure": Figure.REFERRALS_BRIDGED}),
        ),
    }


def accepted_households() -> dict:
    """The aggregates of `referrals_bridged` over accepted referrals: their households, and
    those of them with a confirmed bridge."""
    return {"total": _households(), "bridged": _households(Exists(holding_bridges()))}


def _most_used(counts: dict[int, int]) -> list[int]:
    """The keys that can be among the MOST_USED largest counts: the largest ones and any
    tied with the last of them (ties are ordered by name, which comes later)."""
    ranked = sorted(counts.values(), reverse=True)
    if not ranked:
        return []
    least = ranked[min(MOST_USED, len(ranked)) - 1]
    return [key for key, n in counts.items() if n >= least]


def _usage(filters: Filters) -> tuple[list[dict], list[dict], int]:
    """The most-used support offers and actors (households with a bridge used in the period),
    largest first, ties by name, as rows of the offer's and its actor's ids and names; and
    all households with a bridge used in the period, each once.

    Counted per offer id, per actor id (no names to sort and group the period's bridges by)
    and in all, the three in one query; then the names of the few candidates, in a second
    query that also ranks them by name in the database (its collation orders ties, as an
    ORDER BY on the names would)."""
    used = used_bridges(filters)
    per_offer = used.values(key=F("support_offer")).annotate(n=_households(), per=Value("o"))
    per_actor = used.values(key=F("support_offer__actor")).annotate(n=_households(), per=Value("a"))
    in_all = used.values(key=Value(None, IntegerField())).annotate(n=_households(), per=Value("t"))
    counts = {"o": {}, "a": {}, "t": {None: 0}}
    for row in per_offer.order_by().union(per_actor.order_by(), in_all.order_by(), all=True):
        counts[row["per"]][row["key"]] = row["n"]
    total = counts["t"][None]
    offer_keys, actor_keys = set(_most_used(counts["o"])), set(_most_used(counts["a"]))
    if not offer_keys:
        return [], [], total
    names = (
        SupportOffer.objects.filter(Q(pk__in=offer_keys) | Q(actor__in=actor_keys))
        .values("pk", "name", "actor", "actor__name", "actor__municipality")
        .annotate(
            offer_rank=Window(RowNumber(), order_by=[F("name").asc(), F("pk").asc()]),
            actor_rank=Window(DenseRank(), order_by=[F("actor__name").asc(), F("actor").asc()]),
        )
        .order_by()
    )
    offers, actors = {}, {}
    for row in names:
        if row["pk"] in offer_keys:
            offers[row["pk"]] = row
        if row["actor"] in actor_keys:
            actors[row["actor"]] = row
    by_offer = sorted(offers.values(), key=lambda r: (-counts["o"][r["pk"]], r["offer_rank"]))
    by_actor = sorted(actors.values(), key=lambda r: (-counts["a"][r["actor"]], r["actor_rank"]))
    return (
        [{**row, "n": counts["o"][row["pk"]]} for row in by_offer[:MOST_USED]],
        [{**row, "n": counts["a"][row["actor"]]} for row in by_actor[:MOST_USED]],
        total,
    )


def _pending(filters: Filters, today: date) -> tuple[list[dict], dict]:
    """Households with requests pending now, by days since the request (`age_<low>`) and in
    all (`total`): per actor (with its name), and over all actors (each household once
    however many actors it waits for), in one query; none while the count for these filters
    today is fresh (`now.status_now`)."""
    return status_now("pending", filters, today, lambda: _count_pending(filters, today))


def _count_pending(filters: Filters, today: date) -> tuple[list[dict], dict]:
    """`_pending`, counted."""
    ages = {f"age_{low}": requested_days_ago(low, high, today) for low, high in REQUEST_AGES}
    counts = {"total": _households(), **{name: _households(q) for name, q in ages.items()}}
    per_actor = pending_requests(filters).values(
        key=F("support_offer__actor"),
        name=F("support_offer__actor__name"),
        municipality=F("support_offer__actor__municipality"),
    )
    in_all = pending_requests(filters).values(
        key=Value(None, IntegerField()),
        name=Value(None, CharField()),
        municipality=Value(None, CharField()),
    )
    rows = list(
        per_actor.annotate(**counts)
        .order_by()
        .union(in_all.annotate(**counts).order_by(), all=True)
    )
    overall = next(row for row in rows if row["key"] is None)
    return [row for row in rows if row["key"] is not None], overall


def bridge_usage(filters: Filters, today: date) -> dict:
    """The bridges part of the needs-and-bridges section: the most-used offers and actors and
    all households with a bridge used in the period; the requests pending, per actor and in
    all, by days since the request."""
    offers, actors, used_total = _usage(filters)
    per_actor, pending_total = _pending(filters, today)
    pending = [
        PendingRow(
            key=row["key"],
            name=_actor_name(row["name"], row["municipality"]),
            counts=[row[f"age_{low}"] for low, _high in REQUEST_AGES],
            households=row["total"],
            filters=filters,
        )
        for row in per_actor
    ]
    pending.sort(key=lambda row: (-row.households, row.name))
    used_link = {"figure": Figure.BRIDGES_USED}
    pending_link = {"figure": Figure.PENDING_REQUESTS}
    return {
        "offers": [
            BridgeRow(
                key=row["pk"],
                name=row["name"],
                actor=_actor_name(row["actor__name"], row["actor__municipality"]),
                households=Cell(row["n"], filters.link({**used_link, "support_offer": row["pk"]})),
            )
            for row in offers
        ],
        "actors": [
            BridgeRow(
                key=row["actor"],
                name=_actor_name(row["actor__name"], row["actor__municipality"]),
                actor="",
                households=Cell(row["n"], filters.link({**used_link, "actor": row["actor"]})),
            )
            for row in actors
        ],
        "most_used": MOST_USED,
        "pending": pending,
        "used": Cell(used_total, filters.link(used_link)),
        "pending_by_age": [
            (
                low,
                high,
                Cell(pending_total[f"age_{low}"], filters.link({**pending_link, "age": low})),
            )
            for low, high in REQUEST_AGES
        ],
        "pending_total": Cell(pending_total["total"], filters.link(pending_link)),
    }
