from allauth.account.adapter import DefaultAccountAdapter


class ClosedSignupAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by an administrator; nobody signs up themselves."""

    def is_open_for_signup(self, request):
        return False
