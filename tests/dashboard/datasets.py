"""Hand-built datasets with known answers, one per dashboard section.

Dates are absolute and assume the suite's frozen day (tests/dashboard/conftest.py: Monday
16 March 2026) unless a `today` is given; the default period is 1 April 2025 – 16 March 2026.
Each builder's docstring states the answers the figures must give.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from followups.models import FollowUp
from households.models import Phase
from tests.factories import (
    ActorFactory,
    AreaFactory,
    AreaListStatusFactory,
    BridgeFactory,
    ClosureFactory,
    FollowUpFactory,
    HouseholdFactory,
    HousingOfferFactory,
    JournalEntryFactory,
    LocalContactFactory,
    MoveFactory,
    NeedFactory,
    PhaseChangeFactory,
    ReferralFactory,
    SupportOfferFactory,
)

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def at(day: date, hour=10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=COPENHAGEN)


def closed(**kwargs):
    """A closed case (closed_on is required of closed cases)."""
    kwargs.setdefault("closed_on", date(2026, 1, 10))
    return HouseholdFactory(phase=Phase.CLOSED, **kwargs)


def caseload(bridge_builder, teammate, other_bridge_builder, today=date(2026, 3, 16)):
    """bridge_builder: 6 open in phase 1 and 2 in phase 4 (8), 7 overdue follow-ups;
    teammate: 5 in phase 2, none overdue; other_bridge_builder: nothing; 1 case unassigned.
    Not counted: a closed case, a follow-up due today, an overdue follow-up already done."""
    own = HouseholdFactory.create_batch(6, bridge_builder=bridge_builder)
    HouseholdFactory.create_batch(2, bridge_builder=bridge_builder, phase=Phase.BRIDGING)
    HouseholdFactory.create_batch(5, bridge_builder=teammate, phase=Phase.OPTIONS)
    HouseholdFactory(bridge_builder=None)
    closed(bridge_builder=bridge_builder)
    for number in range(7):
        FollowUpFactory(household=own[number % 6], due_on=today - timedelta(days=number + 1))
    FollowUpFactory(household=own[0], due_on=today)
    FollowUpFactory(
        household=own[1],
        due_on=today - timedelta(days=3),
        status=FollowUp.Status.DONE,
        completed_at=at(today),
    )
    return own


def referrals(bridge_builder):
    """Received (by month sent): Jan 2026 3, Feb 4, Mar 5 — 12 in the period.
    Accepted in Feb: 5, after 1, 2, 3, 4 and 10 days (median 3); first contact 0, 1, 2, 5
    and 8 days after acceptance (median 2). Declined in Mar: 5 (3 not in the target group,
    2 other). Not counted: a draft, a referral sent in 2024, an inspiration tour (not a
    contact) and a visit before the acceptance."""
    answered = at(date(2026, 2, 10))
    accepted = []
    for days, contact_after in zip([1, 2, 3, 4, 10], [0, 1, 2, 5, 8], strict=True):
        household = HouseholdFactory(bridge_builder=bridge_builder)
        referral = ReferralFactory(
            status="accepted",
            household=household,
            assigned_to=bridge_builder,
            sent_at=answered - timedelta(days=days),
            answered_at=answered,
            answered_by=bridge_builder,
        )
        accepted.append(referral)
        first = answered.date() + timedelta(days=contact_after)
        JournalEntryFactory(household=household, occurred_on=first)
        JournalEntryFactory(household=household, occurred_on=first + timedelta(days=3))
        JournalEntryFactory(household=household, occurred_on=answered.date() - timedelta(days=5))
        JournalEntryFactory(
            household=household, kind="inspiration_tour", occurred_on=answered.date()
        )
    for number in range(5):
        ReferralFactory(
            status="declined",
            decline_reason="not_target_group" if number < 3 else "other",
            sent_at=at(date(2026, 3, 1)),
            answered_at=at(date(2026, 3, 2)),
            answered_by=bridge_builder,
        )
    ReferralFactory.create_batch(2, sent_at=at(date(2026, 1, 20)))
    ReferralFactory(status="draft", sent_at=None)
    ReferralFactory(sent_at=at(date(2024, 6, 1)))
    return accepted


def phases(bridge_builder):
    """Reopened in the period: 2 households (one of them twice); one reopened in 2024 and a
    change from 6 to 7 are not reopenings in the period. Closed in the period: 5 cases that
    lasted 10, 20, 30, 40 and 50 days (median 30); one closed in 2024 is not counted."""
    twice = HouseholdFactory(bridge_builder=bridge_builder)
    once = HouseholdFactory(bridge_builder=bridge_builder)
    PhaseChangeFactory(household=twice, changed_at=at(date(2025, 10, 1)))
    PhaseChangeFactory(household=twice, changed_at=at(date(2026, 2, 1)))
    PhaseChangeFactory(household=once, changed_at=at(date(2026, 2, 3)))
    PhaseChangeFactory(household=once, changed_at=at(date(2024, 2, 3)))
    PhaseChangeFactory(
        household=once,
        from_phase=Phase.MOVING,
        to_phase=Phase.POST_MOVE_VISIT,
        changed_at=at(date(2026, 2, 5)),
    )
    closed_on = date(2026, 3, 1)
    for days in [10, 20, 30, 40, 50]:
        closed(
            bridge_builder=bridge_builder,
            opened_on=closed_on - timedelta(days=days),
            closed_on=closed_on,
        )
    closed(bridge_builder=bridge_builder, opened_on=date(2024, 1, 1), closed_on=date(2024, 3, 1))
    return [twice, once]


def post_move_visits(bridge_builder):
    """The Esbjerg figure. 51 calls due on 15 Feb 2026 (one open, still overdue); a visit
    was offered to 48: 42 accepted, 4 declined, 2 did not answer; 2 were not offered one.
    Offered on time (done by the due date): 46 — two of the accepted were called late.
    A cancelled call is not counted."""
    due = date(2026, 2, 15)
    on_time, late = at(date(2026, 2, 10)), at(date(2026, 2, 20))

    def call(**outcome):
        household = HouseholdFactory(bridge_builder=bridge_builder, phase=Phase.POST_MOVE_VISIT)
        return FollowUpFactory(
            household=household,
            kind=FollowUp.Kind.POST_MOVE_VISIT,
            trigger_on=due - timedelta(days=14),
            due_on=due,
            **outcome,
        )

    done = {"status": FollowUp.Status.DONE}
    for number in range(42):
        call(
            **done,
            completed_at=late if number < 2 else on_time,
            visit_offered=True,
            visit_answer="accepted",
            visit_on=due,
        )
    for _ in range(4):
        call(**done, completed_at=on_time, visit_offered=True, visit_answer="declined")
    for _ in range(2):
        call(**done, completed_at=on_time, visit_offered=True, visit_answer="no_answer")
    for _ in range(2):
        call(**done, completed_at=on_time, visit_offered=False)
    call()
    call(status=FollowUp.Status.CANCELLED)


def overdue_ages(bridge_builder, today=date(2026, 3, 16)):
    """Open follow-ups overdue by 1 and 7 days, 8 and 14, 15 and 30, 31 and 100: two in each
    bucket. Due today and done ones are not overdue."""
    household = HouseholdFactory(bridge_builder=bridge_builder)
    for days in [1, 7, 8, 14, 15, 30, 31, 100]:
        FollowUpFactory(household=household, due_on=today - timedelta(days=days))
    FollowUpFactory(household=household, due_on=today)
    FollowUpFactory(
        household=household,
        due_on=today - timedelta(days=3),
        status=FollowUp.Status.DONE,
        completed_at=at(today),
    )


def bridge_holds(bridge_builder):
    """ "Does the bridge hold?" checks due 1 Mar 2026: 6 done on time, 1 done late, 2 open
    (overdue), 1 cancelled (not counted): 9 due, 7 done, 6 on time, 2 overdue."""
    due = date(2026, 3, 1)

    def check(**kwargs):
        household = closed(bridge_builder=bridge_builder)
        return FollowUpFactory(
            household=household,
            kind=FollowUp.Kind.BRIDGE_HOLDS,
            trigger_on=due - timedelta(weeks=12),
            due_on=due,
            **kwargs,
        )

    for number in range(7):
        check(
            status=FollowUp.Status.DONE,
            completed_at=at(date(2026, 2, 25) if number < 6 else date(2026, 3, 5)),
        )
    check()
    check()
    check(status=FollowUp.Status.CANCELLED)


def closures(bridge_builder):
    """10 cases closed in the period: practical matters 10, children enrolled 6, new local
    contact 8, no longer asks for help 5; all four 5. One closed in 2024 is not counted."""
    patterns = (
        [(True, True, True, True)] * 5
        + [(True, True, True, False)]
        + [(True, False, True, False)] * 2
        + [(True, False, False, False)] * 2
    )
    for practical, children, contact, asks in patterns:
        ClosureFactory(
            household=closed(bridge_builder=bridge_builder),
            closed_on=date(2026, 1, 10),
            practical_in_order=practical,
            children_enrolled=children,
            new_local_contact=contact,
            no_longer_asks_for_help=asks,
        )
    ClosureFactory(household=closed(bridge_builder=bridge_builder), closed_on=date(2024, 5, 1))


def housing_offers(bridge_builder):
    """Answered in the period: 6 accepted, 7 declined (5 rent, 2 size). Not counted: an offer
    still open and one answered in 2024."""
    answered = date(2026, 2, 1)
    offered = date(2026, 1, 20)
    for _ in range(6):
        HousingOfferFactory(
            household=HouseholdFactory(bridge_builder=bridge_builder),
            status="accepted",
            offered_on=offered,
            answer_deadline=offered,
            answered_on=answered,
        )
    for number in range(7):
        HousingOfferFactory(
            household=HouseholdFactory(bridge_builder=bridge_builder),
            status="declined",
            decline_reason="rent" if number < 5 else "size",
            offered_on=offered,
            answer_deadline=offered,
            answered_on=answered,
        )
    HousingOfferFactory(household=HouseholdFactory(bridge_builder=bridge_builder))
    HousingOfferFactory(
        household=HouseholdFactory(bridge_builder=bridge_builder),
        status="accepted",
        offered_on=date(2024, 1, 1),
        answer_deadline=date(2024, 1, 1),
        answered_on=date(2024, 1, 5),
    )


def rents(bridge_builder):
    """Households that moved in the period with an accepted offer, old rent 5,000 kr.:
    new rents 5,000, 5,250, 5,500, 6,000 and 7,500 — changes 0, 5, 10, 20 and 50 % (median
    10 %), 2 more than 10 % higher (10 % exactly is not). Not counted: a household without
    a known old rent and one that moved in 2024."""
    moved_on = date(2026, 2, 1)
    for rent in [5000, 5250, 5500, 6000, 7500]:
        moved_to_new_rent(bridge_builder, Decimal(5000), Decimal(rent), moved_on)
    unknown = HouseholdFactory(bridge_builder=bridge_builder, current_rent=None)
    offer = HousingOfferFactory(household=unknown, status="accepted", net_rent=9000)
    MoveFactory(household=unknown, offer=offer, moved_on=moved_on)
    earlier = HouseholdFactory(bridge_builder=bridge_builder, current_rent=Decimal(1000))
    offer = HousingOfferFactory(household=earlier, status="accepted", net_rent=9000)
    MoveFactory(household=earlier, offer=offer, moved_on=date(2024, 2, 1))


def moved_to_new_rent(bridge_builder, old_rent, new_rent, moved_on=date(2026, 2, 1)):
    """A household whose old rent was `old_rent`, moved on `moved_on` into the home of an
    offer at `new_rent` it accepted in January 2026."""
    household = HouseholdFactory(bridge_builder=bridge_builder, current_rent=old_rent)
    offer = HousingOfferFactory(
        household=household,
        status="accepted",
        net_rent=new_rent,
        offered_on=date(2026, 1, 1),
        answer_deadline=date(2026, 1, 1),
        answered_on=date(2026, 1, 5),
    )
    MoveFactory(household=household, offer=offer, moved_on=moved_on)
    return household


def needs(bridge_builder):
    """Economy: found in 6 households (one has it twice), met in 5; one more household has it
    marked not needed. School: found in 2, met in none. Daycare only marked not needed: not
    listed."""
    households = HouseholdFactory.create_batch(7, bridge_builder=bridge_builder)
    for number, household in enumerate(households[:6]):
        NeedFactory(household=household, category="economy", status="met" if number else "bridging")
    NeedFactory(household=households[1], category="economy", status="identified")
    NeedFactory(household=households[0], category="economy", status="identified")
    NeedFactory(household=households[6], category="economy", status="not_needed")
    NeedFactory(household=households[0], category="school")
    NeedFactory(household=households[1], category="school")
    NeedFactory(household=households[2], category="daycare", status="not_needed")


def receiving_areas(bridge_builder, moved_on=date(2026, 2, 1)):
    """From Vollsmose: 12 households into Odense Midtby (external; one of them moved twice),
    6 into Bolbro (5 external, 1 internal); from Korsløkken: 2 into Bolbro (internal).
    20 households in all: Midtby 60 % (over the 25 % warning), Bolbro 40 % and on the newest
    list (vulnerable 2025); Skt. Klemens took none. Share of homes: Bolbro 8 of 100,
    Midtby 12 of 1,000. A move in 2024 is not counted."""
    vollsmose = AreaFactory(name="Vollsmose", is_receiving_area=False)
    korsloekken = AreaFactory(name="Korsløkken", is_receiving_area=False)
    midtby = AreaFactory(name="Odense Midtby", is_transformation_area=False, homes_count=1000)
    bolbro = AreaFactory(name="Bolbro", is_transformation_area=False, homes_count=100)
    klemens = AreaFactory(name="Skt. Klemens", is_transformation_area=False)
    AreaListStatusFactory(area=bolbro, year=2025, status="vulnerable")
    AreaListStatusFactory(area=midtby, year=2023, status="prevention")

    def move(origin, destination, scope="external", on=moved_on):
        household = HouseholdFactory(
            bridge_builder=bridge_builder,
            origin_area=origin,
            rehousing_scope=scope,
            receiving_area=destination,
            phase=Phase.POST_MOVE_VISIT,
        )
        MoveFactory(household=household, receiving_area=destination, moved_on=on)
        return household

    twice = move(vollsmose, midtby)
    MoveFactory(household=twice, receiving_area=midtby, moved_on=moved_on + timedelta(days=9))
    for _ in range(11):
        move(vollsmose, midtby)
    for _ in range(5):
        move(vollsmose, bolbro)
    move(vollsmose, bolbro, scope="internal")
    for _ in range(2):
        move(korsloekken, bolbro, scope="internal")
    move(vollsmose, klemens, on=date(2024, 5, 1))
    return {
        "vollsmose": vollsmose,
        "korsloekken": korsloekken,
        "midtby": midtby,
        "bolbro": bolbro,
        "klemens": klemens,
    }


def _once(factory, **kwargs):
    """The row with these fields, made the first time: datasets may share actors."""
    return factory._meta.model.objects.filter(**kwargs).first() or factory(**kwargs)


def offers():
    """Two actors: a municipal one with two offers, an NGO with one."""
    kommune = _once(ActorFactory, name="Odense Kommune, Dagtilbud", municipality="Odense")
    ngo = _once(ActorFactory, name="Red Barnet", kind="ngo", municipality="")
    return {
        "kommune": kommune,
        "ngo": ngo,
        "daycare": _once(SupportOfferFactory, actor=kommune, name="Dagplads"),
        "mentor": _once(SupportOfferFactory, actor=kommune, name="Familiementor"),
        "homework": _once(SupportOfferFactory, actor=ngo, name="Lektiecafé"),
    }


def bridge(household, offer=None, status="requested", requested=None, **kwargs):
    """A bridge to `offer` (or to a local contact) requested at `requested` (None: never
    requested)."""
    if offer is None:
        area = AreaFactory(name="Dalum", is_transformation_area=False, is_receiving_area=False)
        kwargs["local_contact"] = LocalContactFactory(area=area)
    return BridgeFactory(
        household=household,
        support_offer=offer,
        status=status,
        requested_at=requested,
        answered_at=requested + timedelta(days=2)
        if requested and status not in ("proposed", "requested")
        else None,
        **kwargs,
    )


def bridges_used(bridge_builder):
    """Households with a bridge requested in the period (any status since but "proposed"):
    Dagplads 7 (one household twice), Familiementor 5 (two of them also at Dagplads),
    Lektiecafé 3 (one of them also at Familiementor). Actors: Odense Kommune, Dagtilbud 10
    (Dagplads and Familiementor), Red Barnet 3. All together 12 households.
    Not counted: a bridge still proposed, one proposed and ended without a request, one
    declined and proposed again, one requested in 2024, and a bridge to a local contact."""
    places = offers()
    requested = at(date(2026, 1, 15))
    households = HouseholdFactory.create_batch(17, bridge_builder=bridge_builder)
    statuses = ["requested", "confirmed", "active", "declined", "ended", "confirmed", "active"]
    for household, status in zip(households[:7], statuses, strict=True):
        bridge(household, places["daycare"], status, requested)
    bridge(households[0], places["daycare"], "declined", at(date(2025, 11, 3)))
    for household in households[5:10]:
        bridge(household, places["mentor"], "confirmed", requested)
    for household in households[9:12]:
        bridge(household, places["homework"], "active", requested)
    bridge(households[12], places["homework"], "proposed")
    bridge(households[13], places["homework"], "ended")
    bridge(households[14], places["homework"], "proposed", requested)
    bridge(households[15], places["mentor"], "confirmed", at(date(2024, 6, 1)))
    bridge(households[16], None, "confirmed", requested)
    return places


UTC = ZoneInfo("UTC")


def pending_requests(bridge_builder, today=date(2026, 3, 16)):
    """Requests pending (status requested) now, by whole local days since the request.
    Odense Kommune, Dagtilbud: 0–7 days 6 households (0, 1, 3, 5 days; one sent at 23:30 UTC
    eight days ago — 00:30 seven days ago in Copenhagen; and one also pending 30 days), 8–14
    days 2 (8 and 14), 15–30 days 1 (the one also pending 3 days), more than 30 days 1 (31):
    9 households in all (one counts in two ages). Red Barnet: more than 30 days 2 (45, 100).
    All actors: 6, 2, 1 and 3 — 11 households.
    Not counted: a request to a local contact, a confirmed and a proposed bridge."""
    places = offers()
    daycare, mentor, homework = places["daycare"], places["mentor"], places["homework"]

    def request(offer, days, household=None, hour=9):
        household = household or HouseholdFactory(bridge_builder=bridge_builder)
        bridge(household, offer, "requested", at(today - timedelta(days=days), hour))
        return household

    for days in [0, 1, 3, 5]:
        request(daycare, days)
    eighth = today - timedelta(days=8)
    bridge(
        HouseholdFactory(bridge_builder=bridge_builder),
        mentor,
        "requested",
        datetime(eighth.year, eighth.month, eighth.day, 23, 30, tzinfo=UTC),
    )
    request(daycare, 8, hour=10)
    request(mentor, 14)
    request(mentor, 3, household=request(daycare, 30))
    request(mentor, 31)
    request(homework, 45)
    request(homework, 100)
    household = HouseholdFactory(bridge_builder=bridge_builder)
    bridge(household, None, "requested", at(today - timedelta(days=2)))
    bridge(household, daycare, "confirmed", at(today - timedelta(days=2)))
    bridge(household, homework, "proposed")
    return places


def referral_bridges(bridge_builder):
    """8 households from referrals accepted in the period (10 Feb 2026); 5 have at least one
    confirmed bridge (status confirmed or active; one of them to a local contact, one with
    two and one also with a declined bridge): 62.5 %. The other 3 have only a bridge
    declined, requested or ended. Not counted: a referral accepted in 2024 whose household
    has a confirmed bridge, and a declined referral."""
    places = offers()
    answered = at(date(2026, 2, 10))

    def accepted(answered_at=answered):
        household = HouseholdFactory(bridge_builder=bridge_builder)
        ReferralFactory(
            status="accepted",
            household=household,
            assigned_to=bridge_builder,
            sent_at=answered_at - timedelta(days=3),
            answered_at=answered_at,
            answered_by=bridge_builder,
        )
        return household

    requested = at(date(2026, 2, 20))
    households = [accepted() for _ in range(8)]
    bridge(households[0], places["daycare"], "confirmed", requested)
    bridge(households[1], places["daycare"], "active", requested)
    bridge(households[1], places["mentor"], "confirmed", requested)
    bridge(households[2], places["homework"], "active", requested)
    bridge(households[2], places["mentor"], "declined", requested)
    bridge(households[3], places["mentor"], "confirmed", requested)
    bridge(households[4], None, "confirmed", requested)
    bridge(households[5], places["daycare"], "declined", requested)
    bridge(households[6], places["daycare"], "requested", requested)
    bridge(households[7], places["homework"], "ended", requested)
    earlier = accepted(at(date(2024, 5, 1)))
    bridge(earlier, places["daycare"], "confirmed", at(date(2024, 5, 10)))
    ReferralFactory(
        status="declined",
        decline_reason="other",
        sent_at=at(date(2026, 3, 1)),
        answered_at=at(date(2026, 3, 2)),
        answered_by=bridge_builder,
    )
    return households
