from django.shortcuts import render
from django.views.decorators.http import require_GET

from brobygning.access import role_required
from brobygning.roles import Role
from households.monitor import monitor, suppressed


@require_GET
@role_required(Role.MANAGER, Role.ADMINISTRATOR)
def receiving_areas(request):
    quarters, rows = monitor()
    table = [
        {
            "row": row,
            "quarters": [
                (suppressed(households), suppressed(persons) if households >= 5 else "–")
                for households, persons in (row.quarters[q] for q in quarters)
            ],
            "last_year": suppressed(row.last_year_households),
            "bar": row.last_year_households if row.last_year_households >= 5 else 0,
        }
        for row in rows
    ]
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
