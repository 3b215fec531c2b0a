"""The rules that create follow-ups automatically, with the labels shown to users. The rules
themselves are `FollowUp.Rule`; their titles are its labels."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from followups.models import FollowUp

Rule = FollowUp.Rule

RULE_LABELS = {
    Rule.REFERRAL_ACCEPTED: _("Referral accepted: first contact within %(days)s working days"),
    Rule.MOVE_REGISTERED: _("Move registered: call and offer a visit 14 days after"),
    Rule.MOVE_CHECKLIST_ADDRESS: _("Move checklist: change of address within 5 days"),
    Rule.MOVE_CHECKLIST_HOUSING_BENEFIT: _(
        "Move checklist: apply for housing benefit within 30 days (back-payment)"
    ),
    Rule.MOVE_CHECKLIST_DAYCARE: _("Move checklist: re-register for daycare"),
    Rule.MOVE_CHECKLIST_SCHOOL: _("Move checklist: enrol the children in school"),
    Rule.MOVE_CHECKLIST_SUPPORT: _(
        "Move checklist: check that municipal support continues after the move"
    ),
    Rule.CASE_CLOSED: _("Case closed: does the bridge hold after %(weeks)s weeks?"),
    Rule.BRIDGE_REQUESTED: _(
        "Request sent to an actor: chase it if unanswered after %(bridge_days)s days"
    ),
    Rule.NEXT_CONTACT: _("Journal entry: next contact with the household"),
}

# (rule, days after the move, member flag that must be set on someone, or None)
MOVE_CHECKLIST = [
    (Rule.MOVE_CHECKLIST_ADDRESS, 5, None),
    (Rule.MOVE_CHECKLIST_HOUSING_BENEFIT, 30, None),
    (Rule.MOVE_CHECKLIST_DAYCARE, 0, "needs_daycare"),
    (Rule.MOVE_CHECKLIST_SCHOOL, 0, "needs_school_change"),
    (Rule.MOVE_CHECKLIST_SUPPORT, 14, None),
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
