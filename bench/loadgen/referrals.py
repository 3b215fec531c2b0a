"""Referrals (the ones cases came from and the open ones) and bridges."""

from datetime import timedelta

from bench.loadgen.data import (
    LANGUAGES,
    NAME_PREFIX,
    NEED_WEIGHTS,
    REFERRAL_REASONS,
    STREETS,
    SURNAMES,
)
from bench.loadgen.writer import _at, _between, _weighted
from brobygning.core.roles import Role
from households.models import Bridge, BridgeChange
from referrals.models import Referral, ReferralMessage


class ReferralsMixin:
    """Referrals (the ones cases came from and the open ones) and bridges."""

    def make_referrals(self):
        rng = self.rng
        senders = self.by_role[Role.REHOUSING_CONSULTANT]
        rows = []

        def referral(sender, origin, display_name, status, sent_day, **fields):
            sent_at = _at(sent_day, rng) if sent_day else None
            row = Referral(
                sender=sender,
                display_name=display_name,
                origin_area=origin,
                origin_address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                household_composition=rng.choice(
                    ["Mor og tre børn", "Ældre mand alene", "Par med to børn", "Enlig kvinde"]
                ),
                reason=rng.choice(REFERRAL_REASONS),
                urgency=rng.choices(Referral.Urgency.values, [75, 20, 5])[0],
                notice_given_on=sent_day - timedelta(days=rng.randint(0, 60)) if sent_day else None,
                expected_move_on=(sent_day or self.today) + timedelta(days=rng.randint(60, 300)),
                needs=rng.sample(list(NEED_WEIGHTS), rng.randint(1, 4)),
                wishes=rng.choice(["", "Tæt på skolen", "Samme område som familien"]),
                preferred_language=_weighted(rng, LANGUAGES),
                interpreter_needed=rng.random() < 0.4,
                lost_support=rng.choice(["", "Familiementor fra helhedsplanen"]),
                consent_given_on=(sent_day or self.today) - timedelta(days=rng.randint(0, 10)),
                consent_method=rng.choice(Referral.ConsentMethod.values),
                consent_obtained_by=f"{sender.first_name} {sender.last_name}",
                status=status,
                sent_at=sent_at,
                **fields,
            )
            created = sent_at or _at(self.today - timedelta(days=rng.randint(0, 10)), rng)
            self.stamp(row, created, fields.get("answered_at") or created)
            rows.append(row)
            return row

        for story in self.stories:
            if rng.random() > 0.9:
                continue
            household = story.household
            sent_day = story.opened_on - timedelta(days=rng.randint(1, 5))
            sent_at = _at(sent_day, rng)
            story.referral = referral(
                rng.choice(senders),
                household.origin_area,
                household.display_name,
                Referral.Status.ACCEPTED,
                sent_day,
                household=household,
                opened_at=sent_at + timedelta(hours=rng.randint(1, 30)),
                opened_by=household.bridge_builder,
                answered_at=sent_at + timedelta(hours=rng.randint(30, 70)),
                answered_by=household.bridge_builder,
                assigned_to=household.bridge_builder,
            )
        # The inbox holds what arrived in the last days: it grows with the inflow, not with
        # the years of history behind it.
        unanswered = max(2, round(self.n * 0.002)) + min(20, self.n // 10)
        for i in range(unanswered):
            sent_day = self.today - timedelta(days=rng.randint(0, 6))
            opened = rng.random() < 0.5
            referral(
                rng.choice(senders),
                rng.choice(self.leaving),
                f"{NAME_PREFIX}{rng.choice(['Familien', 'Fru', 'Hr.'])} {rng.choice(SURNAMES)}",
                Referral.Status.INFO_REQUESTED if i % 5 == 0 else Referral.Status.SENT,
                sent_day,
                opened_at=_at(sent_day, rng, 17, 20) if opened else None,
                opened_by=rng.choice(self.builders) if opened else None,
            )
        for _ in range(max(1, round(self.n * 0.04))):
            sent_day = self.today - timedelta(days=rng.randint(5, 2000))
            builder = rng.choice(self.builders)
            referral(
                rng.choice(senders),
                rng.choice(self.leaving),
                f"{NAME_PREFIX}Familien {rng.choice(SURNAMES)}",
                Referral.Status.DECLINED,
                sent_day,
                opened_at=_at(sent_day, rng, 17, 18),
                opened_by=builder,
                answered_at=_at(sent_day + timedelta(days=1), rng),
                answered_by=builder,
                decline_reason=rng.choice(Referral.DeclineReason.values),
                decline_note="Familien får allerede støtte.",
            )
        for _ in range(max(1, round(self.n * 0.01))):
            referral(
                rng.choice(senders),
                rng.choice(self.leaving),
                f"{NAME_PREFIX}Hr. {rng.choice(SURNAMES)}",
                Referral.Status.WITHDRAWN,
                self.today - timedelta(days=rng.randint(5, 900)),
            )
        for _ in range(max(1, round(self.n * 0.005))):
            referral(
                rng.choice(senders),
                rng.choice(self.leaving),
                f"{NAME_PREFIX}Fru {rng.choice(SURNAMES)}",
                Referral.Status.DRAFT,
                None,
            )
        rows = self.bulk(Referral, rows)
        messages = []
        for row in rows:
            if row.status == Referral.Status.INFO_REQUESTED or (
                row.status == Referral.Status.ACCEPTED and rng.random() < 0.1
            ):
                messages.append(
                    ReferralMessage(
                        referral=row,
                        author=row.opened_by or rng.choice(self.builders),
                        created_at=row.sent_at + timedelta(hours=2),
                        text="Kan du fortælle lidt mere om børnenes skoler?",
                    )
                )
        self.bulk(ReferralMessage, messages)

    def make_bridges(self):
        rng = self.rng
        bridges, statuses = [], []
        for story in self.stories:
            if story.phase_index < 3:
                continue
            household = story.household
            municipality = household.origin_area.municipality
            offers = self.offers_by_municipality[municipality] + self.offers_by_municipality[""]
            count = rng.choices(range(0, 6), [15, 25, 25, 18, 10, 7])[0]
            for _ in range(count):
                to_contact = rng.random() < 0.25 and household.receiving_area_id
                need = rng.choice(story.needs) if story.needs and rng.random() < 0.6 else None
                status = rng.choices(
                    # "Not sent: no contact person" is not generated: every actor has contacts.
                    [value for value in Bridge.Status.values if value != Bridge.Status.NO_CONTACT],
                    [10, 12, 30, 8, 30, 10] if story.phase_index >= 6 else [25, 30, 25, 8, 10, 2],
                )[0]
                proposed = _between(rng, story.opened_on, story.end_on)
                requested = status != Bridge.Status.PROPOSED
                answered = status not in (Bridge.Status.PROPOSED, Bridge.Status.REQUESTED)
                requested_on = min(proposed + timedelta(days=rng.randint(0, 5)), story.end_on)
                answered_on = min(requested_on + timedelta(days=rng.randint(1, 20)), story.end_on)
                offer = None if to_contact else rng.choice(offers)
                bridge = Bridge(
                    household_id=household.pk,
                    member_id=need.member_id if need else None,
                    need_id=need.pk if need else None,
                    support_offer_id=offer.pk if offer else None,
                    # A sent request is addressed to its offer's actor (bridges.bridge_request).
                    addressed_actor_id=offer.actor_id if offer and requested else None,
                    local_contact_id=(
                        rng.choice(self.local_contacts[household.receiving_area_id]).pk
                        if to_contact
                        else None
                    ),
                    status=status,
                    legal_basis=rng.choice(Bridge.LegalBasis.values),
                    note=rng.choice(["", "Aftalt med familien", "Haster før skolestart"]),
                    requested_at=_at(requested_on, rng) if requested else None,
                    requested_by_id=household.bridge_builder_id if requested else None,
                    answered_at=_at(answered_on, rng) if answered else None,
                    answer=(
                        rng.choice(["Plads fra 1. august", "Vi kontakter familien", "Desværre"])
                        if answered
                        else ""
                    ),
                )
                self.stamp(
                    bridge,
                    _at(proposed, rng),
                    _at(answered_on if answered else requested_on if requested else proposed, rng),
                )
                bridges.append(bridge)
                story.bridges.append(bridge)
                path = {
                    Bridge.Status.PROPOSED: [Bridge.Status.PROPOSED],
                    Bridge.Status.REQUESTED: [Bridge.Status.PROPOSED, Bridge.Status.REQUESTED],
                }.get(status, [Bridge.Status.PROPOSED, Bridge.Status.REQUESTED, status])
                statuses.append(
                    (
                        bridge,
                        household.bridge_builder_id,
                        path,
                        [proposed, requested_on, answered_on],
                    )
                )
        bridges = self.bulk(Bridge, bridges)
        changes = self.buffer(BridgeChange)
        for bridge, builder_id, path, days in statuses:
            previous = ""
            for status, day in zip(path, days, strict=False):
                changes.add(
                    BridgeChange(
                        bridge_id=bridge.pk,
                        from_status=previous,
                        to_status=status,
                        changed_by_id=builder_id,
                        changed_at=_at(day, rng),
                    )
                )
                previous = status
        changes.flush()
