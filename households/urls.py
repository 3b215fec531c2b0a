from django.urls import path

from households import bridge_views, offer_views, views

app_name = "households"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("ny/", views.household_create, name="create"),
    path("<int:pk>/", views.household_detail, name="detail"),
    path("<int:pk>/tidslinje/", views.household_timeline, name="timeline"),
    path("<int:pk>/adgang/", bridge_views.household_break_glass, name="break_glass"),
    path("<int:pk>/rediger/", views.household_edit, name="edit"),
    path("<int:pk>/bolig/", views.tenancy_edit, name="tenancy"),
    path("<int:pk>/medlemmer/ny/", views.members_add, name="member_add"),
    path("<int:pk>/medlemmer/<int:member_pk>/", views.member_edit, name="member_edit"),
    path("<int:pk>/behov/ny/", views.need_edit, name="need_add"),
    path("<int:pk>/behov/<int:need_pk>/", views.need_edit, name="need_edit"),
    path("<int:pk>/journal/ny/", views.journal_add, name="journal_add"),
    path("<int:pk>/journal/<int:entry_pk>/", views.journal_detail, name="journal_detail"),
    path("<int:pk>/fase/", views.phase_change, name="phase_change"),
    path("<int:pk>/tilbud/ny/", views.offer_edit, name="offer_add"),
    path("<int:pk>/tilbud/<int:offer_pk>/", views.offer_edit, name="offer_edit"),
    path("<int:pk>/tilbud/tjek/", offer_views.offer_check, name="offer_check"),
    path("<int:pk>/tilbud/<int:offer_pk>/svar/", views.offer_answer, name="offer_answer"),
    path("<int:pk>/flytning/", views.move_register, name="move"),
    path("<int:pk>/flytning/<int:move_pk>/", views.move_edit, name="move_edit"),
    path("<int:pk>/afslut/", views.household_close, name="close"),
    path("<int:pk>/genaabn/", views.household_reopen, name="reopen"),
    path("<int:pk>/tildel/", views.household_assign, name="assign"),
    path("<int:pk>/samtykke/ny/", bridge_views.consent_add, name="consent_add"),
    path("<int:pk>/broer/ny/", bridge_views.bridge_add, name="bridge_add"),
    path(
        "<int:pk>/broer/<int:bridge_pk>/anmod/", bridge_views.bridge_request, name="bridge_request"
    ),
    path(
        "<int:pk>/broer/<int:bridge_pk>/status/", bridge_views.bridge_status, name="bridge_status"
    ),
    path(
        "<int:pk>/broer/<int:bridge_pk>/nyt-link/",
        bridge_views.bridge_reissue,
        name="bridge_reissue",
    ),
]
