"""Where the household lives: the old address until the move day, the new one after it."""

from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Addresses:
    current: str
    former: str = ""  # the address before the move, once the household has moved


def household_addresses(household, moves, today=None) -> Addresses:
    """`moves` newest first (Move.Meta.ordering). A move dated in the future is planned, not
    made: until that day the household still lives at the old address."""
    today = today or timezone.localdate()
    made = [move for move in moves if move.moved_on <= today]
    if not made:
        return Addresses(current=household.address_display)
    return Addresses(current=made[0].address_display, former=household.address_display)
