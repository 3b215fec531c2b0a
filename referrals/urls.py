from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("mine/", views.mine, name="mine"),
    path("ny/", views.referral_form, name="create"),
    path("import/", views.import_upload, name="import"),
    path("import/bekraeft/", views.import_confirm, name="import_confirm"),
    path("import/skabelon.csv", views.import_template, name="import_template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rediger/", views.referral_form, name="edit"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/accepter/", views.accept, name="accept"),
    path("<int:pk>/afvis/", views.decline, name="decline"),
    path("<int:pk>/besked/", views.message, name="message"),
    path("<int:pk>/tilbagekald/", views.withdraw, name="withdraw"),
    path("<int:pk>/genaabn/", views.reopen, name="reopen"),
]
