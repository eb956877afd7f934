"""Accounts (issue 8): lockout after repeated failures on the login page and the API, password rules, session
expiry, CSRF on every URL that accepts a POST and on every session-authenticated API write.
docs/security-akun.md says what each test proves."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from kinerja.api.api import api
from kinerja.api.keys import apikey_create
from kinerja.core.models import AuditEvent

PASSWORD = "rahasia-uji-123"
TERKUNCI = "Akun sementara terkunci"


def masuk_web(client, nip, password):
    return client.post(reverse("login"), {"username": nip, "password": password})


def masuk_api(client, nip, password, **extra):
    data = {"nip": nip, "password": password}
    return client.post(reverse("api:masuk"), data, content_type="application/json", **extra)


# --- Lockout (django-axes) -----------------------------------------------------------------------------------


def test_web_login_locks_the_nip_after_the_failure_limit(client, org):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert "NIP atau password salah" in masuk_web(client, org.staf.nip, "salah").content.decode()
    assert masuk_web(client, org.staf.nip, "salah").status_code == 429
    r = masuk_web(client, org.staf.nip, PASSWORD)  # even the right password
    assert r.status_code == 429 and TERKUNCI in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_api_login_goes_through_axes_and_shares_the_count_with_the_login_page(client, org):
    """The API's Masuk calls django.contrib.auth.authenticate: its failures count toward the same lock."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert masuk_web(client, org.staf.nip, "salah").status_code == 200
    r = masuk_api(client, org.staf.nip, "salah")
    assert r.status_code == 429 and r.json()["kode"] == "terkunci"
    r = masuk_api(Client(), org.staf.nip, PASSWORD)
    assert r.status_code == 429 and TERKUNCI in r.json()["pesan"]
    assert masuk_web(Client(), org.staf.nip, PASSWORD).status_code == 429


def test_api_failures_alone_lock_the_login_page(client, org):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        masuk_api(client, org.staf.nip, "salah")
    assert masuk_web(Client(), org.staf.nip, PASSWORD).status_code == 429


def test_the_lock_is_per_nip_not_per_ip_address(client, org):
    """A whole office shares one public IP: one person's lock must not lock their colleagues (axes.W006)."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        masuk_web(client, org.staf.nip, "salah")
    r = masuk_web(client, org.staf2.nip, PASSWORD)
    assert r.status_code == 302 and r["Location"] == reverse("org:profil")


def _kunci(nip):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        masuk_web(Client(), nip, "salah")


def test_still_locked_just_before_the_cool_off_ends(org):
    mulai = timezone.now()
    with time_machine.travel(mulai, tick=False):
        _kunci(org.staf.nip)
    sebelum = mulai + datetime.timedelta(hours=settings.AXES_COOLOFF_TIME) - datetime.timedelta(minutes=1)
    with time_machine.travel(sebelum, tick=False):
        assert masuk_web(Client(), org.staf.nip, PASSWORD).status_code == 429


def test_unlocked_after_the_cool_off(org):
    mulai = timezone.now()
    with time_machine.travel(mulai, tick=False):
        _kunci(org.staf.nip)
    sesudah = mulai + datetime.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    with time_machine.travel(sesudah, tick=False):
        r = masuk_web(Client(), org.staf.nip, PASSWORD)
        assert r.status_code == 302 and r["Location"] == reverse("org:profil")


# --- Password rules ------------------------------------------------------------------------------------------


def _ganti(client, baru, lama=PASSWORD):
    data = {"old_password": lama, "new_password1": baru, "new_password2": baru}
    return client.post(reverse("password_change"), data)


@pytest.mark.parametrize(
    ("baru", "pesan"),
    [
        ("Ab-123", "Kata sandi terlalu pendek. Harus mengandung setidaknya 8 karakter."),
        ("83749261053", "Kata sandi ini seluruhnya terdiri dari angka."),
        ("password123", "Kata sandi ini terlalu umum."),
        ("{nip}x", "Kata sandi terlalu mirip dengan NIP atau nama Anda."),
        ("Bidang-Staf", "Kata sandi terlalu mirip dengan NIP atau nama Anda."),  # the name is STAF BIDANG
    ],
)
def test_password_change_refuses_weak_passwords_in_indonesian(client, org, baru, pesan):
    client.force_login(org.staf.user)
    r = _ganti(client, baru.format(nip=org.staf.nip))
    assert r.status_code == 200 and pesan in r.content.decode()
    org.staf.user.refresh_from_db()
    assert org.staf.user.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="akun.password_change").exists()


def test_password_change_page_explains_the_rules(client, org):
    client.force_login(org.staf.user)
    html = client.get(reverse("password_change")).content.decode()
    assert "setidaknya 8 karakter" in html and "mirip dengan NIP atau nama Anda" in html


def test_a_password_change_ends_the_other_sessions(org):
    lain = Client()
    lain.force_login(org.staf.user)
    sini = Client()
    sini.force_login(org.staf.user)
    assert _ganti(sini, "Kinerja-Baru-2026").status_code == 302
    assert (
        sini.get(reverse("org:profil")).status_code == 200
    )  # this session was kept (update_session_auth_hash)
    assert lain.get(reverse("org:profil")).status_code == 302  # the other one is logged out


def test_admin_reset_gives_a_temporary_password_that_obeys_the_rules_and_lifts_the_lock(client, org):
    _kunci(org.staf.nip)
    client.force_login(org.admin)
    url = reverse("org:admin_pegawai_reset_password", args=[org.staf.pk])
    html = client.post(url).content.decode()
    sementara = re.search(r'data-testid="password-sementara">([^<]+)</code>', html).group(1)
    org.staf.user.refresh_from_db()
    validate_password(sementara, org.staf.user)  # raises ValidationError if a rule is broken
    r = masuk_web(Client(), org.staf.nip, sementara)
    assert r.status_code == 302 and r["Location"] == reverse("org:profil")


# --- Session expiry ------------------------------------------------------------------------------------------


def test_the_session_cookie_ends_with_the_browser_and_is_httponly(client, org):
    r = masuk_web(client, org.staf.nip, PASSWORD)
    cookie = r.cookies[settings.SESSION_COOKIE_NAME]
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert (
        r.cookies.get(settings.CSRF_COOKIE_NAME) is None or r.cookies[settings.CSRF_COOKIE_NAME]["httponly"]
    )


def test_an_expired_session_is_sent_to_the_login_page(org):
    client = Client()
    mulai = timezone.now()
    umur = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(mulai, tick=False):
        assert masuk_web(client, org.staf.nip, PASSWORD).status_code == 302
    with time_machine.travel(mulai + umur - datetime.timedelta(minutes=1), tick=False):
        assert client.get(reverse("org:profil")).status_code == 200
        assert client.get(reverse("api:saya")).status_code == 200
    with time_machine.travel(mulai + umur + datetime.timedelta(minutes=1), tick=False):
        r = client.get(reverse("org:profil"))
        assert r.status_code == 302 and r["Location"] == f"{reverse('login')}?next={reverse('org:profil')}"
        assert client.get(reverse("api:saya")).status_code == 401


# --- CSRF everywhere -----------------------------------------------------------------------------------------


def _pola(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _pola(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def _isi(route):
    """A concrete path for a route: every int converter gets 1, every other converter "x"."""
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m.group(1) == "int" else "x", route)


POLA = list(_pola(get_resolver().url_patterns))
WEB = sorted(_isi(r) for r, cb in POLA if not r.startswith("api/v1/"))


def test_only_the_api_is_exempt_from_django_csrf():
    """ninja's views are csrf_exempt; its session auth checks CSRF itself (tested below). No web view is."""
    exempt = {r for r, cb in POLA if getattr(cb, "csrf_exempt", False)}
    assert exempt and all(r.startswith("api/v1/") for r in exempt)
    assert len(WEB) > 150  # the enumeration found the whole site


def _csrf_gagal(r) -> bool:
    return r.status_code == 403 and 'data-testid="csrf-gagal"' in r.content.decode()


@pytest.mark.parametrize("siapa", ["anonim", "pegawai", "admin"])
def test_every_web_url_refuses_a_post_without_the_csrf_token_before_anything_else(org, siapa):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))  # the victim's browser holds a CSRF cookie; the attacker has no token
    assert settings.CSRF_COOKIE_NAME in client.cookies
    if siapa != "anonim":
        client.force_login(org.staf.user if siapa == "pegawai" else org.admin)
    audit = AuditEvent.objects.count()
    lolos = [path for path in WEB if not _csrf_gagal(client.post(path, {"nama": "x", "aksi": "setujui"}))]
    assert lolos == []
    assert AuditEvent.objects.count() == audit


def test_the_csrf_token_is_what_makes_the_difference(org):
    """Control: the same password change is refused without the token and accepted with it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.staf.user)
    data = {
        "old_password": PASSWORD,
        "new_password1": "Kinerja-Baru-2026",
        "new_password2": "Kinerja-Baru-2026",
    }
    assert _csrf_gagal(client.post(reverse("password_change"), data))
    org.staf.user.refresh_from_db()
    assert org.staf.user.check_password(PASSWORD)
    client.get(reverse("password_change"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    r = client.post(reverse("password_change"), {**data, "csrfmiddlewaretoken": token})
    assert r.status_code == 302
    org.staf.user.refresh_from_db()
    assert org.staf.user.check_password("Kinerja-Baru-2026")


def _operasi_tulis():
    schema = api.get_openapi_schema()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if method in ("post", "put", "patch", "delete"):
                yield re.sub(r"\{\w+\}", "1", path), method, bool(op.get("security"))


API_TULIS = list(_operasi_tulis())


def test_every_session_authenticated_api_write_needs_the_csrf_header(org):
    assert len(API_TULIS) > 30  # the enumeration found the whole API
    tanpa_auth = sorted(p for p, m, auth in API_TULIS if not auth)
    assert tanpa_auth == [reverse("api:masuk")]  # only the login itself (checked by Origin below)
    client = Client(enforce_csrf_checks=True)
    token = masuk_api(client, org.kabid.nip, PASSWORD).json()["csrf_token"]
    audit = AuditEvent.objects.count()
    lolos = []
    for path, method, auth in API_TULIS:
        if not auth:
            continue
        r = getattr(client, method)(path, {}, content_type="application/json")
        if r.status_code != 403 or "CSRF" not in r.content.decode():
            lolos.append((method, path, r.status_code))
    assert lolos == []
    assert AuditEvent.objects.count() == audit
    # The session is still alive and the token works: the refusals were CSRF, nothing else.
    r = client.post(reverse("api:keluar"), headers={"X-CSRFToken": token})
    assert r.status_code == 200


def test_api_keys_need_no_csrf_token_by_design(org):
    """A key travels in the Authorization header, which a browser never adds on its own to a cross-site request:
    there is no ambient credential to ride on (kinerja/api/auth.py)."""
    _, kunci = apikey_create(actor=org.admin, instansi=org.instansi, nama="SIMPEG", akses="TULIS")
    client = Client(enforce_csrf_checks=True)
    r = client.post(
        reverse("api:skp_create"), {}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {kunci}"
    )
    assert r.status_code == 422  # past authentication, refused for its (empty) payload


def test_api_login_from_another_site_is_refused(org):
    """Login CSRF: a form on another site posting text/plain that parses as JSON would log the victim's browser into
    the attacker's account. Browsers always send Origin on a POST; clients outside a browser send none."""
    client = Client()
    r = masuk_api(client, org.staf.nip, PASSWORD, HTTP_ORIGIN="https://situs-jahat.example")
    assert r.status_code == 403 and r.json()["kode"] == "asal_ditolak"
    assert "_auth_user_id" not in client.session
    assert masuk_api(Client(), org.staf.nip, PASSWORD, HTTP_ORIGIN="http://testserver").status_code == 200
    assert masuk_api(Client(), org.staf.nip, PASSWORD).status_code == 200
