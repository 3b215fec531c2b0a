"""The generator: one seeded random source, the mixins' steps in order."""

import random
from collections import Counter

from django.contrib.auth.hashers import make_password

from bench.loadgen import CLOSED_SHARE
from bench.loadgen.activity import ActivityMixin
from bench.loadgen.actors import ActorsMixin
from bench.loadgen.data import BATCH_SIZE, PASSWORD
from bench.loadgen.followups import FollowUpsMixin
from bench.loadgen.households import HouseholdsMixin
from bench.loadgen.referrals import ReferralsMixin
from bench.loadgen.writer import Buffer
from brobygning.core.models import without_history


class LoadData(ActorsMixin, HouseholdsMixin, ReferralsMixin, FollowUpsMixin, ActivityMixin):
    def __init__(self, *, households, seed, today, writer, closed_share=CLOSED_SHARE):
        self.writer = writer
        self.n = households
        self.closed_share = closed_share
        self.rng = random.Random(seed)  # noqa: S311 (reproducible data, not secrets)
        self.today = today
        self.counts = Counter()
        self.password = make_password(PASSWORD)

    # Helpers
    def buffer(self, model):
        return Buffer(model, self.counts, self.writer)

    def bulk(self, model, rows):
        """Insert now and return the rows with their primary keys."""
        self.writer.drain()
        created = without_history(model.objects).bulk_create(rows, batch_size=BATCH_SIZE)
        self.counts[model._meta.label] += len(rows)
        return created

    def stamp(self, row, created, updated=None):
        row.created_at = created
        row.updated_at = updated or created
        return row

    def run(self):
        self.make_users()
        self.make_directory()
        self.make_households()
        self.make_members_and_needs()
        self.make_consents()
        self.make_offers_moves_closures()
        self.make_referrals()
        self.make_bridges()
        self.make_followups()
        self.make_phase_changes()
        self.make_journal()
        self.make_activity()
        self.make_events()
        return self.counts
