from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kinerja.org.models import User


@require_GET
@never_cache
def healthz(request):
    """200 when the database answers; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
@never_cache
def healthz_db(request):
    """For load balancers: 200 when one primary-key lookup on a real table answers, so the database is reachable
    and migrated; 503 otherwise. Exactly one query: no login, the session is never read or written. It is also the
    bare view that benchmark 1 (docs/benchmark-beban.md) compares the deadline-day pages with."""
    try:
        User.objects.filter(pk=1).exists()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect("org:profil")
