"""Domain events of the case file. Apps above this one (referrals, followups) connect to them
in their AppConfig.ready(); receivers run inside the sender's transaction."""

from django.dispatch import Signal

# move_registered(sender, move): a move was registered (the 14-day visit hangs on it).
move_registered = Signal()
# household_closed(sender, household, closure): a case was closed ("does the bridge hold?").
household_closed = Signal()
