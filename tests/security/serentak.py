"""Many clients at once against the real views and services (tests/security/test_konkurensi*.py).

`serentak(kerja)` runs `kerja(i)` for every client i in its own thread with its own database connection; a
`threading.Barrier` releases them together, so that they reach the row lock at the same moment. Every thread
closes its connection when done (PostgreSQL's max_connections is 100: the test database plus 50 is fine)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

log = logging.getLogger(__name__)
N = 50  # clients
BATAS_DETIK = 120  # a deadlock or a lock wait that never ends fails the test instead of hanging it

hanya_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Konkurensi nyata (50 koneksi, SELECT … FOR UPDATE, advisory lock) hanya bermakna di PostgreSQL; "
    "SQLite menyerialkan seluruh penulisan. Jalankan dengan DATABASE_URL=postgres://…",
)


def klien(user, n: int = N) -> list[Client]:
    """n logged-in browsers of `user` (one session each)."""
    clients = []
    for _ in range(n):
        c = Client()
        c.force_login(user)
        clients.append(c)
    return clients


def serentak(kerja: Callable[[int], object], n: int = N) -> tuple[list, float]:
    """(results in client order, seconds from release to the last answer). Any exception in a thread fails."""
    gate = threading.Barrier(n + 1)  # the n clients and this thread, which takes the time
    hasil: list = [None] * n
    galat: list[tuple[int, BaseException]] = []

    def jalan(i: int) -> None:
        try:
            gate.wait(timeout=BATAS_DETIK)
            hasil[i] = kerja(i)
        except BaseException as exc:  # noqa: BLE001 - reported to the test below
            galat.append((i, exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=jalan, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    gate.wait(timeout=BATAS_DETIK)
    mulai = time.monotonic()
    for t in threads:
        t.join(timeout=BATAS_DETIK)
    durasi = time.monotonic() - mulai
    log.info("%d klien serentak: %.2f detik dari pelepasan sampai jawaban terakhir", n, durasi)
    assert not [t for t in threads if t.is_alive()], f"klien belum selesai setelah {BATAS_DETIK} detik"
    assert not galat, f"{len(galat)} klien gagal, mis. klien {galat[0][0]}: {galat[0][1]!r}"
    return hasil, durasi
