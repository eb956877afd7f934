"""API /ckhp: the caller's own daily entries — list, add, Kirim Kinerja Harian; rights and the feature switch."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.api.keys import apikey_create
from kinerja.harian.models import CatatanHarian
from kinerja.harian.services import ckhp as services

from ..skp.conftest import YEAR

WIB = ZoneInfo("Asia/Jakarta")
HARI_INI = datetime.date(YEAR, 3, 15)
URL = "/api/v1/ckhp"


@pytest.fixture
def o(harian_org, time_machine):
    time_machine.move_to(datetime.datetime(YEAR, 3, 15, 10, 0, tzinfo=WIB), tick=False)
    return harian_org


def req(client, method, url, data=None, *, user=None, key=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body = json.dumps(data) if data is not None else ""
    return client.generic(method, url, body, content_type="application/json", headers=headers)


def entry(o, days_back=0, uraian="Menyusun laporan"):
    return services.catatan_tambah(
        actor=o.staf.user, skp=o.skp_staf, indikator=o.ind_staf,
        tanggal=HARI_INI - datetime.timedelta(days=days_back), uraian=uraian, realisasi="2",
    )  # fmt: skip


def data(o, **kwargs):
    base = {"skp_id": o.skp_staf.pk, "indikator_id": o.ind_staf.pk, "tanggal": HARI_INI.isoformat(),
            "uraian": "Rapat koordinasi", "realisasi": 1.5}  # fmt: skip
    return {**base, **kwargs}


def test_tambah_list_and_kirim(client, o):
    r = req(client, "POST", URL, data(o), user=o.staf.user)
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["status"], body["realisasi"], body["satuan"], body["jenis"]) == (
        "KONSEP",
        1.5,
        "Laporan",
        "UTAMA",
    )
    rows = req(client, "GET", f"{URL}?bulan=3&tahun={YEAR}", user=o.staf.user).json()
    assert rows["count"] == 1 and rows["items"][0]["id"] == body["id"]
    r = req(client, "POST", f"{URL}/kirim", {"catatan_id": [body["id"]]}, user=o.staf.user)
    assert r.status_code == 200 and r.json()[0]["status"] == "PERIKSA"


def test_tambah_refusals_name_their_field(client, o):
    future = (HARI_INI + datetime.timedelta(days=1)).isoformat()
    r = req(client, "POST", URL, data(o, tanggal=future), user=o.staf.user)
    assert r.status_code == 400 and r.json()["galat"][0]["field"] == "tanggal"
    r = req(client, "POST", URL, data(o, indikator_id=o.rhk_kabid.indikator.first().pk), user=o.staf.user)
    assert r.status_code == 400 and r.json()["galat"][0]["field"] == "indikator_id"
    r = req(client, "POST", URL, data(o, realisasi="abc"), user=o.staf.user)
    assert r.status_code == 422
    assert not CatatanHarian.objects.exists()


def test_kirim_all_or_nothing(client, o):
    a, b = entry(o), entry(o, days_back=1)
    services.catatan_kirim(actor=o.staf.user, catatan_list=[a])
    r = req(client, "POST", f"{URL}/kirim", {"catatan_id": [a.pk, b.pk]}, user=o.staf.user)
    assert r.status_code == 400 and "tidak dapat dikirim" in r.json()["pesan"]
    assert CatatanHarian.objects.get(pk=b.pk).status == "KONSEP"


def test_another_users_entries_and_skp_are_404(client, o):
    c = entry(o)
    assert req(client, "POST", URL, data(o), user=o.kabid.user).status_code == 404
    assert req(client, "POST", f"{URL}/kirim", {"catatan_id": [c.pk]}, user=o.kabid.user).status_code == 404
    assert req(client, "GET", URL, user=o.kabid.user).json()["count"] == 0


def test_feature_off_and_api_key_are_404(client, o):
    entry(o)
    _, key = apikey_create(actor=o.admin, instansi=o.instansi, nama="Sistem SDM", akses="TULIS")
    assert req(client, "GET", URL, key=key).status_code == 404
    o.pengaturan.aktif = False
    o.pengaturan.save()
    assert req(client, "GET", URL, user=o.staf.user).status_code == 404
    assert req(client, "POST", URL, data(o), user=o.staf.user).status_code == 404


def test_anonymous_is_refused(client, o):
    assert req(client, "GET", URL).status_code == 401


def _count(client, o):
    client.force_login(o.staf.user)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(URL)
    assert r.status_code == 200
    return len(ctx.captured_queries), r.json()["count"]


def test_list_queries_are_constant(client, o):
    entry(o)
    small, n = _count(client, o)
    for d in range(6):
        entry(o, days_back=d % 5, uraian=f"K{d}")
    big, m = _count(client, o)
    assert (n, m) == (1, 7) and big == small
