"""Persona fixtures of the security tests: `dunia`, the world of tests/security/dunia.py, built once per module."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings

from .dunia import HARI_INI, PERSONA, bangun


def sesi(user) -> str:
    """A logged-in session of `user`, as Client.force_login makes it (without the request around it)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.utils.module_loading import import_module

    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(b), "get_user"))
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


@pytest.fixture(scope="module")
def dunia(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module inside a transaction that is rolled back afterwards; every test
    runs in its own savepoint inside it (pytest-django's `db`), so a test's writes never reach the next one.
    Time stands still at HARI_INI 10:00 WIB for the whole module."""
    saat = datetime.datetime.combine(HARI_INI, datetime.time(10), tzinfo=ZoneInfo("Asia/Jakarta"))
    cetak_root = tmp_path_factory.mktemp("cetak")
    with (
        time_machine.travel(saat, tick=False),
        override_settings(CETAK_ROOT=str(cetak_root)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        w = bangun(cetak_root)
        # One session per persona for the module: a test sets its cookie instead of logging in every time.
        w.sesi = {p: sesi(w.user(p)) for p in PERSONA if p != "anonim"}
        yield w
        transaction.set_rollback(True)
