from allauth.account.decorators import secure_admin_login
from allauth.account.views import email as account_email
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from brobygning.core import accessibility, views
from brobygning.core.access import recent_authentication_required
from brobygning.core.admin_accessibility import label_admin_date_inputs
from brobygning.start import views as start_views

# The admin logs in through the same flow (lockout, two-factor authentication).
admin.site.login = secure_admin_login(admin.site.login)
# The admin's date and time inputs get their own names (WCAG 1.3.1; the accessibility statement).
label_admin_date_inputs()

urlpatterns = [
    path("", start_views.home, name="home"),
    path("health/", views.health, name="health"),
    path("notifikationer/", views.notifications, name="notifications"),
    path("notifikationer/laest/", views.notifications_read, name="notifications_read"),
    path("hent/", views.download, name="download"),
    path("postnumre.json", views.postcodes, name="postcodes"),
    path("sprog/", login_not_required(set_language), name="set_language"),
    path("tilgaengelighed/", accessibility.statement, name="accessibility"),
    # Adding, removing or choosing an e-mail address (where a password reset goes) needs a
    # recent login (#21.10); allauth's own view, matched before its URLs.
    path(
        "konto/email/",
        recent_authentication_required(account_email, allow_get=True),
        name="account_email",
    ),
    path("konto/", include("allauth.urls")),
    path("sager/", include("households.urls")),
    path("aktoerer/", include("actors.urls")),
    path("henvisninger/", include("referrals.urls")),
    path("portal/", include("households.portal_urls")),
    path("revision/", include("brobygning.core.audit_urls")),
    path("modtageromraader/", include("brobygning.monitor.urls")),
    path("opfoelgning/", include("followups.urls")),
    path("privatliv/", include("brobygning.privacy.urls")),
    path("oversigt/", include("brobygning.dashboard.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "brobygning.core.views.permission_denied"
handler500 = "brobygning.core.views.server_error"
