"""Users, teams and the directory: organisations, areas, actors, offers."""

from collections import Counter, defaultdict
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from actors.models import (
    Actor,
    Agreement,
    Area,
    AreaCriterionValue,
    AreaListStatus,
    ContactPerson,
    Criterion,
    HousingOrganisation,
    ListStatus,
    LocalContact,
    SupportOffer,
    SupportOfferCategory,
)
from bench.loadgen.data import (
    ACTORS,
    MUNICIPALITIES,
    NAME_PREFIX,
    NATIONAL_ACTORS,
    NOTE_MIDDLES,
    ORGANISATIONS,
    STAFF_FIRST,
    STAFF_LAST,
    TEAMS,
    USERNAME_PREFIX,
)
from brobygning.core.models import Team, User
from brobygning.core.roles import Role


class ActorsMixin:
    """Users, teams and the directory: organisations, areas, actors, offers."""

    # Users and teams
    def make_users(self):
        rng, now = self.rng, timezone.now()
        self.teams = self.bulk(
            Team,
            [self.stamp(Team(name=f"{NAME_PREFIX}Brobyggerteam {name}"), now) for name in TEAMS],
        )
        groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role}
        plan = (
            [(Role.ADMINISTRATOR, "admin", None)] * 2
            + [(Role.MANAGER, "leder", i % len(self.teams)) for i in range(8)]
            + [(Role.BRIDGE_BUILDER, "bb", i % len(self.teams)) for i in range(150)]
            + [(Role.REHOUSING_CONSULTANT, "genhus", None)] * 20
            + [(Role.ACTOR_CONTACT, "kontakt", None)] * 20
        )
        serial, users = Counter(), []
        for role, short, team in plan:
            serial[short] += 1
            first, last = rng.choice(STAFF_FIRST), rng.choice(STAFF_LAST)
            username = f"{USERNAME_PREFIX}{short}-{serial[short]:03d}"
            users.append(
                User(
                    username=username,
                    password=self.password,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@load.brobygning.test",
                    phone=f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                    f"{rng.randint(10, 99)}",
                    team=self.teams[team] if team is not None else None,
                    is_staff=role == Role.ADMINISTRATOR,
                    date_joined=now - timedelta(days=rng.randint(30, 2000)),
                )
            )
        users = self.bulk(User, users)
        through = User.groups.through
        self.bulk(
            through,
            [
                through(user_id=u.pk, group_id=groups[role].pk)
                for u, (role, *_) in zip(users, plan, strict=True)
            ],
        )
        self.by_role = defaultdict(list)
        for user, (role, *_) in zip(users, plan, strict=True):
            self.by_role[role].append(user)
        self.builders = self.by_role[Role.BRIDGE_BUILDER]
        self.team_builders = defaultdict(list)
        for builder in self.builders:
            self.team_builders[builder.team_id].append(builder)

    # The directory
    def make_directory(self):
        rng, now = self.rng, timezone.now()
        since = now - timedelta(days=1500)
        self.organisations = self.bulk(
            HousingOrganisation,
            [
                self.stamp(
                    HousingOrganisation(name=f"{NAME_PREFIX}{name}", max_offers=limit), since
                )
                for name, limit in ORGANISATIONS
            ],
        )
        areas = []
        for municipality, (leaving, receiving) in MUNICIPALITIES.items():
            for name in leaving + receiving:
                areas.append(
                    self.stamp(
                        Area(
                            name=f"{NAME_PREFIX}{name}",
                            municipality=municipality,
                            housing_organisation=rng.choice(self.organisations),
                            is_transformation_area=name in leaving,
                            is_receiving_area=name in receiving,
                            has_social_housing_plan=rng.random() < 0.5,
                            facilities=f"Indkøb, skole og bus i {name}. "
                            + rng.choice(NOTE_MIDDLES),
                            homes_count=rng.randint(400, 3500),
                        ),
                        since,
                    )
                )
        self.areas = self.bulk(Area, areas)
        self.leaving = [a for a in self.areas if a.is_transformation_area]
        self.receiving = defaultdict(list)
        for area in self.areas:
            if area.is_receiving_area:
                self.receiving[area.municipality].append(area)

        statuses, values, contacts = [], [], []
        for area in self.areas:
            for year in range(2019, self.today.year):
                status = (
                    ListStatus.TRANSFORMATION
                    if area.is_transformation_area
                    else rng.choice([ListStatus.NONE, ListStatus.NONE, ListStatus.PREVENTION])
                )
                statuses.append(
                    self.stamp(AreaListStatus(area=area, year=year, status=status), since)
                )
                for criterion in Criterion:
                    high = 3 if criterion == Criterion.CONVICTIONS_RATIO else 80
                    values.append(
                        self.stamp(
                            AreaCriterionValue(
                                area=area,
                                year=year,
                                criterion=criterion,
                                value=Decimal(rng.randint(10, high * 10)) / 10,
                                source="LBF Beboerdata",
                                data_year=year - 1,
                            ),
                            since,
                        )
                    )
            if area.is_receiving_area:
                for _ in range(rng.randint(3, 6)):
                    kind = rng.choice(LocalContact.Kind.values)
                    contacts.append(
                        self.stamp(
                            LocalContact(
                                area=area,
                                name=f"{rng.choice(STAFF_FIRST)} {rng.choice(STAFF_LAST)}",
                                kind=kind,
                                phone=f"{rng.randint(20, 99)} {rng.randint(10, 99)} 00 00",
                                note="Tager gerne imod nye naboer.",
                                is_active=rng.random() < 0.9,
                            ),
                            since,
                        )
                    )
        self.bulk(AreaListStatus, statuses)
        self.bulk(AreaCriterionValue, values)
        self.local_contacts = defaultdict(list)
        for contact in self.bulk(LocalContact, contacts):
            self.local_contacts[contact.area_id].append(contact)

        actors, offer_specs = [], []
        for municipality in MUNICIPALITIES:
            for name, kind, offers in ACTORS:
                actors.append((f"{NAME_PREFIX}{name} {municipality}", kind, municipality, offers))
        for name, kind, offers in NATIONAL_ACTORS:
            actors.append((f"{NAME_PREFIX}{name}", kind, "", offers))
        actor_rows = self.bulk(
            Actor,
            [
                self.stamp(
                    Actor(
                        name=name,
                        kind=kind,
                        municipality=municipality,
                        phone=f"{rng.randint(30, 99)} {rng.randint(10, 99)} 10 00",
                        email=f"kontakt{i}@load.brobygning.test",
                        is_active=rng.random() < 0.96,
                        note=rng.choice(["", "Åben mandag-torsdag.", "Kontakt via hovedmail."]),
                    ),
                    since,
                )
                for i, (name, kind, municipality, _) in enumerate(actors)
            ],
        )
        contact_rows, agreements = [], []
        for actor in actor_rows:
            for _ in range(rng.randint(1, 3)):
                contact_rows.append(
                    self.stamp(
                        ContactPerson(
                            actor=actor,
                            name=f"{rng.choice(STAFF_FIRST)} {rng.choice(STAFF_LAST)}",
                            role=rng.choice(["Konsulent", "Leder", "Sagsbehandler", "Frivillig"]),
                            email=f"cp{len(contact_rows)}@load.brobygning.test",
                            languages=rng.choice(["dansk", "dansk, engelsk", "dansk, arabisk"]),
                        ),
                        since,
                    )
                )
            if actor.kind == Actor.Kind.MUNICIPAL and rng.random() < 0.4:
                agreements.append(
                    self.stamp(
                        Agreement(
                            actor=actor,
                            title=f"Samarbejdsaftale om genhusning ({actor.name})",
                            description="Hurtig behandling af henvendelser om genhusede.",
                            valid_from=self.today - timedelta(days=rng.randint(100, 1000)),
                        ),
                        since,
                    )
                )
        # The actor contacts speak for municipal units, schools and daycare: the first contact
        # person of 20 such actors gets a user account.
        answering = [
            c
            for c in contact_rows
            if c.actor.kind in (Actor.Kind.MUNICIPAL, Actor.Kind.SCHOOL, Actor.Kind.DAYCARE)
        ]
        firsts = list({c.actor.pk: c for c in reversed(answering)}.values())
        firsts.sort(key=lambda c: c.actor.pk)
        for contact, user in zip(
            rng.sample(firsts, 20), self.by_role[Role.ACTOR_CONTACT], strict=True
        ):
            contact.user, contact.is_active = user, True
            contact.name = f"{user.first_name} {user.last_name}"
        self.bulk(ContactPerson, contact_rows)
        agreement_of = {a.actor_id: a for a in self.bulk(Agreement, agreements)}

        actor_by_name = {a.name: a for a in actor_rows}
        offers, categories, offer_areas = [], [], []
        for name, _kind, municipality, specs in actors:
            actor = actor_by_name[name]
            for offer_name, needs in specs:
                offers.append(
                    self.stamp(
                        SupportOffer(
                            actor=actor,
                            name=offer_name,
                            description=rng.choice(NOTE_MIDDLES),
                            target_group=rng.choice(
                                ["Familier med børn.", "Voksne over 18 år.", "Alle genhusede."]
                            ),
                            how_to_refer="Ring eller skriv til kontaktpersonen.",
                            agreement=agreement_of.get(actor.pk) if rng.random() < 0.5 else None,
                            is_active=rng.random() < 0.95,
                        ),
                        since,
                    )
                )
                offer_specs.append((needs, municipality))
        offers = self.bulk(SupportOffer, offers)
        through = SupportOffer.areas.through
        for offer, (needs, municipality) in zip(offers, offer_specs, strict=True):
            for need in needs:
                categories.append(SupportOfferCategory(offer=offer, category=need))
            if municipality and rng.random() < 0.3:
                for area in rng.sample(self.receiving[municipality], rng.randint(1, 2)):
                    offer_areas.append(through(supportoffer_id=offer.pk, area_id=area.pk))
        self.bulk(SupportOfferCategory, categories)
        self.bulk(through, offer_areas)
        self.actors = actor_rows
        self.offers_by_municipality = defaultdict(list)
        for offer, (_needs, municipality) in zip(offers, offer_specs, strict=True):
            if offer.is_active and offer.actor.is_active:
                self.offers_by_municipality[municipality].append(offer)

    # Households
