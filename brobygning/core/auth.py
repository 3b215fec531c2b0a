from allauth.account.adapter import DefaultAccountAdapter, get_adapter

from brobygning.core.security_log import password_reset_requested


class ClosedSignupAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by an administrator; nobody signs up themselves."""

    def is_open_for_signup(self, request):
        return False

    def send_password_reset_mail(self, user, email, context):
        password_reset_requested(context.get("request") or self.request, user)
        return super().send_password_reset_mail(user, email, context)


def _tell_previous_addresses(request, user, new, template, context):
    """One notice to each address the account had besides `new` (its EmailAddress rows and the
    user's own e-mail field, which the admin sets)."""
    from allauth.account.models import EmailAddress

    previous = set(
        EmailAddress.objects.filter(user=user).exclude(pk=new.pk).values_list("email", flat=True)
    )
    previous |= {user.email} if user.email else set()
    previous -= {new.email}
    adapter = get_adapter(request)
    for address in sorted(previous):
        adapter.send_notification_mail(template, user, context(address), email=address)


def on_email_added(sender, request, user, email_address, **kwargs):
    """Tell the account's other addresses that one was added (#21.10): a password reset can
    go to it."""
    _tell_previous_addresses(
        request,
        user,
        email_address,
        "account/email/email_added",
        lambda address: {"added_email": email_address.email},
    )


def on_email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    """Tell the old addresses that another one is now the account's address. allauth tells the
    old primary address itself (ACCOUNT_EMAIL_NOTIFICATIONS); accounts made in the admin have
    none, only the user's e-mail field."""
    if from_email_address is not None:
        return
    _tell_previous_addresses(
        request,
        user,
        to_email_address,
        "account/email/email_changed",
        lambda address: {"from_email": address, "to_email": to_email_address.email},
    )
