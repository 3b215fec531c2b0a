from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from actors.access import may_open_directory
from brobygning.core.access import role_required
from brobygning.core.roles import Role
from brobygning.core.suppression import is_suppressed, shared_share, shared_text
from households.monitor import monitor, share_limit

# The monitor is the page managers share with the municipality and the housing
# organisations, so its counts go through the rule for figures that leave the team.


def _arrivals(households, persons):
    """(households, persons) as shown: persons only beside a count that is shown and not 0."""
    shown = households and not is_suppressed(households)
    return shared_text(households), (shared_text(persons) if shown else "–")


def _warnings(row):
    """The area's warnings; the share warning without its share when the count is hidden."""
    if not row.inflow_warning or not is_suppressed(row.last_year_households):
        return row.warnings
    hidden = _(
        "Took more than %(limit)s %% of its homes in rehoused households in the last year."
    ) % {"limit": share_limit()}
    return [hidden if warning == row.inflow_warning else warning for warning in row.warnings]


@require_GET
@role_required(Role.MANAGER, Role.ADMINISTRATOR)
def receiving_areas(request):
    quarters, rows = monitor()
    table = []
    for row in rows:
        last_year = row.last_year_households
        table.append(
            {
                "row": row,
                "quarters": [_arrivals(*row.quarters[q]) for q in quarters],
                "departments": [(name, shared_text(count)) for name, count in row.departments],
                "last_year": shared_text(last_year),
                "inflow_share": shared_share(last_year, row.inflow_share),
                "warnings": _warnings(row),
                "bar": 0 if is_suppressed(last_year) else last_year or 0,
            }
        )
    largest = max([item["bar"] for item in table] + [1])
    for index, item in enumerate(table):
        item["bar_width"] = round(item["bar"] / largest * 300)
        item["y"] = 4 + index * 24
    return render(
        request,
        "monitor/receiving_areas.html",
        {
            "quarter_labels": [f"{q.year} K{(q.month - 1) // 3 + 1}" for q in quarters],
            "table": table,
            "chart_height": 24 * len(table) + 10,
            "area_links": may_open_directory(request.user),
        },
    )
