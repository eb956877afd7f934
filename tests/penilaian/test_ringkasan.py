"""The dashboard summary (`RingkasanUnit`, `RingkasanSkp`): kept current by the services, read by the dashboards.

The reference is always a recount from the source tables (`ringkasan.hitung_instansi`): after every service the
rows must already equal what a full recount gives.
"""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.penilaian import ringkasan
from kinerja.penilaian.models import Penilaian, RingkasanSkp, RingkasanUnit
from kinerja.penilaian.services import evaluasi, pengisian
from kinerja.penilaian.services import organisasi as org_services
from kinerja.penilaian.services import periode as periode_services
from kinerja.penilaian.services.penilaian import penilaian_tambah
from kinerja.skp.services import workflow

from ..skp.conftest import add_rhk, make_skp
from .conftest import YEAR

WIB = ZoneInfo("Asia/Jakarta")
FIELDS = ("unit_kerja_id", "periode_id", "tahun", "jenis", *ringkasan.ANGKA_FIELDS)
SKP_FIELDS = ("unit_kerja_id", "tahun", "draft", "pengajuan", "persetujuan", "total")


def on(time_machine, month, day, year=YEAR):
    time_machine.move_to(datetime.datetime(year, month, day, 12, 0, tzinfo=WIB), tick=False)


def rows(instansi):
    """The summary of an instansi without the all-zero rows (a recount does not keep those)."""
    unit = {
        r
        for r in RingkasanUnit.objects.filter(instansi=instansi).values_list(*FIELDS)
        if any(r[4:])  # some count is not zero
    }
    skp = {r for r in RingkasanSkp.objects.filter(instansi=instansi).values_list(*SKP_FIELDS) if r[-1]}
    return unit, skp


def assert_current(instansi):
    """What the services left equals a full recount from the source tables."""
    kept = rows(instansi)
    for tahun in {YEAR, *RingkasanUnit.objects.filter(instansi=instansi).values_list("tahun", flat=True)}:
        ringkasan.hitung_instansi(instansi_id=instansi.pk, tahun=tahun)
    assert rows(instansi) == kept


def angka(o, periode, unit=None):
    unit = unit or o.staf.unit_kerja
    return RingkasanUnit.objects.get(unit_kerja=unit, periode=periode, tahun=YEAR)


@pytest.fixture
def o(nilai_org, time_machine):
    on(time_machine, 2, 10)  # inside Triwulan I
    nilai_org.ind = nilai_org.rhk_staf.indikator.get()
    return nilai_org


def test_services_keep_the_summary_equal_to_a_recount(o):
    assert angka(o, o.periode[1]).ditambah == 1
    assert angka(o, o.periode[1]).skp == 2  # kabid and staf, both in the bidang
    assert_current(o.instansi)
    pengisian.rencana_aksi_create(
        actor=o.staf.user, penilaian=o.tw1, rhk=o.rhk_staf, teks="Menyusun laporan", target="3 laporan"
    )
    pengisian.realisasi_set(actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, realisasi="3 laporan")
    r = angka(o, o.periode[1])
    assert (r.realisasi, r.tanpa_realisasi) == (1, 0)
    assert_current(o.instansi)
    evaluasi.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="hasil_kerja", rating="DIATAS")
    assert angka(o, o.periode[1]).dinilai == 0  # one rating only: no predikat yet
    evaluasi.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="perilaku", rating="DIATAS")
    r = angka(o, o.periode[1])
    assert (r.dinilai, r.predikat_SANGAT_BAIK) == (1, 1)
    assert_current(o.instansi)
    evaluasi.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="perilaku", rating="SESUAI")
    r = angka(o, o.periode[1])
    assert (r.dinilai, r.predikat_SANGAT_BAIK, r.predikat_BAIK) == (1, 0, 1)
    assert_current(o.instansi)


def test_skp_workflow_moves_the_rekap_skp_and_the_period_counts(o):
    skp = make_skp(o.staf2)
    rekap = RingkasanSkp.objects.get(unit_kerja=o.staf.unit_kerja, tahun=YEAR)
    assert (rekap.draft, rekap.persetujuan, rekap.total) == (1, 2, 3)
    add_rhk(skp, "Terlaksananya tugas kedua", atasan=o.rhk_kabid)
    workflow.skp_ajukan(actor=o.staf2.user, skp=skp)
    rekap.refresh_from_db()
    assert (rekap.draft, rekap.pengajuan) == (0, 1)
    assert angka(o, o.periode[1]).skp == 2
    workflow.skp_setujui(actor=o.kabid.user, skp=skp)
    rekap.refresh_from_db()
    assert (rekap.pengajuan, rekap.persetujuan) == (0, 3)
    assert angka(o, o.periode[1]).skp == 3
    assert_current(o.instansi)
    workflow.skp_kembalikan(actor=o.kabid.user, skp=skp, catatan="Perbaiki indikator")
    assert angka(o, o.periode[1]).skp == 2
    assert_current(o.instansi)


def test_a_new_period_is_counted_for_every_unit(o):
    admin = o.admin
    periode_services.periode_delete(actor=admin, periode=o.periode[4])
    assert not RingkasanUnit.objects.filter(periode_id=o.periode[4].pk).exists()
    p = periode_services.periode_create(
        actor=admin, instansi=o.instansi, nama="Triwulan IV", jenis="PERIODIK", tipe_periodik="TRIWULANAN",
        angka_periodik=4, awal="10-01", akhir="12-31", batas="01-05",
    )  # fmt: skip
    assert angka(o, p).skp == 2
    assert RingkasanUnit.objects.filter(periode=p).count() == 1  # the only unit with approved SKPs
    assert_current(o.instansi)


def test_dashboard_reads_the_summary_not_the_assessments(o, client):
    Penilaian.objects.filter(pk=o.tw1.pk).update(
        predikat="BAIK", rating_hasil_kerja="SESUAI"
    )  # outside services
    client.force_login(o.admin)
    url = reverse("penilaian:dashboard") + f"?periode={o.periode[1].pk}&tahun={YEAR}"
    assert client.get(url).context["total"][3] == ("dinilai", 0)
    out = io.StringIO()
    call_command("rekap_hitung", "--tahun", str(YEAR), stdout=out)
    assert "Ringkasan dihitung ulang" in out.getvalue()
    assert client.get(url).context["total"][3] == ("dinilai", 1)


def test_terlambat_comes_from_the_batas_and_reopening(o, client, time_machine):
    client.force_login(o.admin)
    url = reverse("penilaian:dashboard") + f"?periode={o.periode[1].pk}&tahun={YEAR}"

    def terlambat():
        client.force_login(o.admin)  # the clock jumps past the session's age
        return dict(client.get(url).context["total"])["terlambat"]

    assert terlambat() == 0  # before the batas (5 April)
    on(time_machine, 4, 10)
    assert terlambat() == 1  # no realisasi after the batas
    org_services.buka_kembali(
        actor=o.admin, penilaian=o.tw1, sampai=datetime.date(YEAR, 4, 20), alasan="Sakit"
    )
    assert terlambat() == 0  # reopened until 20 April
    on(time_machine, 4, 21)
    assert terlambat() == 1


def test_penilaian_added_later_updates_the_final_row(o):
    skp = o.skp_kabid
    penilaian_tambah(actor=o.kabid.user, skp=skp, periode=o.periode["final"])
    assert angka(o, o.periode["final"], unit=o.kabid.unit_kerja).ditambah == 2  # staf and kabid, same unit
    assert_current(o.instansi)


def test_deleting_a_draft_skp_updates_the_rekap_skp(o):
    from kinerja.skp.services.periode import skp_delete

    skp = make_skp(o.staf2)
    rekap = RingkasanSkp.objects.get(unit_kerja=o.staf.unit_kerja, tahun=YEAR)
    assert rekap.draft == 1
    skp_delete(actor=o.staf2.user, skp=skp)
    rekap.refresh_from_db()
    assert (rekap.draft, rekap.total) == (0, 2)
    assert_current(o.instansi)


def test_changes_that_move_no_number_do_not_recount(o):
    """Bukti dukung, a realisasi edited, RHK edits: no summary query at all (deadline-day writes stay cheap)."""
    pengisian.rencana_aksi_create(
        actor=o.staf.user, penilaian=o.tw1, rhk=o.rhk_staf, teks="Menyusun laporan", target="3 laporan"
    )
    pengisian.realisasi_set(actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, realisasi="1 laporan")
    with CaptureQueriesContext(connection) as queries:
        pengisian.realisasi_set(actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, realisasi="2 laporan")
        pengisian.bukti_create(
            actor=o.staf.user,
            penilaian=o.tw1,
            indikator=o.ind,
            nama="Laporan",
            link="https://contoh.go.id/a.pdf",
        )
    assert not [q for q in queries if "ringkasan" in q["sql"]]
    assert_current(o.instansi)
