from django.urls import path

from brobygning import monitor_views

app_name = "monitor"

urlpatterns = [path("", monitor_views.receiving_areas, name="receiving_areas")]
