from brobygning.models import AccessLog


def log_access(request, *, action, target_type, target_id="", household=None, detail=""):
    """Write one access-log row in the request's transaction (ATOMIC_REQUESTS)."""
    return AccessLog.objects.create(
        user=request.user,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        household_reference=getattr(household, "reference", ""),
        detail=detail[:300],
        path=request.get_full_path()[:300],
    )
