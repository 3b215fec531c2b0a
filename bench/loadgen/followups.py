"""Follow-ups: due, overdue and done, after moves and on open cases."""

from datetime import timedelta

from django.utils import timezone

from bench.loadgen.writer import _at, _between
from followups.models import FollowUp
from households.models import Bridge


class FollowUpsMixin:
    """Follow-ups: due, overdue and done, after moves and on open cases."""

    def make_followups(self):
        rng, today = self.rng, self.today
        rows = self.buffer(FollowUp)

        def followup(
            story,
            kind,
            due_on,
            *,
            rule="",
            source=None,
            title="",
            open_=False,
            trigger_on=None,
            **fields,
        ):
            household = story.household
            trigger_on = trigger_on or min(due_on, story.end_on)
            status = (
                FollowUp.Status.OPEN
                if open_
                else rng.choices([FollowUp.Status.DONE, FollowUp.Status.CANCELLED], [92, 8])[0]
            )
            completed = None
            if not open_:
                completed = _at(min(due_on + timedelta(days=rng.randint(-3, 4)), today), rng)
                completed = max(completed, _at(trigger_on, rng, 17, 17))
            row = FollowUp(
                household_id=household.pk,
                kind=kind,
                title=title,
                assignee_id=household.bridge_builder_id,
                trigger_on=trigger_on,
                due_on=due_on,
                status=status,
                rule=rule,
                **(source or {}),  # what it hangs on: {"move_id": ...}
                completed_at=completed,
                completed_by_id=household.bridge_builder_id if completed else None,
                case_closed=story.phase_index > 8,
                **fields,
            )
            created = _at(min(trigger_on, today), rng)  # planned ahead, made today at the latest
            self.stamp(row, created, completed or created)
            rows.add(row)

        for story in self.stories:
            open_case = story.phase_index <= 8
            if story.referral is not None:
                due = story.opened_on + timedelta(days=7)
                followup(
                    story,
                    FollowUp.Kind.FIRST_CONTACT,
                    due,
                    rule="referral_accepted",
                    source={"referral_id": story.referral.pk},
                    trigger_on=story.opened_on,
                    open_=story.phase_index == 1 and due >= today - timedelta(days=10),
                )
            if story.move is not None:
                move, moved = story.move, story.move.moved_on
                source = {"move_id": move.pk}
                visit_open = story.phase_index in (6, 7)
                answer = rng.choice(FollowUp.VisitAnswer.values)
                followup(
                    story,
                    FollowUp.Kind.POST_MOVE_VISIT,
                    moved + timedelta(days=14),
                    rule="move_registered",
                    source=source,
                    trigger_on=min(moved, today),
                    open_=visit_open,
                    **(
                        {}
                        if visit_open
                        else {
                            "visit_offered": True,
                            "visit_answer": answer,
                            "visit_on": moved + timedelta(days=rng.randint(14, 20))
                            if answer == FollowUp.VisitAnswer.ACCEPTED
                            else None,
                        }
                    ),
                )
                for rule, days in (
                    ("move_checklist:address", 5),
                    ("move_checklist:housing_benefit", 30),
                    ("move_checklist:support", 14),
                ):
                    due = moved + timedelta(days=days)
                    followup(
                        story,
                        FollowUp.Kind.MOVE_TASK,
                        due,
                        rule=rule,
                        source=source,
                        trigger_on=min(moved, today),
                        open_=(story.phase_index <= 7 and rng.random() < 0.6) or due > today,
                    )
            for bridge in story.bridges:
                if bridge.status == Bridge.Status.REQUESTED and open_case:
                    requested = timezone.localdate(bridge.requested_at)
                    followup(
                        story,
                        FollowUp.Kind.BRIDGE_UNANSWERED,
                        requested + timedelta(days=7),
                        rule="bridge_requested",
                        source={"bridge_id": bridge.pk},
                        trigger_on=requested,
                        open_=True,
                    )
            if story.closure is not None:
                due = story.end_on + timedelta(weeks=12)
                followup(
                    story,
                    FollowUp.Kind.BRIDGE_HOLDS,
                    due,
                    rule="case_closed",
                    source={"closure_id": story.closure.pk},
                    trigger_on=story.end_on,
                    open_=due >= today - timedelta(days=30),
                )
            for _ in range(rng.choices(range(0, 4), [40, 35, 17, 8])[0]):
                latest = story.end_on + timedelta(days=30) if open_case else story.end_on
                due = _between(rng, story.opened_on, latest)
                recent = due >= today - timedelta(days=25) and rng.random() < 0.7
                followup(
                    story,
                    FollowUp.Kind.CUSTOM,
                    due,
                    title=rng.choice(
                        [
                            "Ring om boligstøtte",
                            "Tjek skoleplads",
                            "Send ansøgning",
                            "Følg op med jobcentret",
                            "Aftal besøg",
                        ]
                    ),
                    open_=open_case and (recent or due > today),
                    trigger_on=max(story.opened_on, due - timedelta(days=7)),
                )
        rows.flush()
