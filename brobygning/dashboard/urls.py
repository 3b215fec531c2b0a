from django.urls import path, re_path

from brobygning.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("sager/", views.cases, name="cases"),
    re_path(r"^eksport/tal\.(?P<fmt>csv|xlsx)$", views.export_figures, name="export_figures"),
    re_path(
        r"^eksport/tal-til-deling\.(?P<fmt>csv|xlsx)$",
        views.export_shared_figures,
        name="export_shared_figures",
    ),
    re_path(r"^eksport/sager\.(?P<fmt>csv|xlsx)$", views.export_cases, name="export_cases"),
]
