"""Outcomes: closure criteria, housing offers answered, rent after moving."""

from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Value,
)

from brobygning.core.suppression import Cell, Median, Share
from brobygning.dashboard.forms import CLOSURE_CRITERIA, Figure, Filters
from brobygning.dashboard.selectors.base import (
    Item,
    PercentChange,
    count_rows,
    flag,
    household_scope,
    median_and_count,
    on_days,
    span,
)
from brobygning.dashboard.selectors.rows import closures, moves
from households.models import HousingOffer


def outcomes(filters: Filters) -> dict:
    """Closure criteria met, housing offers answered, and the rent after moving."""
    return {**closure_criteria(filters), **offers_and_rent(filters)}


def closure_criteria(filters: Filters) -> dict:
    """Cases closed in the period and the closure criteria met: one query."""
    all_met = Q(**{name: True for name, _ in CLOSURE_CRITERIA})

    def households(condition=None):
        return Count("household", distinct=True, filter=condition)

    criteria = closures(filters).aggregate(
        total=households(),
        all_met=households(all_met),
        **{name: households(Q(**{name: True})) for name, _ in CLOSURE_CRITERIA},
    )
    closed_link = {"figure": Figure.CLOSED}
    return {
        "closed": Cell(criteria["total"], filters.link(closed_link)),
        "criteria": [
            Item(
                name,
                label,
                Share(
                    criteria[name],
                    criteria["total"],
                    filters.link({**closed_link, "criterion": name}),
                ),
            )
            for name, label in CLOSURE_CRITERIA
        ],
        "all_criteria": Share(criteria["all_met"], criteria["total"]),
    }


def closures_all_met(filters: Filters, before: Filters) -> dict:
    """What the first screen shows of `closure_criteria`: cases closed with all criteria
    met, for the period and `before` (the previous period), as "previous_all_criteria":
    one query, grouped by period (two rows)."""
    all_met = Q(**{name: True for name, _ in CLOSURE_CRITERIA})
    rows = count_rows(
        closures(span(filters, before)).values(
            "closed_on",
            "household",
            all_met=flag(all_met),
        ),
        "closed_on >= %s, COUNT(DISTINCT household), "
        "COUNT(DISTINCT household) FILTER (WHERE all_met)",
        [filters.date_from],
        group_by=1,
    )
    counts = {bool(now): (total, met) for now, total, met in rows}
    (total, met), (previous_total, previous_met) = (
        counts.get(True, (0, 0)),
        counts.get(False, (0, 0)),
    )
    return {
        "closed": Cell(total, filters.link({"figure": Figure.CLOSED})),
        "all_criteria": Share(met, total),
        "previous_all_criteria": Share(previous_met, previous_total),
    }


def offers_and_rent(filters: Filters) -> dict:
    """Housing offers answered in the period, and the rent after moving."""
    # Offers are placed by their own receiving area: "offers in Bolbro, accepted or not".
    offers = (
        HousingOffer.objects.filter(
            on_days("answered_on", filters),
            household_scope(filters, "household__", receiving="receiving_area"),
            status__in=[HousingOffer.Status.ACCEPTED, HousingOffer.Status.DECLINED],
        )
        .values("status", "decline_reason")
        .annotate(n=Count("household", distinct=True))
        .order_by()
    )
    offer_counts, offer_reasons = {}, {}
    for row in offers:
        offer_counts[row["status"]] = offer_counts.get(row["status"], 0) + row["n"]
        if row["decline_reason"]:
            offer_reasons[row["decline_reason"]] = row["n"]
    accepted_offers = offer_counts.get(HousingOffer.Status.ACCEPTED, 0)
    declined_offers = offer_counts.get(HousingOffer.Status.DECLINED, 0)

    # Rent after moving: the accepted offer's rent against the rent of the home left, for
    # households that moved in the period and whose old rent is known.
    moved = moves(filters).filter(household=OuterRef("household"))
    rented = HousingOffer.objects.filter(
        Exists(moved), status=HousingOffer.Status.ACCEPTED, household__current_rent__gt=0
    )
    # (The move carries the filters: team and transformation area through its household,
    # the receiving area through the move itself.)
    percent = PercentChange("net_rent", "household__current_rent")
    # Above the warning when more than the limit higher, as HousingOffer.rent_increase_flagged.
    limit = settings.BROBYGNING["RENT_INCREASE_WARNING_PERCENT"]
    median_percent, n_rent, above = median_and_count(
        rented,
        percent,
        step=0.5,
        where=Q(net_rent__gt=F("household__current_rent") * Value(Decimal(100 + limit) / 100)),
    )
    return {
        "offers_accepted": Cell(accepted_offers),
        "offers_declined": Cell(declined_offers),
        "offers_share_accepted": Share(accepted_offers, accepted_offers + declined_offers),
        "offer_decline_reasons": [
            Item(value, label, Cell(offer_reasons.get(value, 0)))
            for value, label in HousingOffer.DeclineReason.choices
        ],
        "rent_households": Cell(n_rent),
        "rent_median_percent": Median(median_percent, n_rent),
        "rent_above_limit": Share(above, n_rent),
        "rent_limit_percent": limit,
    }
