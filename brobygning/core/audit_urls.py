from django.urls import path

from brobygning.core import auditlog_views

app_name = "audit"

urlpatterns = [
    path("", auditlog_views.audit_log, name="log"),
    path("stikproeve/", auditlog_views.spot_check, name="spot_check"),
]
