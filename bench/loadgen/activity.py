"""The case history: phase changes, journal, access log, notifications, events."""

from datetime import timedelta

from bench.loadgen.data import (
    JOURNAL_KINDS,
    MUNICIPALITIES,
    NEXT_STEPS,
    NOTE_ENDINGS,
    NOTE_MIDDLES,
    NOTE_OPENINGS,
    WHAT_CHANGED,
)
from bench.loadgen.writer import _at, _between
from brobygning.core.models import AccessLog, Notification
from brobygning.core.roles import Role
from followups.models import Event, Invitation
from households.models import OPEN_PHASES, JournalEntry, Phase, PhaseChange


class ActivityMixin:
    """The case history: phase changes, journal, access log, notifications, events."""

    def make_phase_changes(self):
        rng = self.rng
        rows = self.buffer(PhaseChange)
        for story in self.stories:
            household = story.household
            builder = household.bridge_builder
            last_open = story.phase_index if story.phase_index <= 8 else rng.choice([6, 7, 8, 8])
            if story.phase_index == 9 and not story.moved_on:
                last_open = rng.randint(1, 5)
            path = list(OPEN_PHASES[:last_open])
            if len(path) > 3 and rng.random() < 0.1:  # a step back, with a reason
                back = rng.randint(1, len(path) - 2)
                path = path[: back + 1] + [path[back - 1]] + path[back:]
            if story.phase_index == 9:
                path.append(Phase.CLOSED)
            days = sorted(
                _between(rng, story.opened_on, story.end_on) for _ in range(len(path) - 1)
            )
            days = [story.opened_on, *days]
            if story.phase_index == 9:
                days[-1] = story.end_on
            previous = ""
            for phase, day in zip(path, days, strict=True):
                event = "" if previous else PhaseChange.Event.CASE_OPENED
                if not previous:
                    note = ""
                elif phase == Phase.CLOSED:
                    note = "Sagen afsluttet"
                elif OPEN_PHASES.index(phase) < OPEN_PHASES.index(previous):
                    note = "Tilbage: familien fortrød valget af område"
                else:
                    note = ""
                rows.add(
                    PhaseChange(
                        household_id=household.pk,
                        from_phase=previous,
                        to_phase=phase,
                        changed_by_id=builder.pk,
                        changed_at=_at(day, rng),
                        note=note,
                        event=event,
                    )
                )
                previous = phase
        rows.flush()

    def make_journal(self):
        rng, today = self.rng, self.today
        rows = self.buffer(JournalEntry)
        kinds, kind_weights = zip(*JOURNAL_KINDS, strict=True)
        for story in self.stories:
            household = story.household
            builder = household.bridge_builder
            team = self.team_builders[builder.team_id]
            if story.long_timeline:
                count = rng.randint(150, 300)
            else:
                mean = 2.6 + 1.05 * story.phase_index  # ~10 per case with the long timelines
                count = max(1, round(rng.gauss(mean, mean / 2.5)))
            days = sorted(_between(rng, story.opened_on, story.end_on) for _ in range(count))
            for i, day in enumerate(days):
                last = i == count - 1
                kind = rng.choices(kinds, kind_weights)[0]
                confidential = rng.random() < 0.1
                text = " ".join(
                    [rng.choice(NOTE_OPENINGS)]
                    + rng.sample(NOTE_MIDDLES, rng.randint(1, 3))
                    + [rng.choice(NOTE_ENDINGS)]
                )
                entry = JournalEntry(
                    household_id=household.pk,
                    kind=kind,
                    occurred_on=day,
                    duration_minutes=rng.choice([None, 15, 30, 45, 60, 90, 120]),
                    place=rng.choice(["", "Hjemme hos familien", "Rådhuset", "Telefon"]),
                    participants=rng.choice(["", "Moren", "Hele familien", "Tolk og faren"]),
                    note=text,
                    what_changed=rng.choice(WHAT_CHANGED),
                    next_step=rng.choice(NEXT_STEPS),
                    next_contact_on=household.next_contact_on if last else None,
                    confidentiality=(
                        JournalEntry.Confidentiality.CONFIDENTIAL
                        if confidential
                        else JournalEntry.Confidentiality.NORMAL
                    ),
                    shared_with_referrer=not confidential and rng.random() < 0.2,
                    author_id=(builder if rng.random() < 0.85 else rng.choice(team)).pk,
                )
                self.stamp(entry, _at(min(day, today), rng))
                rows.add(entry)
        rows.flush()

    def make_activity(self):
        """Access-log rows (case views, a few break-the-glass openings) and notifications."""
        rng, today = self.rng, self.today
        log = self.buffer(AccessLog)
        admins = self.by_role[Role.ADMINISTRATOR]
        for story in self.stories:
            household = story.household
            for _ in range(rng.randint(1, 4)):
                day = _between(rng, story.opened_on, story.end_on)
                log.add(
                    AccessLog(
                        user_id=household.bridge_builder_id,
                        at=_at(day, rng),
                        action=AccessLog.Action.VIEW,
                        target_type="household",
                        target_id=str(household.pk),
                        household_reference=household.reference,
                        path=f"/sager/{household.pk}/",
                    )
                )
            if rng.random() < 0.003:
                log.add(
                    AccessLog(
                        user_id=rng.choice(admins).pk,
                        at=_at(story.end_on, rng),
                        action=AccessLog.Action.BREAK_GLASS,
                        target_type="household",
                        target_id=str(household.pk),
                        household_reference=household.reference,
                        detail="Klage fra familien skal besvares",
                        path=f"/sager/{household.pk}/adgang/",
                    )
                )
        log.flush()
        notes = self.buffer(Notification)
        stories = self.stories
        for user in self.builders + self.by_role[Role.MANAGER]:
            for _ in range(rng.randint(5, 25)):
                story = rng.choice(stories)
                created = _at(today - timedelta(days=rng.randint(0, 365)), rng)
                notes.add(
                    Notification(
                        user_id=user.pk,
                        created_at=created,
                        text=f"Påmindelse: {story.household.reference} har en opgave, der "
                        f"forfalder.",
                        url=f"/sager/{story.household.pk}/",
                        read_at=None if rng.random() < 0.15 else created + timedelta(hours=3),
                    )
                )
        notes.flush()

    def make_events(self):
        rng, today = self.rng, self.today
        events = []
        for _ in range(max(1, self.n // 200)):
            day = today + timedelta(days=rng.randint(-700, 60))
            municipality = rng.choice(list(MUNICIPALITIES))
            kind = rng.choice(Event.Kind.values)
            event = Event(
                kind=kind,
                title=dict(Event.Kind.choices)[kind],
                starts_at=_at(day, rng, 10, 18),
                place="Beboerhuset",
                area=rng.choice(self.receiving[municipality]),
                description="Kaffe, kage og gamle naboer.",
                organiser=rng.choice(self.builders),
            )
            self.stamp(event, _at(day - timedelta(days=20), rng))
            events.append(event)
        events = self.bulk(Event, events)
        invitations = []
        for event in events:
            for story in rng.sample(self.stories, min(len(self.stories), rng.randint(5, 15))):
                status = rng.choice(Invitation.Status.values)
                invitations.append(
                    self.stamp(
                        Invitation(event=event, household=story.household, status=status),
                        event.created_at,
                    )
                )
        self.bulk(Invitation, invitations)
