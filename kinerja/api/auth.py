"""Who is calling: the web session (the UI, a future mobile app) or an API key (other systems).

Both resolve to a User in `request.auth`; routers pass it as `actor` to the same services the web UI uses.
A read key may only use GET/HEAD/OPTIONS.
"""

from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from .keys import apikey_lookup
from .models import Akses, ApiKey

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ReadOnlyKeyError(HttpError):
    def __init__(self):
        super().__init__(403, "API key ini hanya untuk membaca data.")


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer ekn_<prefix>_<secret>`."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        key = apikey_lookup(token)
        if key is None:
            return None
        if key.akses == Akses.BACA and request.method not in SAFE_METHODS:
            raise ReadOnlyKeyError()
        ApiKey.objects.filter(pk=key.pk).update(terakhir_dipakai=timezone.now())
        request.api_key = key
        return key.akun


class Session(SessionAuth):
    """The logged-in web user; unsafe methods need the CSRF token (X-CSRFToken), as in the UI."""

    def authenticate(self, request, key):
        user = request.user
        if user.is_authenticated and user.is_active:
            return user
        return None


AUTH = [ApiKeyAuth(), Session()]


def actor(request):
    """The User the call acts as."""
    return request.auth
