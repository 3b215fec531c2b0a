from django.urls import path

from households import portal

app_name = "portal"

urlpatterns = [
    path("", portal.queue, name="queue"),
    path("<int:pk>/", portal.answer, name="answer"),
    path("svar/<str:token>/", portal.token_answer, name="token_answer"),
]
