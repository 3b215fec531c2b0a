from functools import wraps

from django.core.exceptions import PermissionDenied


def role_required(*roles):
    """403 for a logged-in user without any of the roles (anonymous users never get here:
    LoginRequiredMiddleware sends them to the login page first)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
