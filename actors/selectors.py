"""Reads shared by the directory views. Each runs a fixed number of queries, whatever the
number of actors, offers or contacts."""

from itertools import groupby

from django.db.models import Count, OuterRef, Q, Subquery

from actors.models import Actor, Area, AreaListStatus, ListStatus, SupportOffer


def directory(filters):
    """Active offers of active actors, narrowed by text, need and area."""
    offers = SupportOffer.objects.active().for_directory().search(filters.get("q"))
    if filters.get("need"):
        offers = offers.meeting(filters["need"])
    if filters.get("area"):
        offers = offers.serving(filters["area"])
    return offers.order_by("actor__name", "name", "pk")


def actor_list(query):
    return Actor.objects.search(query).with_counts().order_by("-is_active", "name", "pk")


def actor_page(actor):
    return {
        "contacts": list(actor.contact_persons.all()),
        "offers": list(actor.offers.for_directory().order_by("-is_active", "name")),
        "agreements": list(actor.agreements.all()),
    }


def area_list(query):
    """Areas with their active local contacts counted and their latest list status."""
    latest = AreaListStatus.objects.filter(area=OuterRef("pk")).order_by("-year")
    areas = Area.objects.select_related("housing_organisation").annotate(
        local_contact_count=Count("local_contacts", filter=Q(local_contacts__is_active=True)),
        latest_status=Subquery(latest.values("status")[:1]),
        latest_status_year=Subquery(latest.values("year")[:1]),
    )
    if query := (query or "").strip():
        areas = areas.filter(Q(name__icontains=query) | Q(municipality__icontains=query))
    areas = list(areas.order_by("municipality", "name"))
    for area in areas:
        area.latest_status_label = (
            ListStatus(area.latest_status).label if area.latest_status else ""
        )
    return areas


def area_page(area):
    values = area.criterion_values.order_by("-year", "criterion")
    return {
        "local_contacts": list(area.local_contacts.all()),
        "list_statuses": list(area.list_statuses.order_by("-year")),
        "criterion_years": [
            (year, list(rows)) for year, rows in groupby(values, key=lambda v: v.year)
        ],
        "offer_count": SupportOffer.objects.active().serving(area).count(),
    }
