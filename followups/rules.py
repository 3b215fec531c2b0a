"""The rules that create follow-ups automatically, with the labels shown to users."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

RULE_LABELS = {
    "referral_accepted": _("Referral accepted: first contact within %(days)s working days"),
    "move_registered": _("Move registered: call and offer a visit 14 days after"),
    "move_checklist:address": _("Move checklist: change of address within 5 days"),
    "move_checklist:housing_benefit": _(
        "Move checklist: apply for housing benefit within 30 days (back-payment)"
    ),
    "move_checklist:daycare": _("Move checklist: re-register for daycare"),
    "move_checklist:school": _("Move checklist: enrol the children in school"),
    "move_checklist:support": _(
        "Move checklist: check that municipal support continues after the move"
    ),
    "case_closed": _("Case closed: does the bridge hold after %(weeks)s weeks?"),
    "bridge_requested": _(
        "Request sent to an actor: chase it if unanswered after %(bridge_days)s days"
    ),
}

RULE_TITLES = {
    "referral_accepted": _("First contact with the household"),
    "move_registered": _("Call and offer a visit 14 days after the move"),
    "move_checklist:address": _("Change of address registered"),
    "move_checklist:housing_benefit": _("Housing benefit applied for"),
    "move_checklist:daycare": _("Daycare re-registration"),
    "move_checklist:school": _("School enrolment"),
    "move_checklist:support": _("Municipal support continues"),
    "case_closed": _("Does the bridge hold? Is the local contact still there?"),
    "bridge_requested": _("Request not answered by the actor"),
}

# (rule, days after the move, member flag that must be set on someone, or None)
MOVE_CHECKLIST = [
    ("move_checklist:address", 5, None),
    ("move_checklist:housing_benefit", 30, None),
    ("move_checklist:daycare", 0, "needs_daycare"),
    ("move_checklist:school", 0, "needs_school_change"),
    ("move_checklist:support", 14, None),
]


def rule_label(rule):
    label = RULE_LABELS.get(rule)
    if label is None:
        return ""
    return str(label) % {
        "days": settings.BROBYGNING["FIRST_CONTACT_WORKING_DAYS"],
        "weeks": settings.BROBYGNING["BRIDGE_HOLDS_WEEKS"],
        "bridge_days": settings.BROBYGNING["BRIDGE_ANSWER_DAYS"],
    }
