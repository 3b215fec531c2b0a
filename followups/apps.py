from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = _("Follow-ups")

    def ready(self):
        # Explicit hooks on the domain events of the apps below (ARCHITECTURE.md: one way only).
        from followups import closure, panels, services
        from households import closure as case_closure
        from households import events as household_events
        from households import panels as case_panels
        from referrals import events as referral_events

        referral_events.referral_accepted.connect(
            services.on_referral_accepted, dispatch_uid="followups.referral_accepted"
        )
        household_events.move_registered.connect(
            services.on_move_registered, dispatch_uid="followups.move_registered"
        )
        household_events.move_date_changed.connect(
            services.on_move_date_changed, dispatch_uid="followups.move_date_changed"
        )
        household_events.household_closed.connect(
            services.on_household_closed, dispatch_uid="followups.household_closed"
        )
        household_events.household_closed.connect(
            closure.on_household_closed, dispatch_uid="followups.case_state_closed"
        )
        household_events.journal_entry_added.connect(
            services.on_journal_entry_added, dispatch_uid="followups.journal_entry_added"
        )
        household_events.bridge_requested.connect(
            services.on_bridge_requested, dispatch_uid="followups.bridge_requested"
        )
        household_events.bridge_answered.connect(
            services.on_bridge_answered, dispatch_uid="followups.bridge_answered"
        )
        household_events.household_reopened.connect(
            closure.on_household_reopened, dispatch_uid="followups.household_reopened"
        )
        case_panels.register(panels.case_followups)
        case_closure.register(closure.OpenFollowUps())
