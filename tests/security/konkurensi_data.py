"""The data and page helpers of the concurrency tests (test_konkurensi.py, test_konkurensi_api.py,
test_konkurensi_versi.py): staf's Final period open for filling, staf2's SKP submitted to kabid, and readers of
the version token on the pages."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.core.models import AuditEvent
from kinerja.penilaian.models import Penilaian
from kinerja.penilaian.services import evaluasi
from kinerja.skp.services import workflow

from ..penilaian.conftest import nilai_org, skp_org  # noqa: F401  (fixtures)
from ..skp.conftest import add_rhk, make_skp

KONFLIK = "data telah diubah oleh pengguna lain"  # the users' message, compared case-insensitively


@pytest.fixture
def kon(nilai_org):  # noqa: F811
    """nilai_org with staf's Final period reopened for 30 days from today (an admin's reopening), so that the
    tests do not depend on today's date, and its indicator at hand."""
    o = nilai_org
    Penilaian.objects.filter(pk=o.final.pk).update(
        dibuka_sampai=timezone.localdate() + datetime.timedelta(30)
    )
    o.final.refresh_from_db()
    o.ind = o.rhk_staf.indikator.get()
    return o


def skp_diajukan(o):
    """staf2's SKP (assessed by kabid), submitted: PENGAJUAN."""
    skp = make_skp(o.staf2)
    add_rhk(skp, "Terkelolanya arsip kepegawaian", atasan=o.rhk_kabid)
    return workflow.skp_ajukan(actor=o.staf2.user, skp=skp)


def dinilai(o):
    """staf's Final period rated Baik by kabid today: a keberatan can be filed."""
    evaluasi.rating_ubah(actor=o.kabid.user, penilaian=o.final, aspek="hasil_kerja", rating="SESUAI")
    o.final = evaluasi.rating_ubah(actor=o.kabid.user, penilaian=o.final, aspek="perilaku", rating="SESUAI")
    return o.final


def url_realisasi(o) -> str:
    return reverse("penilaian:realisasi_edit", args=[o.final.pk, o.ind.pk])


def url_rating(o, aspek: str = "hasil-kerja") -> str:
    return reverse("penilaian:rating", args=[o.skp_kabid.pk, o.periode["final"].pk, o.final.pk, aspek])


def url_keberatan(o) -> str:
    return reverse("penilaian:keberatan", args=[o.final.pk])


def versi_di(response, name: str = "versi") -> int:
    """The hidden version token of a page's form."""
    assert response.status_code == 200, response.status_code
    found = re.search(rf'name="{re.escape(name)}" value="(\d+)"', response.content.decode())
    assert found, f"tidak ada {name} tersembunyi di halaman"
    return int(found.group(1))


def satu_pemenang(responses, status: int = 302) -> int:
    """The index of the only response with `status` (the winner); every other one is the loser's."""
    winners = [i for i, r in enumerate(responses) if r.status_code == status]
    assert len(winners) == 1, f"{len(winners)} pemenang: {sorted({r.status_code for r in responses})}"
    return winners[0]


def kalah_di_form(response, *typed: str) -> str:
    """A loser's answer: the form again (200) with the conflict message at its top and what they typed."""
    html = response.content.decode()
    assert response.status_code == 200, response.status_code
    top = re.search(r'data-testid="form-error">([^<]*)<', html)
    assert top and KONFLIK in top.group(1).lower(), "pesan konflik tidak tampil di atas formulir"
    for text in typed:
        assert text in html, f"isian pengguna hilang: {text!r}"
    return html


def kalah_di_api(response) -> dict:
    """A loser's answer in the API: 409 with the project's error body."""
    assert response.status_code == 409, response.content
    body = response.json()
    assert set(body) == {"kode", "pesan", "galat"} and body["kode"] == "konflik"
    assert KONFLIK in body["pesan"].lower()
    return body


def api(client: Client, method: str, url: str, data: dict | None = None):
    body = json.dumps(data) if data is not None else ""
    return client.generic(method, url, body, content_type="application/json")


def jumlah_audit(**filters) -> int:
    return AuditEvent.objects.filter(**filters).count()
