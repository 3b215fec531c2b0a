from brobygning.core.models import User
from followups.models import FollowUp
from followups.services import rule_label

# What the panel shows of a follow-up (and the assignee's name): no other columns.
PANEL_FIELDS = ("household", "kind", "title", "rule", "status", "due_on")


def case_followups(request, household):
    """The case page's follow-up panel: open follow-ups, with the rule that made each."""
    followups = list(
        household.followups.open()
        .select_related("assignee")
        .only(*PANEL_FIELDS, *User.name_fields("assignee"))
    )
    for followup in followups:
        followup.rule_text = rule_label(followup.rule)
    return "followups/_case_panel.html", {"followups": followups, "kinds": FollowUp.Kind}
