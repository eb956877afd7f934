"""Sesi: log in with NIP and password for the web session (a future mobile app), log out.

The login goes through `django.contrib.auth.authenticate`, so django-axes counts failures and locks the NIP
exactly as on the login page. A client then sends the session cookie and the CSRF token (`X-CSRFToken`) on
every write.
"""

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import get_token
from ninja import Router, Schema, Status

from ..auth import actor
from ..errors import ErrorOut
from ..schemas import Teks

router = Router(tags=["Sesi"])

SALAH = "NIP atau password salah. Periksa kembali lalu coba lagi."
TERKUNCI = (
    "Akun sementara terkunci: terlalu banyak percobaan masuk yang gagal untuk NIP ini. "
    "Coba lagi nanti atau hubungi admin instansi Anda."
)
ASAL_LAIN = "Permintaan masuk dari situs lain ditolak."


class MasukIn(Schema):
    nip: Teks(64)
    password: Teks(128)


class SesiOut(Schema):
    username: str
    nama: str
    peran: str
    csrf_token: str


class KeluarOut(Schema):
    pesan: str


def _galat(kode: str, pesan: str, field: str | None = None) -> dict:
    return {"kode": kode, "pesan": pesan, "galat": [{"field": field, "pesan": pesan}] if field else []}


def _dari_situs_lain(request) -> bool:
    """Login CSRF: a page on another site could post a form (enctype text/plain parses as JSON) and log the
    victim's browser into the attacker's account. Browsers send Origin with every POST; clients outside a browser
    (a mobile app, scripts) send none and are not affected. docs/security-akun.md"""
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    ours = request.build_absolute_uri("/").rstrip("/")
    return origin != ours and origin not in settings.CSRF_TRUSTED_ORIGINS


@router.post(
    "/masuk",
    auth=None,
    response={200: SesiOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut},
    summary="Masuk dengan NIP dan password",
)
def masuk(request, payload: MasukIn):
    """Starts a web session. Returns the CSRF token to send as `X-CSRFToken` with every write."""
    if _dari_situs_lain(request):
        return Status(403, _galat("asal_ditolak", ASAL_LAIN))
    user = authenticate(request, username=payload.nip.strip(), password=payload.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            # Answer in JSON here; the axes middleware would otherwise swap in its HTML lockout page.
            request.axes_locked_out = False
            return Status(429, _galat("terkunci", TERKUNCI))
        return Status(401, _galat("gagal_masuk", SALAH, "password"))
    login(request, user)
    pegawai = getattr(user, "pegawai", None)
    return {
        "username": user.username,
        "nama": pegawai.nama_lengkap if pegawai else (user.get_full_name() or user.username),
        "peran": user.peran,
        "csrf_token": get_token(request),
    }


@router.post("/keluar", response={200: KeluarOut, 401: ErrorOut}, summary="Keluar dari sesi")
def keluar(request):
    """Ends the web session (a call with an API key has no session: nothing to end)."""
    actor(request)
    logout(request)
    return {"pesan": "Anda telah keluar."}
