"""allauth's own Danish catalogue says "password" on some of its pages; Brobygning says
"adgangskode" everywhere (one word for one thing). Our catalogue (locale/da) translates these
allauth messages again, and this list keeps them there: makemessages drops a message no code
uses. Checked by tests/core/test_danish_words.py."""

from django.utils.translation import gettext_noop

ALLAUTH_MESSAGES = [
    gettext_noop("Your account has no password set up."),
    gettext_noop("Password Reset"),
    gettext_noop("Password Reset Email"),
    gettext_noop("Password successfully changed."),
    gettext_noop("Password successfully set."),
    gettext_noop("Change Password"),
    gettext_noop("Forgot Password?"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you "
        "an email allowing you to reset it."
    ),
    gettext_noop("Reset My Password"),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been "
        'used.  Please request a <a href="%(passwd_reset_url)s">new password reset</'
        "a>."
    ),
    gettext_noop("Your password is now changed."),
    gettext_noop("Set Password"),
]
