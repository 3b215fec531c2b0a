"""Domain events of the case file. Apps above this one (referrals, followups) connect to them
in their AppConfig.ready(); receivers run inside the sender's transaction."""

from django.dispatch import Signal

# move_registered(sender, move): a move was registered (the 14-day visit hangs on it).
move_registered = Signal()
# household_closed(sender, household, closure): a case was closed ("does the bridge hold?").
household_closed = Signal()
# move_date_changed(sender, move, old_date): follow-ups that hang on the move shift with it.
move_date_changed = Signal()
# household_reopened(sender, household, by): a closed case was reopened.
household_reopened = Signal()
# journal_entry_added(sender, entry): a contact was logged (completes "first contact").
journal_entry_added = Signal()
# bridge_requested(sender, bridge): a request went to an actor ("bridge not answered" check).
bridge_requested = Signal()
# bridge_answered(sender, bridge): the actor (or the consultant for them) answered.
bridge_answered = Signal()
