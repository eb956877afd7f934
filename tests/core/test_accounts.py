"""Login by NIP, lockout, logout, password change, security settings."""

import pytest
from django.test import override_settings
from django.urls import reverse

from kinerja.core.models import AuditEvent


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_by_nip_lands_on_profil(client, org):
    response = login(client, org.staf.nip, "rahasia-uji-123")
    assert response.status_code == 302 and response["Location"] == reverse("org:profil")
    page = client.get(reverse("org:profil")).content.decode()
    assert org.staf.nama in page and f"NIP {org.staf.nip}" in page


def test_wrong_password_is_explained_in_indonesian(client, org):
    response = login(client, org.staf.nip, "salah")
    assert "NIP atau password salah" in response.content.decode()


def test_lockout_after_repeated_failures(client, org, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, org.staf.nip, "salah")
    response = login(client, org.staf.nip, "rahasia-uji-123")
    assert response.status_code == 429
    assert "Akun sementara terkunci" in response.content.decode()


def test_logout_needs_post_and_ends_session(client, org):
    client.force_login(org.staf.user)
    client.post(reverse("logout"))
    assert client.get(reverse("org:profil")).status_code == 302


def test_password_change_is_audited(client, org):
    client.force_login(org.staf.user)
    data = {
        "old_password": "rahasia-uji-123",
        "new_password1": "Kinerja-Baru-2026",
        "new_password2": "Kinerja-Baru-2026",
    }
    assert client.post(reverse("password_change"), data).status_code == 302
    org.staf.user.refresh_from_db()
    assert org.staf.user.check_password("Kinerja-Baru-2026")
    assert AuditEvent.objects.filter(action="akun.password_change", actor=org.staf.user).count() == 1


def test_password_change_wrong_old_password(client, org):
    client.force_login(org.staf.user)
    data = {
        "old_password": "keliru",
        "new_password1": "Kinerja-Baru-2026",
        "new_password2": "Kinerja-Baru-2026",
    }
    response = client.post(reverse("password_change"), data)
    assert "Password lama salah" in response.content.decode()
    assert not AuditEvent.objects.filter(action="akun.password_change").exists()


def test_home_redirects(client, org):
    assert client.get("/")["Location"] == reverse("login")
    client.force_login(org.staf.user)
    assert client.get("/")["Location"] == reverse("org:profil")


@pytest.mark.parametrize("header", ["X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"])
def test_security_headers(client, db, header):
    assert header in client.get(reverse("login")).headers


@override_settings(SECURE_SSL_REDIRECT=True)
def test_https_redirect_when_enabled(client, db):
    assert client.get(reverse("login")).status_code == 301


def test_production_settings_are_secure():
    """The real settings (DEBUG off) turn on secure cookies, HSTS and the HTTPS redirect."""
    import importlib
    import os

    from config import settings as real

    env = os.environ.copy()
    try:
        os.environ.pop("DEBUG", None)
        os.environ["SECRET_KEY"] = "x" * 60
        module = importlib.reload(real)
        assert module.DEBUG is False
        assert module.SESSION_COOKIE_SECURE and module.CSRF_COOKIE_SECURE and module.SECURE_SSL_REDIRECT
        assert module.SECURE_HSTS_SECONDS >= 31536000
        assert module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
        assert module.TIME_ZONE == "Asia/Jakarta" and module.LANGUAGE_CODE == "id"
    finally:
        os.environ.clear()
        os.environ.update(env)
        importlib.reload(real)
