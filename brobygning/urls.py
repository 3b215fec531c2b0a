from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from brobygning import views

# The admin logs in through the same flow (lockout, two-factor authentication).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("notifikationer/", views.notifications, name="notifications"),
    path("notifikationer/laest/", views.notifications_read, name="notifications_read"),
    path("hent/", views.download, name="download"),
    path("sprog/", login_not_required(set_language), name="set_language"),
    path("konto/", include("allauth.urls")),
    path("sager/", include("households.urls")),
    path("aktoerer/", include("actors.urls")),
    path("henvisninger/", include("referrals.urls")),
    path("portal/", include("households.portal_urls")),
    path("revision/", include("brobygning.audit_urls")),
    path("modtageromraader/", include("brobygning.monitor_urls")),
    path("opfoelgning/", include("followups.urls")),
    path("privatliv/", include("brobygning.privacy.urls")),
    path("oversigt/", include("brobygning.dashboard.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "brobygning.views.permission_denied"
handler500 = "brobygning.views.server_error"
