"""The accessibility statement (tilgængelighedserklæring, webtilgængelighedsloven § 4).

Modelled on the structure of Digitaliseringsstyrelsen's WAS-Tool statement: status of
compliance, non-accessible content, how the statement was prepared, feedback contact and the
enforcement procedure. Public: someone who cannot log in must be able to read it.
"""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

# Update REVIEWED_ON whenever the statement is reviewed (the law asks for at least yearly).
PREPARED_ON = datetime.date(2026, 12, 6)
REVIEWED_ON = datetime.date(2026, 12, 6)
# Where a user who did not get a satisfying answer from us can complain.
COMPLAINT_URL = (
    "https://digst.dk/digital-inklusion/webtilgaengelighed/oplever-du-ikke-tilgaengeligt-indhold/"
)


@login_not_required
@require_safe
def statement(request):
    product = settings.BROBYGNING
    return render(
        request,
        "accessibility.html",
        {
            "organisation": product["ORGANISATION_NAME"],
            "contact_email": product["ACCESSIBILITY_EMAIL"],
            "contact_phone": product["ACCESSIBILITY_PHONE"],
            "prepared_on": PREPARED_ON,
            "reviewed_on": REVIEWED_ON,
            "complaint_url": COMPLAINT_URL,
        },
    )
