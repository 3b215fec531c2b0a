from django.urls import path

from brobygning.privacy import views

app_name = "privacy"

urlpatterns = [
    path("<int:pk>/indsigt.json", views.export_json, name="export_json"),
    path("<int:pk>/indsigt/", views.export_html, name="export_html"),
    path("<int:pk>/indsigt.pdf", views.export_pdf, name="export_pdf"),
    path("<int:pk>/anonymiser/", views.erase, name="erase"),
]
