from followups.models import FollowUp
from followups.services import rule_label


def case_followups(request, household):
    """The case page's follow-up panel: open follow-ups, with the rule that made each."""
    followups = list(household.followups.open().select_related("assignee"))
    for followup in followups:
        followup.rule_text = rule_label(followup.rule)
    return "followups/_case_panel.html", {"followups": followups, "kinds": FollowUp.Kind}
