"""Demo cases that tell the report's stories (used by `manage.py seed_demo`)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from actors.demo import demo_areas
from actors.models import Area
from actors.needs import NeedCategory
from households import services
from households.models import (
    OPEN_PHASES,
    Closure,
    Household,
    HousingOffer,
    JournalEntry,
    Member,
    Move,
    Need,
    Phase,
)


def seed(*, users, stdout):
    areas = demo_areas()
    if Household.objects.exists():
        stdout.write("Households exist already; demo cases not added again.")
        return
    builder, builder2 = users["brobygger"], users["brobygger2"]
    _vollsmose_mother(areas, builder)
    _esbjerg_follow_up_calls(areas, builder2)
    _more_households(areas, builder, builder2)
    _bridges(builder)
    _unassigned(areas, builder)
    _spread_phase_changes()
    stdout.write(f"Demo cases: {Household.objects.count()} households.")


def _today(offset=0):
    return timezone.localdate() + timedelta(days=offset)


def _household(by, **fields):
    household = Household(bridge_builder=by, **fields)
    return services.household_create(household=household, by=by)


def _members(household, *members):
    created = []
    for first_name, age, relation, flags in members:
        created.append(
            Member.objects.create(
                household=household,
                first_name=first_name,
                birth_year=_today().year - age,
                relation=relation,
                **flags,
            )
        )
    return created


def _need(household, by, category, status, member=None, note=""):
    return Need.objects.create(
        household=household,
        member=member,
        category=category,
        status=status,
        note=note,
        noted_by=by,
    )


def _journal(household, by, days_ago, kind, **fields):
    entry = JournalEntry(household=household, occurred_on=_today(-days_ago), kind=kind, **fields)
    return services.journal_entry_add(entry=entry, by=by)


def _advance(household, by, to_phase, note=""):
    return services.phase_change(household=household, to_phase=to_phase, by=by, note=note)


def _vollsmose_mother(areas, by):
    """Report: "Enlig mor med fire børn skal flytte" – Vollsmose to the city centre."""
    h = _household(
        by,
        display_name="Familien Haddad",
        origin_area=areas["Vollsmose"],
        origin_address="Granparken 12, 2. th.",
        origin_postcode="5240",
        origin_town="Odense NØ",
        rehousing_scope=Household.RehousingScope.EXTERNAL,
        current_rent=Decimal("6200"),
        preferred_language="arabisk",
        interpreter_needed=True,
        wishes_home="4 værelser, tæt på skole og busforbindelse",
        wishes_area="Centralt i Odense; den ældste vil gerne tæt på sine venner",
        own_resources="Morens søster i Bolbro kan hjælpe med at pakke",
        old_rooms=4,
        old_area_m2=92,
        termination_ground=Household.TerminationGround.DEMOLITION,
        termination_received_on=_today(-120),
        termination_effective_on=_today(-30),
        opened_on=_today(-150),
    )
    mother, eldest, middle, youngest_school, toddler = _members(
        h,
        ("Samira", 41, Member.Relation.APPLICANT, {"language": "arabisk"}),
        ("Yusuf", 16, Member.Relation.CHILD, {"needs_school_change": True}),
        ("Lina", 12, Member.Relation.CHILD, {"needs_school_change": True}),
        ("Omar", 10, Member.Relation.CHILD, {}),
        ("Nour", 4, Member.Relation.CHILD, {"needs_daycare": True}),
    )
    Cat = NeedCategory
    _need(h, by, Cat.SCHOOL, "met", eldest, "Optaget på ungdomsuddannelse tæt på Vollsmose")
    _need(h, by, Cat.SCHOOL, "met", middle, "Møde med ny distriktsskole før sommerferien")
    _need(h, by, Cat.SCHOOL, "not_needed", youngest_school, "Bliver i sin specialklasse")
    _need(h, by, Cat.DAYCARE, "met", toddler, "Hurtig plads via aftale med pladsanvisningen")
    _need(h, by, Cat.DIGITAL, "bridging", middle, "Ansøgt om pc via Støtte for Mødre og Børn")
    _need(h, by, Cat.LEISURE, "bridging", None, "Lokalt ungdomscenter og fritidsvejleder")
    _need(h, by, Cat.EMPLOYMENT, "identified", mother, "Mister beskæftigelsesmentor ved flytning")
    _journal(
        h,
        by,
        140,
        JournalEntry.Kind.HOME_VISIT,
        note="Første hjemmebesøg med tolk. Familien skal flytte midt i sommerferien.",
        what_changed="Familiens ønsker og behov er afdækket",
        next_step="Skoleskift for de tre ældste",
    )
    _advance(h, by, Phase.OPTIONS)
    _journal(
        h,
        by,
        120,
        JournalEntry.Kind.INSPIRATION_TOUR,
        note="Tur til Odense Midtby og Bolbro med moren.",
        what_changed="Moren foretrækker midtbyen",
    )
    _advance(h, by, Phase.TASKS)
    _journal(
        h,
        by,
        100,
        JournalEntry.Kind.MEETING,
        note="Møde på den nye distriktsskole med moren og Lina.",
        place="Distriktsskolen",
    )
    _advance(h, by, Phase.BRIDGING)
    _advance(h, by, Phase.HOUSING_OFFER)
    offer = services.offer_save(
        offer=HousingOffer(
            household=h,
            offer_number="1",
            address="Kongensgade 40, 3. tv.",
            postcode="5000",
            town="Odense C",
            receiving_area=areas["Odense Midtby"],
            housing_organisation=areas["Odense Midtby"].housing_organisation,
            rooms=4,
            area_m2=88,
            net_rent=Decimal("6900"),
            deposit=Decimal("20000"),
            floor=3,
            has_lift=True,
            offered_on=_today(-60),
            answer_deadline=_today(-50),
            status=HousingOffer.Status.OFFERED,
            location_suitable=True,
            quality_suitable=True,
        ),
        by=by,
    )
    offer = services.offer_answer(
        offer=offer, status=HousingOffer.Status.ACCEPTED, answered_on=_today(-55), by=by
    )
    services.move_register(
        move=Move(
            household=h,
            offer=offer,
            moved_on=_today(-10),
            new_address=offer.address,
            new_postcode=offer.postcode,
            new_town=offer.town,
            receiving_area=offer.receiving_area,
            help_on_the_day="Flyttefirma og morens søster",
        ),
        by=by,
    )
    _advance(h, by, Phase.POST_MOVE_VISIT)
    _journal(
        h,
        by,
        2,
        JournalEntry.Kind.PHONE_CALL,
        note="Ringede 14 dage efter flytningen og tilbød et opfølgende besøg. Moren sagde ja.",
        what_changed="God kontakt til den ældre nabo",
        next_step="Opfølgende besøg og introduktion til ungdomscentret",
        next_contact_on=_today(5),
    )


def _esbjerg_follow_up_calls(areas, by):
    """Report: Esbjerg calls every household 14 days after the move and offers a visit."""
    for index, (name, days_since_move, answer) in enumerate(
        [
            ("Familien Jensen", 16, "Takkede ja til besøg"),
            ("Hr. Mortensen", 20, "Ønskede ikke besøg; alt er på plads"),
            ("Familien Osman", 9, ""),
        ]
    ):
        h = _household(
            by,
            display_name=name,
            origin_area=areas["Stengårdsvej"],
            origin_address=f"Stengårdsvej {20 + index}",
            origin_postcode="6705",
            origin_town="Esbjerg Ø",
            current_rent=Decimal("5400"),
            old_rooms=3,
            opened_on=_today(-200),
        )
        _members(h, ("Adult", 45 + index * 10, Member.Relation.APPLICANT, {}))
        for phase in (Phase.OPTIONS, Phase.TASKS, Phase.BRIDGING, Phase.HOUSING_OFFER):
            _advance(h, by, phase)
        services.move_register(
            move=Move(
                household=h,
                moved_on=_today(-days_since_move),
                new_address=f"Kongensgade {10 + index}",
                new_postcode="6700",
                new_town="Esbjerg",
                receiving_area=areas["Esbjerg Centrum"],
            ),
            by=by,
        )
        if answer:
            _journal(
                h,
                by,
                days_since_move - 14,
                JournalEntry.Kind.PHONE_CALL,
                note=f"Opkald 14 dage efter flytning. {answer}.",
                next_contact_on=_today(-2) if index == 0 else None,
            )


def _more_households(areas, builder, builder2):
    cases = [
        ("Familien Yilmaz", "Gellerup", builder, Phase.FIRST_CONTACT, 3),
        ("Fru Christensen", "Gellerup", builder, Phase.OPTIONS, -4),
        ("Familien Hussein", "Vollsmose", builder, Phase.TASKS, 7),
        ("Hr. Abdi", "Vollsmose", builder, Phase.BRIDGING, -1),
        ("Familien Nielsen", "Gellerup", builder2, Phase.HOUSING_OFFER, 10),
        ("Familien Rahimi", "Stengårdsvej", builder2, Phase.ONGOING, 14),
        ("Fru Larsen", "Vollsmose", builder, Phase.OPTIONS, 2),
        ("Familien Ahmadi", "Gellerup", builder2, Phase.FIRST_CONTACT, None),
    ]
    for index, (name, area, by, phase, next_contact) in enumerate(cases):
        h = _household(
            by,
            display_name=name,
            origin_area=areas[area],
            origin_address=f"Demovej {index + 1}, {areas[area].municipality}",
            current_rent=Decimal(4800 + index * 350),
            old_rooms=2 + index % 3,
            preferred_language=["dansk", "tyrkisk", "somali", "dari"][index % 4],
            interpreter_needed=index % 2 == 1,
            opened_on=_today(-30 - index * 9),
        )
        _members(
            h,
            ("Voksen", 35 + index * 4, Member.Relation.APPLICANT, {"is_elderly": index == 1}),
            *(
                [("Barn", 6 + index, Member.Relation.CHILD, {"needs_school_change": True})]
                if index % 2 == 0
                else []
            ),
        )
        _need(
            h,
            by,
            [
                NeedCategory.ECONOMY,
                NeedCategory.HEALTH,
                NeedCategory.HOUSING_BENEFIT,
                NeedCategory.LANGUAGE,
            ][index % 4],
            "identified",
        )
        _journal(
            h,
            by,
            20 - index,
            JournalEntry.Kind.HOME_VISIT,
            note="Hjemmebesøg: gennemgang af ønsker og økonomi.",
            next_step="Følge op på behov",
            next_contact_on=None,
        )
        if next_contact is not None:
            _journal(
                h,
                by,
                1,
                JournalEntry.Kind.PHONE_CALL,
                note="Opfølgende opkald.",
                next_contact_on=_today(next_contact),
            )
        for step in OPEN_PHASES[1 : OPEN_PHASES.index(phase) + 1]:
            h = _advance(h, by, step)
    closed = _household(
        builder,
        display_name="Familien Petersen",
        origin_area=areas["Gellerup"],
        origin_address="Demovej 99, Aarhus",
        current_rent=Decimal("5100"),
        opened_on=_today(-400),
    )
    services.household_close(
        closure=Closure(
            household=closed,
            closed_on=_today(-30),
            practical_in_order=True,
            new_local_contact=True,
            no_longer_asks_for_help=True,
            assessment="Broen holder: familien kommer i beboerhuset i Hasle.",
            justification="Familien fandt selv bolig; den lokale kontakt er ikke registreret her.",
        ),
        by=builder,
    )


def _bridges(by):
    """The Vollsmose family's bridges, and a daycare request waiting in `kommune`'s queue."""
    from actors.models import Actor, LocalContact, SupportOffer
    from households import bridges
    from households.models import Bridge, Consent

    # Odense's placement office, where the `kommune` demo user answers requests.
    placement = Actor.objects.filter(name__startswith="Pladsanvisningen, ").first()
    daycare = SupportOffer.objects.filter(actor=placement).first() if placement else None
    haddad = Household.objects.get(display_name="Familien Haddad")
    nour = haddad.members.get(first_name="Nour")
    bridges.consent_record(
        consent=Consent(
            household=haddad,
            method="written",
            covers_all_actors=True,
            given_on=haddad.opened_on,
            purpose="Brobygning ved genhusning",
        ),
        actors=[],
        by=by,
    )
    if daycare:
        bridge = bridges.bridge_propose(
            bridge=Bridge(
                household=haddad,
                member=nour,
                support_offer=daycare,
                need=haddad.needs.get(category="daycare"),
                legal_basis=Bridge.LegalBasis.DAGTILBUDSLOVEN,
            ),
            by=by,
        )
        bridges.bridge_request(bridge=bridge, by=by)
        bridges.bridge_answer(
            bridge=bridge,
            confirmed=True,
            answer="Plads fra 1. august i Børnehuset Solsikken",
            by=None,
        )
    contact = LocalContact.objects.filter(area=haddad.receiving_area).first()
    if contact:
        bridge = bridges.bridge_propose(
            bridge=Bridge(household=haddad, local_contact=contact, legal_basis="civil"), by=by
        )
    hussein = Household.objects.get(display_name="Familien Hussein")
    child = hussein.members.filter(relation="child").first()
    bridges.consent_record(
        consent=Consent(household=hussein, method="oral", given_on=hussein.opened_on),
        actors=[placement] if placement else [],
        by=by,
    )
    if daycare and child:
        bridge = bridges.bridge_propose(
            bridge=Bridge(
                household=hussein,
                member=child,
                support_offer=daycare,
                legal_basis=Bridge.LegalBasis.DAGTILBUDSLOVEN,
            ),
            by=by,
        )
        bridges.bridge_request(bridge=bridge, by=by)
        _daycare_request_with_context(hussein, daycare, by)
    # A second request in the queue: school-age Fru Larsen's grandchild needs after-school care.
    larsen = Household.objects.get(display_name="Fru Larsen")
    if daycare:
        bridges.consent_record(
            consent=Consent(household=larsen, method="written", given_on=larsen.opened_on),
            actors=[placement],
            by=by,
        )
        bridge = bridges.bridge_propose(
            bridge=Bridge(
                household=larsen,
                support_offer=daycare,
                legal_basis=Bridge.LegalBasis.DAGTILBUDSLOVEN,
            ),
            by=by,
        )
        bridges.bridge_request(bridge=bridge, by=by)


def _daycare_request_with_context(household, daycare, by):
    """A request the placement office can decide on: the family has accepted a flat in the
    city centre, and its youngest needs a daycare place near it from a given date."""
    from households import bridges
    from households.models import Bridge

    midtby = Area.objects.get(name="Odense Midtby")
    offer = services.offer_save(
        offer=HousingOffer(
            household=household,
            offer_number="2",
            address="Thomas B. Thriges Gade 12, 2. th.",
            postcode="5000",
            town="Odense C",
            receiving_area=midtby,
            housing_organisation=midtby.housing_organisation,
            rooms=4,
            area_m2=90,
            net_rent=Decimal("6700"),
            offered_on=_today(-9),
            answer_deadline=_today(5),
            status=HousingOffer.Status.OFFERED,
        ),
        by=by,
    )
    services.offer_answer(
        offer=offer, status=HousingOffer.Status.ACCEPTED, answered_on=_today(-4), by=by
    )
    (sagal,) = _members(household, ("Sagal", 4, Member.Relation.CHILD, {"needs_daycare": True}))
    need = _need(household, by, NeedCategory.DAYCARE, "bridging", sagal, "Plads nær den nye bolig")
    bridge = bridges.bridge_propose(
        bridge=Bridge(
            household=household,
            member=sagal,
            need=need,
            support_offer=daycare,
            legal_basis=Bridge.LegalBasis.DAGTILBUDSLOVEN,
            wished_start=_today(40),
            note_to_actor=(
                "Familien flytter til Odense C om en måned. Sagal går i dag i børnehave i "
                "Vollsmose; moren starter på sprogskole, når de er flyttet, og har brug for "
                "en plads tæt på den nye bolig. Ring gerne, hvis I mangler noget."
            ),
        ),
        by=by,
    )
    bridges.bridge_request(bridge=bridge, by=by)


def _unassigned(areas, by):
    """A new case the manager still has to give a bridge-builder."""
    household = services.household_create(
        household=Household(
            display_name="Familien Said",
            origin_area=areas["Gellerup"],
            origin_address="Demovej 40, Aarhus",
            team=by.team,
            opened_on=_today(-2),
        ),
        by=by,
    )
    _members(household, ("Voksen", 41, Member.Relation.APPLICANT, {}))


def _spread_phase_changes():
    """Services date phase changes 'now'; spread the demo's over each case's life instead, so
    timelines read in a believable order."""
    from datetime import datetime, time

    from households.models import PhaseChange

    for household in Household.objects.all():
        changes = list(household.phase_changes.order_by("pk"))
        end = household.closed_on or _today(-1)
        span = max((end - household.opened_on).days, 1)
        for index, change in enumerate(changes):
            day = household.opened_on + timedelta(days=span * index // max(len(changes), 1))
            at = timezone.make_aware(datetime.combine(day, time(10)))
            PhaseChange.objects.filter(pk=change.pk).update(changed_at=at)
