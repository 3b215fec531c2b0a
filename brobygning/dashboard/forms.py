"""The dashboard's filters and the parameters of a case list behind a figure.

Forms validate and normalise; the selectors read. Anything a form cannot make sense of is a
form error (the view answers 400 with the message), never a server error, and a team or
area id outside the choices offered is an unknown id like any other.
"""

from collections import ChainMap
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, Area, SupportOffer
from actors.needs import NeedCategory
from brobygning.core.forms import NameChoiceField, SensibleDatesMixin
from brobygning.core.models import Team, User
from brobygning.core.roles import Role
from brobygning.dashboard.charts import age_label
from followups.models import FollowUp
from households.models import Household, Phase

EARLIEST = date(2000, 1, 1)
MAX_PERIOD_DAYS = 5 * 366
DEFAULT_MONTHS = 12


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def filterable_teams(user):
    """The teams a user may filter the figures by. Managers and administrators work for the
    whole organisation (one organisation per installation), so all teams; this is the one
    place to narrow it should managers ever be tied to their own teams."""
    if user.has_role(Role.MANAGER, Role.ADMINISTRATOR):
        return Team.objects.order_by("name")
    return Team.objects.none()


def default_period(today=None):
    """The last twelve months, whole months back from today."""
    today = today or timezone.localdate()
    month, year = today.month - (DEFAULT_MONTHS - 1), today.year
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1), today


@dataclass(frozen=True)
class Filters:
    date_from: date
    date_to: date
    team: Team | None = None
    origin_area: Area | None = None
    receiving_area: Area | None = None
    # Whether figures link to the cases behind them (only for those who may see cases).
    links: bool = True

    @property
    def start(self) -> datetime:
        """The period's first moment, for datetime columns (local time)."""
        return timezone.make_aware(datetime.combine(self.date_from, time.min))

    @property
    def end(self) -> datetime:
        """The moment after the period (exclusive upper bound)."""
        return timezone.make_aware(datetime.combine(self.date_to + timedelta(days=1), time.min))

    def link(self, params: dict) -> ChainMap | None:
        """The parameters of the case list behind a figure: these filters and the figure's
        own (which win: a matrix cell names its own areas); None without links."""
        # A view over the two, not a copy: a caseload table makes hundreds of links.
        return ChainMap(params, self._query) if self.links else None

    def as_query(self) -> dict:
        """GET parameters that reproduce these filters (for links and exports)."""
        return dict(self._query)

    @cached_property
    def _query(self) -> dict:
        query = {
            "period_from": self.date_from.isoformat(),
            "period_to": self.date_to.isoformat(),
        }
        for name in ("team", "origin_area", "receiving_area"):
            if obj := getattr(self, name):
                query[name] = obj.pk
        return query


class DashboardFilterForm(SensibleDatesMixin, forms.Form):
    period_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    period_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    team = NameChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    origin_area = NameChoiceField(
        label=_("Transformation area"),
        queryset=Area.objects.filter(is_transformation_area=True).order_by("name"),
        required=False,
    )
    receiving_area = NameChoiceField(
        label=_("Receiving area"),
        queryset=Area.objects.filter(is_receiving_area=True).order_by("name"),
        required=False,
    )

    def __init__(self, data=None, *, user, today=None, **kwargs):
        # An empty query string is a valid request for the default period, not an unbound
        # form; the date fields then show that period, so what the inputs say is what counts.
        self.today = today or timezone.localdate()
        data = data if data is not None else {}
        if not data.get("period_from") and not data.get("period_to"):
            default_from, default_to = default_period(self.today)
            data = data.copy()
            data["period_from"], data["period_to"] = (
                default_from.isoformat(),
                default_to.isoformat(),
            )
        super().__init__(data, **kwargs)
        self.fields["team"].queryset = filterable_teams(user)
        self.fields["team"].empty_label = _("All teams")
        self.fields["origin_area"].empty_label = _("All areas")
        self.fields["receiving_area"].empty_label = _("All areas")
        default_from, default_to = default_period(self.today)
        self.fields["period_from"].widget.attrs["placeholder"] = default_from.isoformat()
        self.fields["period_to"].widget.attrs["placeholder"] = default_to.isoformat()

    @property
    def period_fields(self):
        return [self["period_from"], self["period_to"]]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # A missing end is today (or the start, if that lies ahead); a missing start is
        # twelve months back from the end.
        date_to = data.get("period_to") or max(self.today, data.get("period_from") or self.today)
        date_from = data.get("period_from") or default_period(date_to)[0]
        latest = self.today + timedelta(days=366)
        if date_from < EARLIEST or date_to < EARLIEST:
            raise forms.ValidationError(
                _("The period cannot start before %(date)s."),
                code="period_too_early",
                params={"date": EARLIEST},
            )
        if date_from > latest or date_to > latest:
            raise forms.ValidationError(
                _("The period cannot lie more than a year ahead."), code="period_too_late"
            )
        if date_from > date_to:
            raise forms.ValidationError(
                _("The period ends before it starts."), code="period_inverted"
            )
        if (date_to - date_from).days > MAX_PERIOD_DAYS:
            raise forms.ValidationError(
                _("Choose a period of at most five years."), code="period_too_long"
            )
        data["period_from"], data["period_to"] = date_from, date_to
        return data

    @property
    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            date_from=data["period_from"],
            date_to=data["period_to"],
            team=data.get("team"),
            origin_area=data.get("origin_area"),
            receiving_area=data.get("receiving_area"),
        )


class Figure:
    """The case lists a figure can link to (the keys of `selectors.CASE_LISTS`)."""

    OPEN = "open"
    OVERDUE_FOLLOWUPS = "overdue_followups"
    REFERRALS_ACCEPTED = "referrals_accepted"
    CLOSED = "closed"
    REOPENED = "reopened"
    MOVED = "moved"
    POST_MOVE_VISIT = "post_move_visit"
    NEEDS = "needs"
    BRIDGES_USED = "bridges_used"
    PENDING_REQUESTS = "pending_requests"
    REFERRALS_BRIDGED = "referrals_bridged"

    choices = [
        (OPEN, _("Open cases")),
        (OVERDUE_FOLLOWUPS, _("Cases with overdue follow-ups")),
        (REFERRALS_ACCEPTED, _("Cases from accepted referrals")),
        (CLOSED, _("Closed cases")),
        (REOPENED, _("Reopened cases")),
        (MOVED, _("Households that moved")),
        (POST_MOVE_VISIT, _("Households due a visit within 14 days of the move")),
        (NEEDS, _("Households with a need")),
        (BRIDGES_USED, _("Households with a bridge to a support offer")),
        (PENDING_REQUESTS, _("Households with a request pending at an actor")),
        (REFERRALS_BRIDGED, _("Cases from accepted referrals with a confirmed bridge")),
    ]


CLOSURE_CRITERIA = [
    ("practical_in_order", _("Practical and economic matters in order")),
    ("children_enrolled", _("Children enrolled in school or daycare")),
    ("new_local_contact", _("At least one new contact in the receiving area")),
    ("no_longer_asks_for_help", _("The household no longer asks for help")),
]


# Requests pending at actors, by whole (local) days since they were sent: (first, last) day
# of each bucket, None for no upper end. The bucket's code in a link is its first day.
REQUEST_AGES = [(0, 7), (8, 14), (15, 30), (31, None)]
REQUEST_AGE_CHOICES = [(str(low), lazy(age_label, str)(low, high)) for low, high in REQUEST_AGES]


def request_age(code: str) -> tuple[int, int | None]:
    """The (first, last) day of the bucket with this code (a valid REQUEST_AGE_CHOICES value)."""
    return next((low, high) for low, high in REQUEST_AGES if str(low) == code)


class CaseListForm(DashboardFilterForm):
    """The dashboard filters plus the cell of the figure whose cases are listed."""

    figure = forms.ChoiceField(label=_("Figure"), choices=Figure.choices)
    bridge_builder = forms.ModelChoiceField(
        label=_("Bridge-builder"), queryset=User.objects.all(), required=False
    )
    unassigned = forms.BooleanField(label=_("Not assigned"), required=False)
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices, required=False)
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            *FollowUp.VisitAnswer.choices,
            ("offered", _("Visit offered")),
            ("on_time", _("Offered on time")),
        ],
        required=False,
    )
    criterion = forms.ChoiceField(label=_("Criterion"), choices=CLOSURE_CRITERIA, required=False)
    category = forms.ChoiceField(label=_("Need"), choices=NeedCategory.choices, required=False)
    met = forms.BooleanField(label=_("Only met needs"), required=False)
    scope = forms.ChoiceField(
        label=_("Rehousing"), choices=Household.RehousingScope.choices, required=False
    )
    support_offer = forms.ModelChoiceField(
        label=_("Support offer"), queryset=SupportOffer.objects.all(), required=False
    )
    actor = forms.ModelChoiceField(label=_("Actor"), queryset=Actor.objects.all(), required=False)
    age = forms.ChoiceField(
        label=_("Days since the request"), choices=REQUEST_AGE_CHOICES, required=False
    )

    CELL_FIELDS = (
        "bridge_builder",
        "unassigned",
        "phase",
        "answer",
        "criterion",
        "category",
        "met",
        "scope",
        "support_offer",
        "actor",
        "age",
    )

    @property
    def cell(self) -> dict:
        """The figure and the non-empty cell parameters."""
        data = self.cleaned_data
        return {
            "figure": data["figure"],
            **{name: data[name] for name in self.CELL_FIELDS if data.get(name)},
        }

    def cell_parts(self) -> list[tuple[str, str]]:
        """(label, value) of each parameter that narrows the figure, as the page names them:
        `figure=post_move_visit&answer=offered` is the visits offered, not every visit."""
        parts = []
        for name, value in self.cell.items():
            if name == "figure":
                continue
            field = self.fields[name]
            if value is True:
                parts.append((field.label, ""))
            elif isinstance(field, forms.ModelChoiceField):
                parts.append((field.label, str(value)))
            else:
                parts.append((field.label, str(dict(field.choices)[value])))
        return parts

    def cell_query(self) -> dict:
        """GET parameters that reproduce the cell (ids for model choices)."""
        return {
            name: getattr(value, "pk", value) if value is not True else "on"
            for name, value in self.cell.items()
        }
