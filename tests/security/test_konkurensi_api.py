"""50 API clients at once on PostgreSQL (issue 8): realisasi_isi, skp_setujui, rating_ubah, keberatan_ajukan.
With `versi` exactly one wins and the 49 others get 409 {kode: "konflik", pesan, galat}; an approval or a
keberatan without `versi` is refused all the same once made (never twice); a plain realisasi edit without `versi`
is applied under the row lock: one row, one audit event per effective change."""

import pytest

from kinerja.penilaian.models import Keberatan, Penilaian, Realisasi
from kinerja.penilaian.services import pengisian
from kinerja.skp.models import Skp

from .konkurensi_data import (
    api,
    dinilai,
    jumlah_audit,
    kalah_di_api,
    kon,  # noqa: F401  (fixture)
    nilai_org,  # noqa: F401  (fixture)
    satu_pemenang,
    skp_diajukan,
    skp_org,  # noqa: F401  (fixture)
)
from .serentak import N, hanya_postgresql, klien, serentak

pytestmark = [hanya_postgresql, pytest.mark.django_db(transaction=True)]
P = "/api/v1/penilaian"


@pytest.fixture
def o(kon):  # noqa: F811
    return kon


def test_50_klien_api_realisasi_dengan_versi(o):
    pengisian.realisasi_set(actor=o.staf.user, penilaian=o.final, indikator=o.ind, realisasi="5 laporan")
    url, clients = f"{P}/{o.final.pk}/realisasi/{o.ind.pk}", klien(o.staf.user)
    audit = jumlah_audit()
    hasil, _ = serentak(lambda i: api(clients[i], "PUT", url, {"realisasi": f"{i + 10} laporan", "versi": 1}))
    menang = satu_pemenang(hasil, 200)
    assert hasil[menang].json()["versi"] == 2
    for i, r in enumerate(hasil):
        if i != menang:
            kalah_di_api(r)
    row = Realisasi.objects.get(penilaian=o.final, indikator=o.ind)
    assert (row.realisasi, row.versi) == (f"{menang + 10} laporan", 2)
    assert jumlah_audit() == audit + 1


def test_50_klien_api_realisasi_tanpa_versi_diterapkan_berurutan(o):
    """Without a token each edit is applied in turn under the lock: 50 effective changes, 50 events, 1 row."""
    url, clients = f"{P}/{o.final.pk}/realisasi/{o.ind.pk}", klien(o.staf.user)
    audit = jumlah_audit()
    hasil, _ = serentak(lambda i: api(clients[i], "PUT", url, {"realisasi": f"{i + 10} laporan"}))
    assert {r.status_code for r in hasil} == {200}
    row = Realisasi.objects.get(penilaian=o.final, indikator=o.ind)
    assert row.versi == N and row.realisasi in {f"{i + 10} laporan" for i in range(N)}
    assert jumlah_audit() == audit + N
    assert jumlah_audit(action="penilaian.realisasi_isi") == 1
    assert jumlah_audit(action="penilaian.realisasi_ubah") == N - 1


@pytest.mark.parametrize("dengan_versi", [True, False], ids=["versi", "tanpa-versi"])
def test_50_klien_api_setujui_skp(o, dengan_versi):
    skp = skp_diajukan(o)
    clients = klien(o.kabid.user)
    body = {"versi": skp.versi} if dengan_versi else None
    audit = jumlah_audit()
    hasil, _ = serentak(lambda i: api(clients[i], "POST", f"/api/v1/skp/{skp.pk}/setujui", body))
    menang = satu_pemenang(hasil, 200)
    assert hasil[menang].json()["status"] == "PERSETUJUAN"
    for i, r in enumerate(hasil):
        if i != menang:
            kalah_di_api(r)
    skp = Skp.objects.get(pk=skp.pk)
    assert (skp.status, skp.versi) == ("PERSETUJUAN", 2)
    assert jumlah_audit() == audit + 1 and jumlah_audit(action="skp.setujui", object_id=str(skp.pk)) == 1


def test_50_klien_api_rating(o):
    clients = klien(o.kabid.user)
    versi = Penilaian.objects.get(pk=o.final.pk).versi
    rating = ["DIBAWAH", "SESUAI", "DIATAS"]
    hasil, _ = serentak(
        lambda i: api(
            clients[i],
            "PUT",
            f"{P}/{o.final.pk}/rating",
            {"aspek": "PERILAKU", "rating": rating[i % 3], "versi": versi},
        )
    )
    menang = satu_pemenang(hasil, 200)
    for i, r in enumerate(hasil):
        if i != menang:
            kalah_di_api(r)
    p = Penilaian.objects.get(pk=o.final.pk)
    assert (p.rating_perilaku, p.versi) == (rating[menang % 3], versi + 1)
    assert jumlah_audit(action="penilaian.rating_perilaku", object_id=str(p.pk)) == 1


@pytest.mark.parametrize("dengan_versi", [True, False], ids=["versi", "tanpa-versi"])
def test_50_klien_api_keberatan(o, dengan_versi):
    dinilai(o)
    clients = klien(o.staf.user)
    versi = Penilaian.objects.get(pk=o.final.pk).versi
    audit = jumlah_audit()

    def kirim(i):
        body = {"penilaian_id": o.final.pk, "alasan": f"Keberatan nomor {i:02d}"}
        return api(
            clients[i], "POST", "/api/v1/keberatan", {**body, "versi": versi} if dengan_versi else body
        )

    hasil, _ = serentak(kirim)
    menang = satu_pemenang(hasil, 201)
    for i, r in enumerate(hasil):
        if i != menang:
            kalah_di_api(r)
    assert Keberatan.objects.get(penilaian=o.final).alasan == f"Keberatan nomor {menang:02d}"
    assert jumlah_audit() == audit + 1
