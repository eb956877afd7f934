"""50 browsers at once on PostgreSQL (issue 8): the same realisasi, the same SKP's Edit Status and bulk approval,
the same subordinate's rating, the same keberatan. Exactly one wins; the 49 others get the form back with
"Data telah diubah oleh pengguna lain" at its top and what they typed; the database holds the winner's input
once (no duplicate row) and the audit log one event. The summary recount (advisory locks) neither deadlocks nor
loses a count. The API's side is in test_konkurensi_api.py, the sequential (SQLite too) refusals in
test_konkurensi_versi.py."""

import pytest
from django.urls import reverse

from kinerja.penilaian import ringkasan
from kinerja.penilaian.models import Keberatan, Penilaian, Realisasi
from kinerja.penilaian.models_ringkasan import ANGKA_FIELDS, RingkasanSkp, RingkasanUnit
from kinerja.penilaian.services import pengisian

from .konkurensi_data import (
    KONFLIK,
    dinilai,
    jumlah_audit,
    kalah_di_form,
    kon,  # noqa: F401  (fixture)
    nilai_org,  # noqa: F401  (fixture)
    satu_pemenang,
    skp_diajukan,
    skp_org,  # noqa: F401  (fixture)
    url_keberatan,
    url_rating,
    url_realisasi,
    versi_di,
)
from .serentak import N, hanya_postgresql, klien, serentak

pytestmark = [hanya_postgresql, pytest.mark.django_db(transaction=True)]
RATING = ["DIBAWAH", "SESUAI", "DIATAS"]


@pytest.fixture
def o(kon):  # noqa: F811
    return kon


def ringkasan_sesuai(instansi_id: int, tahun: int) -> None:
    """The summary kept by the 50 writers equals a recount from the source tables."""

    def baca():
        unit = RingkasanUnit.objects.filter(instansi_id=instansi_id, tahun=tahun)
        skp = RingkasanSkp.objects.filter(instansi_id=instansi_id, tahun=tahun)
        return (
            sorted(unit.values_list("unit_kerja_id", "periode_id", *ANGKA_FIELDS)),
            sorted(skp.values_list("unit_kerja_id", "draft", "pengajuan", "persetujuan", "total")),
        )

    kept = baca()
    assert kept[0] and kept[1]
    ringkasan.hitung_instansi(instansi_id=instansi_id, tahun=tahun)
    assert kept == baca()


@pytest.mark.parametrize("ada", [False, True], ids=["isi-pertama", "ubah"])
def test_50_klien_mengisi_realisasi_yang_sama(o, ada):
    if ada:
        pengisian.realisasi_set(actor=o.staf.user, penilaian=o.final, indikator=o.ind, realisasi="5 laporan")
    url, clients = url_realisasi(o), klien(o.staf.user)
    versi = versi_di(clients[0].get(url))
    assert versi == (1 if ada else 0)
    audit = jumlah_audit()
    ketik = [(f"Realisasi klien {i:02d}: {i + 10} laporan", f"Arsip klien {i:02d}") for i in range(N)]

    def kirim(i):
        realisasi, sumber = ketik[i]
        return clients[i].post(url, {"versi": versi, "realisasi": realisasi, "sumber_data": sumber})

    hasil, _ = serentak(kirim)
    menang = satu_pemenang(hasil)
    for i, r in enumerate(hasil):
        if i != menang:
            kalah_di_form(r, *ketik[i])
    row = Realisasi.objects.get(penilaian=o.final, indikator=o.ind)  # one row, no duplicate
    assert (row.realisasi, row.sumber_data, row.versi) == (*ketik[menang], versi + 1)
    assert jumlah_audit() == audit + 1
    assert jumlah_audit(action="penilaian.realisasi_ubah" if ada else "penilaian.realisasi_isi") == 1
    ringkasan_sesuai(o.instansi.pk, o.final.tahun)


def test_50_klien_edit_status_skp_yang_sama(o):
    """Half approve, half return to Draft with a note: one of them happens, exactly as that client asked."""
    skp = skp_diajukan(o)
    url, clients = reverse("skp:ubah_status", args=[skp.pk]), klien(o.kabid.user)
    versi = versi_di(clients[0].get(url))
    assert versi == skp.versi == 1
    audit, riwayat = jumlah_audit(), skp.history.count()
    pilihan = [
        ("PERSETUJUAN", f"Disetujui oleh klien {i:02d}")
        if i % 2 == 0
        else ("DRAFT", f"Perbaiki target {i:02d}")
        for i in range(N)
    ]
    hasil, _ = serentak(
        lambda i: clients[i].post(url, {"versi": versi, "status": pilihan[i][0], "catatan": pilihan[i][1]})
    )
    menang = satu_pemenang(hasil)
    for i, r in enumerate(hasil):
        if i != menang:
            html = kalah_di_form(r, pilihan[i][1])
            assert f'<option value="{pilihan[i][0]}" selected>' in html
    skp.refresh_from_db()
    status, catatan = pilihan[menang]
    assert (skp.status, skp.versi) == (status, versi + 1)
    assert (skp.revisi, skp.keterangan) == ((1, catatan) if status == "DRAFT" else (0, ""))
    assert jumlah_audit() == audit + 1
    assert jumlah_audit(object_id=str(skp.pk), action__in=["skp.setujui", "skp.kembalikan"]) == 1
    assert skp.history.count() == riwayat + 1
    ringkasan_sesuai(o.instansi.pk, skp.periode_awal.year)


def test_50_klien_setujui_dari_skp_bawahan(o):
    """Setujui yang dipilih (bulk approval) of the same SKP by 50 tabs: one approval, one event."""
    skp = skp_diajukan(o)
    clients = klien(o.kabid.user)
    versi = versi_di(clients[0].get(reverse("skp:bawahan", args=[o.skp_kabid.pk])), f"versi-{skp.pk}")
    url = reverse("skp:bawahan_setujui", args=[o.skp_kabid.pk])
    audit = jumlah_audit()
    hasil, _ = serentak(
        lambda i: clients[i].post(url, {"skp": [skp.pk], f"versi-{skp.pk}": versi}, follow=True)
    )
    pages = [r.content.decode() for r in hasil]
    menang = [i for i, page in enumerate(pages) if "1 SKP disetujui" in page]
    assert len(menang) == 1
    for i, page in enumerate(pages):
        if i != menang[0]:
            assert "1 SKP tidak dapat disetujui" in page and KONFLIK in page.lower()
    skp.refresh_from_db()
    assert (skp.status, skp.versi) == ("PERSETUJUAN", versi + 1)
    assert jumlah_audit() == audit + 1 and jumlah_audit(object_id=str(skp.pk), action="skp.setujui") == 1


def test_50_klien_menilai_bawahan_yang_sama(o):
    """Both ratings of one period share its token: 25 tabs rate hasil kerja, 25 perilaku; one rating lands."""
    clients = klien(o.kabid.user)
    versi = versi_di(clients[0].get(url_rating(o)))
    audit = jumlah_audit()
    pilihan = [("hasil-kerja" if i % 2 == 0 else "perilaku", RATING[(i // 2) % 3]) for i in range(N)]
    hasil, _ = serentak(
        lambda i: clients[i].post(url_rating(o, pilihan[i][0]), {"versi": versi, "rating": pilihan[i][1]})
    )
    menang = satu_pemenang(hasil)
    for i, r in enumerate(hasil):
        if i != menang:
            kalah_di_form(r, f'value="{pilihan[i][1]}" checked')
    p = Penilaian.objects.get(pk=o.final.pk)
    aspek, rating = pilihan[menang]
    expected = (rating, "") if aspek == "hasil-kerja" else ("", rating)
    assert (p.rating_hasil_kerja, p.rating_perilaku, p.predikat, p.versi) == (*expected, "", versi + 1)
    assert jumlah_audit() == audit + 1
    assert jumlah_audit(action__startswith="penilaian.rating_", object_id=str(p.pk)) == 1


def test_50_klien_mengajukan_keberatan_yang_sama(o):
    dinilai(o)
    url, clients = url_keberatan(o), klien(o.staf.user)
    versi = versi_di(clients[0].get(url))
    audit = jumlah_audit()
    alasan = [f"Realisasi saya melebihi target, lihat bukti nomor {i:02d}." for i in range(N)]
    hasil, _ = serentak(lambda i: clients[i].post(url, {"versi": versi, "alasan": alasan[i]}))
    menang = satu_pemenang(hasil)
    for i, r in enumerate(hasil):
        if i != menang:
            kalah_di_form(r, alasan[i])
    keberatan = Keberatan.objects.get(penilaian=o.final)  # OneToOne: never two
    assert keberatan.alasan == alasan[menang] and keberatan.status == "DIAJUKAN"
    assert Penilaian.objects.get(pk=o.final.pk).versi == versi + 1
    assert jumlah_audit() == audit + 1 and jumlah_audit(action="penilaian.keberatan_ajukan") == 1


def test_keberatan_dan_rating_serentak_tidak_saling_menimpa(o):
    """25 tabs of the employee file a keberatan while 25 of the assessor change a rating, all from the same page
    state: one of the two happens; a rating never lands after a keberatan it did not see, nor the reverse."""
    dinilai(o)
    pegawai, penilai = klien(o.staf.user, N // 2), klien(o.kabid.user, N // 2)
    versi = Penilaian.objects.get(pk=o.final.pk).versi
    audit = jumlah_audit()

    def kirim(i):
        if i % 2 == 0:
            return pegawai[i // 2].post(url_keberatan(o), {"versi": versi, "alasan": f"Keberatan {i:02d}"})
        return penilai[i // 2].post(url_rating(o), {"versi": versi, "rating": "DIATAS"})

    hasil, _ = serentak(kirim)
    menang = satu_pemenang(hasil)
    p = Penilaian.objects.get(pk=o.final.pk)
    if menang % 2 == 0:
        assert Keberatan.objects.get(penilaian=p).alasan == f"Keberatan {menang:02d}"
        assert p.rating_hasil_kerja == "SESUAI"
    else:
        assert not Keberatan.objects.filter(penilaian=p).exists() and p.rating_hasil_kerja == "DIATAS"
    assert p.versi == versi + 1 and jumlah_audit() == audit + 1
