"""The database unreachable, or dropping the connection in the middle of a write: a clear page (503, Retry-After),
JSON for the API, and nothing of the request written."""

from __future__ import annotations

import contextlib

import pytest
from django.db import connection, connections
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse

from kinerja.core.errors_http import PESAN_BASIS_DATA
from kinerja.core.models import AuditEvent
from kinerja.skp.models import Skp

YEAR = 2026
PESAN_PENDEK = "Basis data e-Kinerja sedang tidak dapat dihubungi"


@contextlib.contextmanager
def basis_data_tidak_terjangkau():
    """Swap the default connection for one to a database that is not there (a closed port / a missing directory):
    every query of the request fails to connect, as when the server is down."""
    settings = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        settings.update(HOST="127.0.0.1", PORT="1", CONN_HEALTH_CHECKS=False)
    else:
        settings["NAME"] = "/tidak-ada/direktori/ini/kinerja.sqlite3"
    original = connections["default"]
    connections["default"] = original.__class__(settings, alias="default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = original


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_pages_and_forms_say_the_database_is_unreachable(org):
    client = _client(org.staf.user)
    data = {"periode_awal": f"{YEAR}-01-01", "periode_akhir": f"{YEAR}-12-31", "pendekatan": "KUANTITATIF"}
    with basis_data_tidak_terjangkau():
        page = client.get(reverse("skp:daftar"))
        post = client.post(reverse("skp:tambah"), data)
        anonim = Client(raise_request_exception=False).get(reverse("login"))
    for response in (page, post):
        assert response.status_code == 503 and response["Retry-After"] == "30"
        text = response.content.decode()
        assert PESAN_BASIS_DATA in text and "Layanan sedang terganggu" in text
    assert anonim.status_code in (200, 503)  # the login form itself needs no query until it is posted
    assert not Skp.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_api_answers_json_503_when_the_database_is_unreachable(org):
    client = _client(org.staf.user)
    with basis_data_tidak_terjangkau():
        response = client.get("/api/v1/skp")
    assert response.status_code == 503
    body = response.json()
    assert body["kode"] == "basis_data_tidak_tersedia" and body["pesan"].startswith(PESAN_PENDEK)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="terminates a PostgreSQL backend mid-transaction"
)
def test_connection_killed_in_the_middle_of_a_write_leaves_nothing(org):
    """The server ends the request's connection right after the SKP row is inserted (pg_terminate_backend from a
    second connection): the audit event that follows fails, the page says so, and neither row exists after."""
    import psycopg

    client = _client(org.staf.user)
    before = AuditEvent.objects.count()
    dsn = connection.get_connection_params()
    dsn.pop("cursor_factory", None)
    dsn.pop("context", None)

    def putus(sender, instance, created, **kwargs):
        pid = connection.connection.info.backend_pid
        with psycopg.connect(**{k: v for k, v in dsn.items() if k != "options"}, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])

    post_save.connect(putus, sender=Skp, dispatch_uid="putus")
    try:
        data = {
            "periode_awal": f"{YEAR}-01-01",
            "periode_akhir": f"{YEAR}-12-31",
            "pendekatan": "KUANTITATIF",
        }
        data["status_pegawai"] = "DEFINITIF"
        response = client.post(reverse("skp:tambah"), data)
    finally:
        post_save.disconnect(dispatch_uid="putus", sender=Skp)
    assert response.status_code == 503 and PESAN_BASIS_DATA in response.content.decode()
    connection.close()
    assert not Skp.objects.exists()
    assert AuditEvent.objects.count() == before
