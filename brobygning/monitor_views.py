from django.shortcuts import render
from django.views.decorators.http import require_GET

from brobygning.access import role_required
from brobygning.dashboard.suppression import Cell
from brobygning.roles import Role
from households.monitor import monitor


def _arrivals(households, persons):
    """(households, persons) as shown: persons only beside a count that is shown and not 0."""
    cell = Cell(households)
    return cell, (Cell(persons) if households and not cell.suppressed else "–")


@require_GET
@role_required(Role.MANAGER, Role.ADMINISTRATOR)
def receiving_areas(request):
    quarters, rows = monitor()
    table = []
    for row in rows:
        last_year = Cell(row.last_year_households)
        table.append(
            {
                "row": row,
                "quarters": [_arrivals(*row.quarters[q]) for q in quarters],
                "departments": [(name, Cell(count)) for name, count in row.departments],
                "last_year": last_year,
                "inflow_share": None if last_year.suppressed else row.inflow_share,
                "bar": last_year.value or 0,
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
        },
    )
