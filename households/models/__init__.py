"""The case file: a household and everything the bridge-builder recorded about it, in three
parts: the case itself, the new home (offers, move, closure) and sharing with actors
(consents, bridges)."""

from households.models.case import (  # noqa: F401
    ADULT_AGE,
    OPEN_PHASES,
    Household,
    HouseholdQuerySet,
    JournalEntry,
    Member,
    Need,
    Phase,
    PhaseChange,
)
from households.models.housing import (  # noqa: F401
    Closure,
    ClosureCancellation,
    HousingOffer,
    Move,
)
from households.models.sharing import (  # noqa: F401
    Bridge,
    BridgeChange,
    BridgeQuerySet,
    Consent,
)
