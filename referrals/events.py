"""Domain events of referrals; the follow-up app connects to them in AppConfig.ready()."""

from django.dispatch import Signal

# referral_accepted(sender, referral, household): the "first contact" follow-up hangs on it.
referral_accepted = Signal()
