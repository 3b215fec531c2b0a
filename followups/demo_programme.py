"""A programme's worth of demo cases, so the manager dashboard has something to say.

About 150 households over two years from Vollsmose and Gellerup into six receiving areas,
handled by three bridge-builders in two teams: referrals answered in time and late (and a
few declined or still waiting), first contacts, moves with the 14-day call (offered, and
accepted, declined or not answered, so the figure reads like the report's "42 of 48"),
bridges confirmed and declined, closures with and without waived criteria with the
"does the bridge hold?" check after them, and events with invitations.

The rows are written in bulk, without change history (`without_history`, as for generated
load data): a few thousand rows in well under a second, where the services one by one would
make `seed_demo` take minutes. They keep the
invariants the services keep (phase history, one open follow-up per rule, closed cases
with a closure). It lives in `followups`, the app that may import every case app, and runs
after their own demo stories. Seeded from a fixed random seed: the same demo every time.
Idempotent: a second run finds the first programme case and adds nothing.
"""

import os
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from actors.demo import demo_areas
from actors.models import LocalContact, SupportOffer
from actors.needs import NeedCategory
from brobygning.core.models import Team, User, without_history
from brobygning.core.roles import Role
from brobygning.core.workdays import add_working_days
from followups.models import Event, FollowUp, Invitation
from households.models import (
    Bridge,
    Closure,
    Household,
    JournalEntry,
    Move,
    Need,
    Phase,
    PhaseChange,
)
from referrals.models import Referral

HOUSEHOLDS = 150
FIRST_NUMBER = 9001  # case references H-<year>-9001…: far above the hand-made demo cases
SEED = 15
ORIGINS = {"Vollsmose": ["Odense Midtby", "Bolbro"], "Gellerup": ["Hasle", "Trige"]}
SURNAMES = [
    "Ali", "Hassan", "Jensen", "Nielsen", "Yilmaz", "Omar", "Hansen", "Ahmed", "Khan",
    "Pedersen", "Mohamed", "Larsen", "Said", "Demir", "Andersen", "Nour", "Madsen", "Farah",
]  # fmt: skip
OPEN_STEPS = [
    Phase.FIRST_CONTACT,
    Phase.OPTIONS,
    Phase.TASKS,
    Phase.BRIDGING,
    Phase.HOUSING_OFFER,
    Phase.MOVING,
    Phase.POST_MOVE_VISIT,
    Phase.ONGOING,
]


def _moment(day: date, hour: int = 10) -> datetime:
    """When something happened: never later than today (a recent move's later steps have
    simply happened today)."""
    return timezone.make_aware(datetime.combine(min(day, timezone.localdate()), time(hour)))


def _third_builder(password: str) -> User:
    """The third bridge-builder, in the south team with `brobygger2`."""
    team = Team.objects.get_or_create(name="Brobyggerteam Syd")[0]
    user, created = User.objects.get_or_create(
        username="brobygger3",
        defaults={
            "first_name": "Nadia",
            "last_name": "Rasmussen",
            "email": "brobygger3@demo.brobygning.local",
            "team": team,
        },
    )
    if created:
        user.set_password(password)
        user.save()
    user.groups.add(Group.objects.get(name=Role.BRIDGE_BUILDER))
    return user


def seed(*, users, stdout):
    password = os.environ.get("BROBYGNING_DEMO_PASSWORD", "demo")
    if Household.objects.filter(reference__endswith=f"-{FIRST_NUMBER}").exists():
        stdout.write("The demo programme exists already; not added again.")
        return
    builders = [users["brobygger"], users["brobygger2"], _third_builder(password)]
    sender = users["genhusning"]
    areas = demo_areas()
    rng = random.Random(SEED)  # noqa: S311 (demo data, not secrets)
    today = timezone.localdate()
    offers = list(SupportOffer.objects.order_by("pk")[:12])
    contacts = {}
    for contact in LocalContact.objects.order_by("pk"):
        contacts.setdefault(contact.area_id, contact)

    # --- Households, with the life of each case decided up front --------------------------
    plans, households = [], []
    for i in range(HOUSEHOLDS):
        age = int(720 * (i + 0.5) / HOUSEHOLDS)  # cases opened evenly over two years
        opened = today - timedelta(days=age)
        origin = "Vollsmose" if i % 2 == 0 else "Gellerup"
        builder = builders[i % 3]
        moved_on = None
        if age > 110:
            moved_on = min(opened + timedelta(days=rng.randint(70, 150)), today - timedelta(days=3))
        closed_on = None
        if moved_on and age > 230 and rng.random() < 0.85:
            closed_on = min(
                moved_on + timedelta(days=rng.randint(90, 180)), today - timedelta(days=1)
            )
        if closed_on:
            phase = Phase.CLOSED
        elif moved_on:
            phase = Phase.POST_MOVE_VISIT if (today - moved_on).days < 30 else Phase.ONGOING
        else:
            phase = OPEN_STEPS[min(5, age // 20)]
        receiving = areas[rng.choice(ORIGINS[origin])] if moved_on else None
        if moved_on and rng.random() < 0.15:
            receiving = areas["Esbjerg Centrum"]  # a few move across the country
        plans.append((opened, builder, moved_on, closed_on, phase, receiving))
        households.append(
            Household(
                reference=f"H-{opened.year}-{FIRST_NUMBER + i}",
                display_name=f"Familien {SURNAMES[i % len(SURNAMES)]} ({i + 1})",
                origin_area=areas[origin],
                origin_address=f"Programvej {i + 1}, {areas[origin].municipality}",
                current_rent=Decimal(4500 + rng.randint(0, 30) * 100),
                preferred_language=rng.choice(["dansk", "arabisk", "somali", "tyrkisk"]),
                bridge_builder=builder,
                team=builder.team,
                phase=phase,
                opened_on=opened,
                closed_on=closed_on,
                receiving_area=receiving,
                next_contact_on=None if closed_on else today + timedelta(days=rng.randint(-5, 20)),
            )
        )
    households = without_history(Household.objects).bulk_create(households)

    referrals, journal, changes, moves, followups, bridges, closures, needs = ([] for _ in range(8))
    for household, (opened, builder, moved_on, closed_on, phase, receiving) in zip(
        households, plans, strict=True
    ):
        # Referral: sent a few days before the case opened, answered within 1–6 working days.
        sent = opened - timedelta(days=rng.randint(2, 6))
        answered = min(add_working_days(sent, rng.choice([1, 1, 2, 2, 3, 3, 3, 4, 6])), opened)
        referrals.append(
            Referral(
                sender=sender,
                household=household,
                display_name=household.display_name,
                origin_area=household.origin_area,
                origin_address=household.origin_address,
                reason="Genhuses fra omdannelsesområdet; ønsker hjælp til at falde til.",
                consent_given_on=sent,
                consent_method=Referral.ConsentMethod.WRITTEN,
                status=Referral.Status.ACCEPTED,
                sent_at=_moment(sent),
                answered_at=_moment(answered, 14),
                answered_by=builder,
            )
        )
        # First contact: a home visit or a call 1–8 working days after the referral.
        first = min(add_working_days(sent, rng.randint(1, 8)), today)
        journal.append(
            JournalEntry(
                household=household,
                kind=rng.choice([JournalEntry.Kind.HOME_VISIT, JournalEntry.Kind.PHONE_CALL]),
                occurred_on=first,
                note="Første kontakt: præsentation og samtykke.",
                author=builder,
            )
        )
        # Phase history: one change per phase reached, spread over the case's life.
        reached = OPEN_STEPS[: OPEN_STEPS.index(phase) + 1] if phase != Phase.CLOSED else OPEN_STEPS
        end = closed_on or today
        span = max(1, (end - opened).days)
        previous = ""
        for step, to_phase in enumerate([*reached, *([Phase.CLOSED] if closed_on else [])]):
            day = opened + timedelta(days=span * step // (len(reached) + 1))
            if to_phase == Phase.MOVING and moved_on:
                day = moved_on - timedelta(days=10)
            if to_phase == Phase.POST_MOVE_VISIT and moved_on:
                day = moved_on
            if to_phase == Phase.CLOSED:
                day = closed_on
            changes.append(
                PhaseChange(
                    household=household,
                    from_phase=previous,
                    to_phase=to_phase,
                    changed_by=builder,
                    changed_at=_moment(min(day, today), 9 + step),
                    note="Sag oprettet" if not previous else "",
                )
            )
            previous = to_phase
        needs.append(
            Need(
                household=household,
                category=rng.choice(list(NeedCategory)),
                status=Need.Status.MET if closed_on else rng.choice(list(Need.Status)),
                noted_by=builder,
            )
        )
        if not moved_on:
            continue
        moves.append(
            Move(
                household=household,
                moved_on=moved_on,
                new_address=f"Nyvej {household.pk % 90 + 1}, {receiving.municipality}",
                receiving_area=receiving,
                registered_by=builder,
            )
        )
        # The call 14 days after the move (the Esbjerg practice): offered to most, and most
        # say yes; a call not made yet is open (and overdue once its day has passed).
        due = moved_on + timedelta(days=14)
        call = FollowUp(
            household=household,
            kind=FollowUp.Kind.POST_MOVE_VISIT,
            assignee=builder,
            trigger_on=moved_on,
            due_on=due,
            title="Besøg inden for 14 dage",
            case_closed=household.is_closed,
        )
        if due > today - timedelta(days=4) and rng.random() < 0.7:
            call.status = FollowUp.Status.OPEN
        else:
            draw = rng.random()
            call.status = FollowUp.Status.DONE
            call.completed_at = _moment(due - timedelta(days=rng.randint(0, 3)), 11)
            call.completed_by = builder
            call.visit_offered = draw < 0.92
            if call.visit_offered:
                answer = rng.random()
                call.visit_answer = (
                    FollowUp.VisitAnswer.ACCEPTED
                    if answer < 0.86
                    else FollowUp.VisitAnswer.DECLINED
                    if answer < 0.96
                    else FollowUp.VisitAnswer.NO_ANSWER
                )
                if call.visit_answer == FollowUp.VisitAnswer.ACCEPTED:
                    call.visit_on = min(due, today)
        followups.append(call)
        # Bridges: one or two support offers (mostly confirmed), and a local contact.
        for offer in rng.sample(offers, k=min(len(offers), rng.choice([1, 1, 2]))):
            requested = moved_on - timedelta(days=rng.randint(5, 40))
            status = rng.choices(
                [Bridge.Status.CONFIRMED, Bridge.Status.ACTIVE, Bridge.Status.DECLINED,
                 Bridge.Status.REQUESTED],
                weights=[50, 25, 15, 10],
            )[0]  # fmt: skip
            bridges.append(
                Bridge(
                    household=household,
                    support_offer=offer,
                    status=status,
                    requested_by=builder,
                    requested_at=_moment(requested),
                    answered_at=None
                    if status == Bridge.Status.REQUESTED
                    else _moment(requested + timedelta(days=rng.randint(1, 12))),
                )
            )
        if (contact := contacts.get(receiving.pk)) and rng.random() < 0.75:
            bridges.append(
                Bridge(
                    household=household,
                    local_contact=contact,
                    status=Bridge.Status.CONFIRMED,
                    requested_by=builder,
                    requested_at=_moment(moved_on + timedelta(days=rng.randint(1, 20))),
                    answered_at=_moment(moved_on + timedelta(days=25)),
                )
            )
        if not closed_on:
            continue
        all_met = rng.random() < 0.75
        waived = rng.choice(["children_enrolled", "new_local_contact", "practical_in_order"])
        closures.append(
            Closure(
                household=household,
                closed_on=closed_on,
                practical_in_order=all_met or waived != "practical_in_order",
                children_enrolled=all_met or waived != "children_enrolled",
                new_local_contact=all_met or waived != "new_local_contact",
                no_longer_asks_for_help=True,
                assessment="Familien er faldet til og bruger de lokale tilbud.",
                justification=""
                if all_met
                else "Familien ønskede selv at afslutte; aftalt at ringe, hvis der opstår behov.",
                closed_by=builder,
            )
        )
        # "Does the bridge hold?" twelve weeks after closure.
        holds_due = closed_on + timedelta(weeks=12)
        check = FollowUp(
            household=household,
            kind=FollowUp.Kind.BRIDGE_HOLDS,
            assignee=builder,
            trigger_on=closed_on,
            due_on=holds_due,
            title="Holder broen?",
            case_closed=True,
        )
        # Most past checks were done; the few left open are recent (a check forgotten for a
        # year is not the story the demo tells).
        done = rng.random() < 0.85 or holds_due < today - timedelta(days=45)
        if holds_due < today and done:
            check.status = FollowUp.Status.DONE
            check.completed_at = _moment(holds_due - timedelta(days=rng.randint(0, 5)), 13)
            check.completed_by = builder
            check.outcome_note = "Har stadig kontakt til den lokale kontaktperson."
        followups.append(check)

    # Referrals that did not become cases: declined, and a few still waiting for an answer.
    for i in range(24):
        sent = today - timedelta(days=int(700 * (i + 0.5) / 24))
        builder = builders[i % 3]
        referrals.append(
            Referral(
                sender=sender,
                display_name=f"Familien {SURNAMES[(i * 5) % len(SURNAMES)]} (henvist {i + 1})",
                origin_area=areas["Vollsmose" if i % 2 else "Gellerup"],
                origin_address=f"Henvisningsvej {i + 1}",
                reason="Genhuses; usikkert om støtte er nødvendig.",
                consent_given_on=sent,
                consent_method=Referral.ConsentMethod.ORAL,
                status=Referral.Status.DECLINED,
                decline_reason=rng.choice(list(Referral.DeclineReason)),
                sent_at=_moment(sent),
                answered_at=_moment(add_working_days(sent, rng.choice([1, 2, 3, 5])), 15),
                answered_by=builder,
            )
        )
    for i, days_ago in enumerate([1, 2, 6, 9]):
        sent = today - timedelta(days=days_ago)
        referrals.append(
            Referral(
                sender=sender,
                display_name=f"Familien {SURNAMES[(i * 7) % len(SURNAMES)]} (venter {i + 1})",
                origin_area=areas["Gellerup" if i % 2 else "Vollsmose"],
                origin_address=f"Ventevej {i + 1}",
                reason="Skal genhuses inden for et halvt år.",
                consent_given_on=sent,
                consent_method=Referral.ConsentMethod.WRITTEN,
                status=Referral.Status.SENT,
                sent_at=_moment(sent, 9),
            )
        )

    without_history(Referral.objects).bulk_create(referrals)
    without_history(JournalEntry.objects).bulk_create(journal)
    without_history(PhaseChange.objects).bulk_create(changes)
    without_history(Need.objects).bulk_create(needs)
    without_history(Move.objects).bulk_create(moves)
    without_history(FollowUp.objects).bulk_create(followups)
    without_history(Bridge.objects).bulk_create(bridges)
    without_history(Closure.objects).bulk_create(closures)
    _events(households, plans, builders, areas, rng, today)
    stdout.write(f"Demo programme: {len(households)} households over two years.")


def _events(households, plans, builders, areas, rng, today):
    """Reunion coffees and open houses, each inviting households that moved to its area."""
    specs = [
        (Event.Kind.REUNION_COFFEE, "Gensynskaffe for tidligere naboer", "Hasle", -200),
        (Event.Kind.OPEN_HOUSE, "Åbent hus i beboerhuset", "Bolbro", -120),
        (Event.Kind.MEET_UP, "Netværksmøde for nye beboere", "Odense Midtby", -40),
        (Event.Kind.INSPIRATION_TOUR, "Inspirationstur til Trige", "Trige", 14),
    ]
    invitations = []
    for kind, title, area, offset in specs:
        event = Event.objects.create(
            kind=kind,
            title=title,
            starts_at=_moment(today + timedelta(days=offset), 16),
            place=f"Beboerhuset, {area}",
            area=areas[area],
            organiser=builders[0],
        )
        invited = [h for h, plan in zip(households, plans, strict=True) if plan[5] == areas[area]][
            :20
        ]
        for household in invited:
            if offset > 0:
                status = rng.choice([Invitation.Status.INVITED, Invitation.Status.ACCEPTED])
            else:
                status = rng.choices(
                    [Invitation.Status.ATTENDED, Invitation.Status.NO_SHOW,
                     Invitation.Status.DECLINED],
                    weights=[60, 15, 25],
                )[0]  # fmt: skip
            invitations.append(Invitation(event=event, household=household, status=status))
    without_history(Invitation.objects).bulk_create(invitations)
