"""A test client whose `force_login` leaves the record a real login leaves.

allauth keeps a list of the session's authentications, and the sensitive views
(`brobygning.core.access.recent_authentication_required`) read it. Django's `force_login` goes
around allauth, so without this record every test of an export would be sent to
re-authenticate."""

from allauth.account.internal.flows.login import record_authentication
from django.http import HttpRequest
from django.test import Client as DjangoClient


def record_login(client, user):
    """Record in the client's session that `user` logged in with a password just now."""
    request = HttpRequest()
    request.session = client.session
    request.user = user
    record_authentication(request, user, method="password")
    request.session.save()


class Client(DjangoClient):
    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        record_login(self, user)
