from django.urls import path

from actors import views

app_name = "actors"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("tilbud/ny/", views.offer_edit, name="offer_create"),
    path("tilbud/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("tilbud/<int:pk>/rediger/", views.offer_edit, name="offer_edit"),
    path("liste/", views.actor_list, name="actor_list"),
    path("ny/", views.actor_edit, name="actor_create"),
    path("<int:pk>/", views.actor_detail, name="actor_detail"),
    path("<int:pk>/rediger/", views.actor_edit, name="actor_edit"),
    path("<int:pk>/kontaktpersoner/ny/", views.contact_edit, name="contact_create"),
    path(
        "<int:pk>/kontaktpersoner/<int:contact_pk>/",
        views.contact_edit,
        name="contact_edit",
    ),
    path("omraader/", views.area_list, name="area_list"),
    path("omraader/<int:pk>/", views.area_detail, name="area_detail"),
    path("omraader/<int:pk>/rediger/", views.area_edit, name="area_edit"),
    path("omraader/<int:pk>/doerhaenger/", views.door_hanger, name="door_hanger"),
    path("omraader/<int:pk>/kontakter/ny/", views.local_contact_edit, name="local_contact_create"),
    path(
        "omraader/<int:pk>/kontakter/<int:contact_pk>/",
        views.local_contact_edit,
        name="local_contact_edit",
    ),
]
