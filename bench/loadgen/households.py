"""Households with members, needs, consents, housing offers, moves and closures."""

from datetime import timedelta
from decimal import Decimal

from actors.needs import NeedCategory
from bench.loadgen.data import (
    FIRST_NAMES_ADULT,
    FIRST_NAMES_CHILD,
    LANGUAGES,
    NAME_PREFIX,
    NEED_WEIGHTS,
    NOTE_MIDDLES,
    OFFER_DECLINE_REASONS,
    REFERENCE_PREFIX,
    STREETS,
    SURNAMES,
)
from bench.loadgen.writer import Story, _at, _between, _weighted
from households.models import (
    OPEN_PHASES,
    Closure,
    Consent,
    Household,
    HousingOffer,
    Member,
    Move,
    Need,
    Phase,
)


class HouseholdsMixin:
    """Households with members, needs, consents, housing offers, moves and closures."""

    def make_households(self):
        rng, today = self.rng, self.today
        phase_weights = [12, 10, 10, 12, 12, 8, 8, 28]
        self.stories = []
        households = []
        for n in range(1, self.n + 1):
            closed = rng.random() < self.closed_share
            index = 9 if closed else rng.choices(range(1, 9), phase_weights)[0]
            if closed:
                opened = today - timedelta(days=rng.randint(200, 3650))
                end = min(opened + timedelta(days=rng.randint(150, 720)), today - timedelta(1))
            else:
                opened = today - timedelta(days=index * 35 + rng.randint(0, 200))
                end = today
            # A few ongoing cases with years of weekly contact: the case page's worst case.
            long_timeline = index == 8 and rng.random() < 0.02
            if long_timeline:
                opened = today - timedelta(days=rng.randint(700, 1800))
            moved_on = None
            if index == 6:
                moved_on = today + timedelta(days=rng.randint(-10, 30))
            elif index == 7:
                moved_on = today - timedelta(days=rng.randint(1, 20))
            elif index == 8 or (closed and rng.random() < 0.85):
                latest = end - timedelta(days=20)
                moved_on = _between(rng, min(opened + timedelta(days=60), latest), latest)
            origin = rng.choice(self.leaving)
            builder = rng.choice(self.builders)
            surname = rng.choice(SURNAMES)
            name = rng.choices(
                [f"Familien {surname}", f"Fru {surname}", f"Hr. {surname}"], [70, 18, 12]
            )[0]
            receiving = rng.choice(self.receiving[origin.municipality]) if moved_on else None
            language = _weighted(rng, LANGUAGES)
            last_activity = _at(min(end, today), rng)
            household = Household(
                reference=f"{REFERENCE_PREFIX}{n:06d}",
                display_name=f"{NAME_PREFIX}{name}",
                origin_area=origin,
                origin_address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}, "
                f"{rng.randint(1, 8)}. {rng.choice(['th', 'tv', 'mf'])}., {origin.municipality}",
                rehousing_kind=rng.choices(Household.RehousingKind.values, [90, 10])[0],
                rehousing_scope=rng.choices(Household.RehousingScope.values, [25, 75])[0],
                current_rent=Decimal(rng.randint(38, 95) * 100),
                preferred_language=language,
                interpreter_needed=language != "dansk" and rng.random() < 0.6,
                wishes_home=rng.choice(
                    ["", "3 værelser med elevator", "Tæt på skolen", "Stueetage, have"]
                ),
                wishes_area=rng.choice(["", "Tæt på familie", "Centralt", "Nær moské og bus"]),
                own_resources=rng.choice(["", "Søster kan hjælpe med at pakke", "Stor familie"]),
                old_department=f"Afdeling {rng.randint(1, 60)}",
                old_rooms=rng.randint(1, 5),
                old_area_m2=rng.randint(45, 130),
                old_deposit=Decimal(rng.randint(50, 300) * 100),
                termination_received_on=opened + timedelta(days=rng.randint(-30, 30)),
                termination_ground=rng.choices(Household.TerminationGround.values, [90, 10])[0],
                notice_months=rng.choice([3, 6, 12]),
                bridge_builder=builder,
                team_id=builder.team_id,
                phase=Phase.CLOSED if closed else OPEN_PHASES[index - 1],
                opened_on=opened,
                closed_on=end if closed else None,
                next_contact_on=(
                    None
                    if closed or rng.random() < 0.15
                    else today + timedelta(days=rng.randint(-20, 45))
                ),
                receiving_area=receiving,
                version=rng.randint(1, 12),
            )
            self.stamp(household, _at(opened, rng), last_activity)
            households.append(household)
            self.stories.append(
                Story(household, index, opened, end, moved_on=moved_on, long_timeline=long_timeline)
            )
        self.bulk(Household, households)

    def make_members_and_needs(self):
        rng, year = self.rng, self.today.year
        members = []
        for story in self.stories:
            size = rng.choices(range(1, 7), [22, 18, 20, 18, 13, 9])[0]
            adult_age = rng.randint(22, 86)
            rows = [("applicant", adult_age)]
            if size >= 2 and rng.random() < 0.5:
                rows.append(("partner", max(20, adult_age + rng.randint(-6, 6))))
            while len(rows) < size:
                if adult_age > 40 and rng.random() < 0.15:
                    rows.append(("other_adult", rng.randint(18, 30)))
                else:
                    rows.append(("child", rng.randint(0, min(17, max(0, adult_age - 18)))))
            created = _at(story.opened_on, rng)
            for relation, age in rows:
                adult = relation != "child"
                member = Member(
                    household_id=story.household.pk,
                    first_name=rng.choice(FIRST_NAMES_ADULT if adult else FIRST_NAMES_CHILD),
                    birth_year=year - age,
                    relation=relation,
                    language=story.household.preferred_language if adult else "",
                    is_interpreter=not adult and age >= 12 and rng.random() < 0.3,
                    needs_school_change=not adult and 6 <= age <= 16 and rng.random() < 0.6,
                    needs_daycare=not adult and age <= 5 and rng.random() < 0.7,
                    is_elderly=adult and age >= 67,
                    has_disability=rng.random() < 0.06,
                    early_retirement=adult and 40 <= age < 67 and rng.random() < 0.1,
                )
                self.stamp(member, created)
                members.append(member)
                story.members.append(member)
        self.bulk(Member, members)

        needs = []
        categories, weights = zip(*NEED_WEIGHTS.items(), strict=True)
        for story in self.stories:
            builder = story.household.bridge_builder
            chosen = []
            for member in story.members:
                if member.needs_school_change:
                    chosen.append((NeedCategory.SCHOOL, member))
                if member.needs_daycare:
                    chosen.append((NeedCategory.DAYCARE, member))
                if member.is_elderly:
                    chosen.append((NeedCategory.ELDERLY, member))
            for _ in range(rng.choices(range(0, 5), [15, 30, 30, 15, 10])[0]):
                chosen.append((rng.choices(categories, weights)[0], None))
            for category, member in chosen[:8]:
                if story.phase_index <= 2:
                    status = Need.Status.IDENTIFIED
                else:
                    status = rng.choices(
                        Need.Status.values,
                        [10, 20, 55, 15] if story.phase_index >= 7 else [35, 35, 20, 10],
                    )[0]
                day = _between(rng, story.opened_on, story.end_on)
                need = Need(
                    household_id=story.household.pk,
                    member_id=member.pk if member else None,
                    category=category,
                    status=status,
                    note=rng.choice(["", rng.choice(NOTE_MIDDLES)])[:300],
                    noted_by_id=builder.pk,
                )
                self.stamp(need, _at(day, rng))
                needs.append(need)
                story.needs.append(need)
        self.bulk(Need, needs)

    def make_consents(self):
        rng = self.rng
        consents, links = [], []
        for story in self.stories:
            if rng.random() > 0.88:
                continue
            given = min(story.opened_on + timedelta(days=rng.randint(0, 14)), story.end_on)
            consent = Consent(
                household=story.household,
                given_on=given,
                method=rng.choices(Consent.Method.values, [70, 30])[0],
                covers_all_actors=rng.random() < 0.8,
                purpose="Brobygning ved genhusning",
                withdrawn_on=(
                    min(given + timedelta(days=30), self.today) if rng.random() < 0.03 else None
                ),
                recorded_by=story.household.bridge_builder,
            )
            self.stamp(consent, _at(given, rng))
            consents.append(consent)
        consents = self.bulk(Consent, consents)
        through = Consent.actors.through
        for consent in consents:
            if not consent.covers_all_actors:
                for actor in rng.sample(self.actors, rng.randint(1, 3)):
                    links.append(through(consent_id=consent.pk, actor_id=actor.pk))
        self.bulk(through, links)

    def make_offers_moves_closures(self):
        rng, today = self.rng, self.today
        offers = []
        for story in self.stories:
            moved = story.moved_on is not None
            if story.phase_index != 5 and not moved:
                continue
            household = story.household
            municipality = household.origin_area.municipality
            count = 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
            last_day = min(story.moved_on - timedelta(days=20), today) if moved else today
            first_day = max(story.opened_on, last_day - timedelta(days=200))
            days = sorted(_between(rng, first_day, last_day) for _ in range(count))
            for i, offered_on in enumerate(days):
                last = i == count - 1
                if moved and last:
                    status, answered = HousingOffer.Status.ACCEPTED, offered_on + timedelta(3)
                elif last and not moved:
                    status = rng.choice([HousingOffer.Status.OFFERED, HousingOffer.Status.DRAFT])
                    answered = None
                else:
                    status = rng.choices(
                        [HousingOffer.Status.DECLINED, HousingOffer.Status.EXPIRED], [85, 15]
                    )[0]
                    answered = offered_on + timedelta(days=rng.randint(1, 10))
                area = (
                    household.receiving_area
                    if moved and last
                    else rng.choice(self.receiving[municipality])
                )
                offer = HousingOffer(
                    household=household,
                    offer_number=str(i + 1),
                    address=f"{rng.choice(STREETS)} {rng.randint(1, 200)}, {area.municipality}",
                    receiving_area=area,
                    housing_organisation=area.housing_organisation,
                    department=f"Afdeling {rng.randint(1, 80)}",
                    rooms=rng.randint(1, 6),
                    area_m2=rng.randint(40, 140),
                    net_rent=Decimal(rng.randint(40, 120) * 100),
                    deposit=Decimal(rng.randint(80, 350) * 100),
                    floor=rng.randint(0, 8),
                    has_lift=rng.random() < 0.4,
                    offered_on=offered_on,
                    answer_deadline=offered_on + timedelta(days=rng.randint(7, 14)),
                    status=status,
                    decline_reason=(
                        rng.choice(OFFER_DECLINE_REASONS)
                        if status == HousingOffer.Status.DECLINED
                        else ""
                    ),
                    answered_on=answered,
                    location_suitable=rng.random() < 0.7,
                    quality_suitable=rng.random() < 0.8,
                    note=rng.choice(["", "Familien vil gerne se boligen først."]),
                    created_by=household.bridge_builder,
                )
                self.stamp(offer, _at(offered_on, rng))
                offers.append(offer)
                story.offers.append(offer)
        self.bulk(HousingOffer, offers)

        moves, closures = [], []
        for story in self.stories:
            household = story.household
            if story.moved_on:
                accepted = story.offers[-1] if story.offers and rng.random() < 0.9 else None
                move = Move(
                    household=household,
                    offer=accepted,
                    moved_on=story.moved_on,
                    new_address=(
                        accepted.address
                        if accepted
                        else f"{rng.choice(STREETS)} {rng.randint(1, 99)}"
                    ),
                    receiving_area=household.receiving_area,
                    help_on_the_day=rng.choice(["", "Flyttefirma", "Familie og venner"]),
                    registered_by=household.bridge_builder,
                )
                self.stamp(move, _at(min(story.moved_on, self.today), rng))
                moves.append(move)
                story.move = move
            if story.phase_index == 9:
                criteria = [rng.random() < p for p in (0.9, 0.8, 0.7, 0.75)]
                closure = Closure(
                    household=household,
                    closed_on=story.end_on,
                    practical_in_order=criteria[0],
                    children_enrolled=criteria[1],
                    new_local_contact=criteria[2],
                    no_longer_asks_for_help=criteria[3],
                    assessment=rng.choice(NOTE_MIDDLES),
                    justification="" if all(criteria) else "Familien ønsker at afslutte.",
                    closed_by=household.bridge_builder,
                )
                self.stamp(closure, _at(story.end_on, rng))
                closures.append(closure)
                story.closure = closure
        self.bulk(Move, moves)
        self.bulk(Closure, closures)
