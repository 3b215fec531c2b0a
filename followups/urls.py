from django.urls import path

from followups import views

app_name = "followups"

urlpatterns = [
    path("", views.tasks, name="tasks"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/udfoer/", views.complete, name="complete"),
    path("<int:pk>/annuller/", views.cancel, name="cancel"),
    path("ny/<int:household_pk>/", views.create, name="create"),
    path("indstillinger/", views.preferences, name="preferences"),
    path("kalender/adresse/", views.calendar_token, name="calendar_token"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("arrangementer/", views.events, name="events"),
    path("arrangementer/ny/", views.event_create, name="event_create"),
    path("arrangementer/<int:pk>/", views.event_detail, name="event_detail"),
    path("invitationer/<int:pk>/", views.invitation_status, name="invitation_status"),
]
