from django.urls import path

from brobygning.monitor import views

app_name = "monitor"

urlpatterns = [path("", views.receiving_areas, name="receiving_areas")]
