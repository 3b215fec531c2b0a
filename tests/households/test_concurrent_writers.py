"""Two writers on one case at the same moment, each in its own thread and database connection
(run on PostgreSQL in CI): the second waits for the first's lock and then decides on the row
as the first left it, never on the copy it loaded before.

`race()` makes the overlap certain: the first writer has written but not committed when the
second starts, and commits only once the second has had time to reach the database.
"""

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from households import services
from households.models import Closure, HousingOffer, Member, Move, Need
from tests.factories import (
    HouseholdFactory,
    HousingOfferFactory,
    MemberFactory,
    MoveFactory,
    NeedFactory,
)

TODAY = timezone.localdate()
OVERLAP = 0.5  # seconds the first writer holds its transaction open after the second started

pytestmark = pytest.mark.django_db(transaction=True)


def _outcome(write):
    try:
        return write()
    except ValidationError as error:
        return error
    finally:
        connection.close()


def race(first, second):
    """Run `first` and `second` in two threads so that `second` starts while `first` holds
    its (uncommitted) writes; return their results, a refusal as its ValidationError."""
    written, release = threading.Event(), threading.Event()
    results = {}

    def run_first():
        def write():
            with transaction.atomic():
                result = first()
                written.set()
                release.wait(10)
            return result

        results["first"] = _outcome(write)
        written.set()

    def run_second():
        results["second"] = _outcome(second)

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    threads[0].start()
    assert written.wait(10)
    threads[1].start()
    time.sleep(OVERLAP)
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return results["first"], results["second"]


def _stale(result):
    return isinstance(result, ValidationError) and result.code == "stale"


@pytest.fixture
def household(bridge_builder):
    return HouseholdFactory(bridge_builder=bridge_builder)


def _copy(row):
    """The row as a second user's request loads it."""
    return type(row).objects.get(pk=row.pk)


def test_two_edits_of_one_member_from_the_same_version_save_once(household, bridge_builder):
    member = MemberFactory(household=household, first_name="Yasmin")
    mine, theirs = _copy(member), _copy(member)
    mine.first_name, theirs.first_name = "Yasmine", "Jasmin"

    first, second = race(
        lambda: services.member_save(member=mine, by=bridge_builder),
        lambda: services.member_save(member=theirs, by=bridge_builder),
    )

    assert not isinstance(first, ValidationError) and _stale(second)
    member.refresh_from_db()
    assert (member.first_name, member.version) == ("Yasmine", 2)


def test_two_edits_of_one_need_from_the_same_version_save_once(household, bridge_builder):
    need = NeedFactory(household=household, status=Need.Status.IDENTIFIED, note="")
    mine, theirs = _copy(need), _copy(need)
    mine.status, theirs.note = Need.Status.MET, "Overskriver"

    first, second = race(
        lambda: services.need_save(need=mine, by=bridge_builder),
        lambda: services.need_save(need=theirs, by=bridge_builder),
    )

    assert not isinstance(first, ValidationError) and _stale(second)
    need.refresh_from_db()
    assert (need.status, need.note) == (Need.Status.MET, "")


def test_a_member_added_while_the_case_is_being_closed_is_refused(household, bridge_builder):
    """member_save checked the copy of the case it was given: added during the closure, the
    member slipped into a closed case."""
    loaded = _copy(household)
    closure = Closure(
        household=household,
        closed_on=TODAY,
        practical_in_order=True,
        no_longer_asks_for_help=True,
        justification="Familien ønsker at afslutte",
    )

    first, second = race(
        lambda: services.household_close(closure=closure, by=bridge_builder),
        lambda: services.member_save(
            member=Member(household=loaded, first_name="Ny", birth_year=1990), by=bridge_builder
        ),
    )

    assert isinstance(first, Closure) and isinstance(second, ValidationError)
    assert not household.members.filter(first_name="Ny").exists()


def test_two_answers_to_one_offer_at_once_record_only_the_first(household, bridge_builder):
    offer = HousingOfferFactory(
        household=household, status=HousingOffer.Status.OFFERED, offered_on=TODAY
    )
    mine, theirs = _copy(offer), _copy(offer)

    first, second = race(
        lambda: services.offer_answer(
            offer=mine, status="accepted", answered_on=TODAY, by=bridge_builder
        ),
        lambda: services.offer_answer(
            offer=theirs,
            status="declined",
            answered_on=TODAY,
            decline_reason="rent",
            by=bridge_builder,
        ),
    )

    assert isinstance(first, HousingOffer)
    assert isinstance(second, ValidationError)
    assert second.messages == ["Dette tilbud er allerede besvaret."]
    offer.refresh_from_db()
    assert (offer.status, offer.decline_reason) == ("accepted", "")


def test_two_reschedules_of_one_move_from_the_same_version_save_once(household, bridge_builder):
    move = MoveFactory(household=household, moved_on=TODAY + timedelta(days=30))
    mine, theirs = _copy(move), _copy(move)

    first, second = race(
        lambda: services.move_reschedule(
            move=mine, moved_on=TODAY + timedelta(days=40), by=bridge_builder
        ),
        lambda: services.move_reschedule(
            move=theirs, moved_on=TODAY + timedelta(days=50), by=bridge_builder
        ),
    )

    assert isinstance(first, Move) and _stale(second)
    move.refresh_from_db()
    assert move.moved_on == TODAY + timedelta(days=40)
