"""Keluaran per NIP per year: which assessment is final, the values, angka kredit per SKP period, rights."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.laporan import selectors
from kinerja.laporan.models import PengaturanKeluaran
from kinerja.laporan.services import pengaturan_keluaran_simpan
from kinerja.penilaian.services.penilaian import penilaian_tambah
from kinerja.skp.services.periode import skp_mutasi
from kinerja.skp.services.rhk import rhk_update

from ..penilaian.conftest import approve
from ..skp.conftest import YEAR
from .conftest import nilai, pegawai_dinilai


def test_full_year_sangat_baik_ahli_pertama(ak_org):
    k = selectors.keluaran_pegawai(ak_org.staf.user, ak_org.staf.nip, YEAR)
    assert k.final.pk == ak_org.final.pk
    assert (k.predikat, k.rating_hasil_kerja, k.rating_perilaku) == ("SANGAT_BAIK", "DIATAS", "DIATAS")
    assert (k.kode_hasil_kerja, k.kode_perilaku) == (3, 3)
    assert (k.nilai, k.indeks_profesionalitas, k.kuadran) == (100, Decimal("30.00"), 1)
    assert k.is_jf and k.jenjang == "AHLI_PERTAMA" and k.koefisien == Decimal("12.5")
    assert [(p.bulan, p.predikat, p.sumber) for p in k.periode] == [(12, "SANGAT_BAIK", "Final")]
    assert k.angka_kredit == Decimal("18.75")


def test_before_the_final_is_rated_there_is_no_predikat_and_the_periodic_one_gives_the_ak(nilai_org):
    o = nilai_org
    nilai(o.tw1, "BAIK")
    k = selectors.keluaran_pegawai(o.admin, o.staf.nip, YEAR)
    assert k.final.pk == o.final.pk and k.predikat == "" and k.nilai is None and k.kuadran is None
    assert [(p.predikat, p.sumber) for p in k.periode] == [("BAIK", "Triwulan I")]
    assert k.angka_kredit == Decimal("12.50")
    assert list(selectors.daftar_keluaran(user=o.admin, tahun=YEAR)) == []


def _mutasi(o, tmt):
    """staf moves (same bidang, same assessor) on `tmt`; both SKPs approved with their Final periods added."""
    lama = o.skp_staf
    baru = skp_mutasi(
        actor=o.staf.user,
        skp=lama,
        tmt=tmt,
        unit_kerja=o.bidang,
        jabatan=None,
        pendekatan="KUANTITATIF",
        salin_rhk=True,
    )
    for rhk in baru.rhk.all():  # the copies are linked again to the assessor's RHK
        rhk_update(
            actor=o.staf.user, rhk=rhk, jenis=rhk.jenis, klasifikasi=rhk.klasifikasi, teks=rhk.teks,
            rhk_atasan=o.rhk_kabid,
        )  # fmt: skip
    approve(baru)
    final_baru = penilaian_tambah(actor=o.staf.user, skp=baru, periode=o.periode["final"])
    return baru, final_baru


def test_after_a_mutasi_each_period_counts_its_months_with_its_own_predikat(nilai_org):
    o = nilai_org
    baru, final_baru = _mutasi(o, datetime.date(YEAR, 7, 1))
    nilai(o.final, "BAIK")  # the old period's Final: 6 months Baik
    nilai(final_baru, "SANGAT_BAIK")  # the last period of the year: the year's final
    k = selectors.keluaran_pegawai(o.staf.user, o.staf.nip, YEAR)
    assert k.final.pk == final_baru.pk and k.predikat == "SANGAT_BAIK"
    assert [(p.skp.pk, p.bulan, p.predikat) for p in k.periode] == [
        (o.skp_staf.pk, 6, "BAIK"),
        (baru.pk, 6, "SANGAT_BAIK"),
    ]
    assert [p.angka_kredit for p in k.periode] == [Decimal("6.25"), Decimal("9.38")]
    assert k.angka_kredit == Decimal("15.63")
    assert [x.pegawai.pk for x in selectors.daftar_keluaran(user=o.admin, tahun=YEAR)] == [o.staf.pk]


def test_an_earlier_rated_final_is_not_the_year_final_while_the_last_period_is_unrated(nilai_org):
    o = nilai_org
    baru, final_baru = _mutasi(o, datetime.date(YEAR, 3, 1))
    nilai(o.final, "SANGAT_BAIK")
    k = selectors.keluaran_pegawai(o.admin, o.staf.nip, YEAR)
    assert k.final.pk == final_baru.pk and k.predikat == ""
    assert [(p.bulan, p.angka_kredit) for p in k.periode] == [(2, Decimal("3.13")), (10, None)]
    assert list(selectors.daftar_keluaran(user=o.admin, tahun=YEAR)) == []


def test_a_plt_skp_never_counts(ak_org):
    o = ak_org
    plt = pegawai_dinilai(o.bidang, o.periode["final"], predikat="SANGAT_KURANG")
    plt_skp = plt.skp.get()
    plt_skp.status_pegawai = "PLT"
    plt_skp.save()
    assert plt not in [k.pegawai for k in selectors.daftar_keluaran(user=o.admin, tahun=YEAR)]
    assert selectors.keluaran_pegawai(o.admin, plt.nip, YEAR).periode == []


def test_non_jf_has_values_but_no_angka_kredit(nilai_org):
    o = nilai_org
    final_kabid = penilaian_tambah(actor=o.kabid.user, skp=o.skp_kabid, periode=o.periode["final"])
    nilai(final_kabid, "BAIK")
    k = selectors.keluaran_pegawai(o.kabid.user, o.kabid.nip, YEAR)
    assert k.predikat == "BAIK" and k.nilai == 80 and k.indeks_profesionalitas == Decimal("24.00")
    assert not k.is_jf and k.jenjang is None and k.angka_kredit is None


def test_instansi_settings_change_codes_and_nilai_only_for_that_instansi(ak_org, other_org):
    o = ak_org
    assert selectors.pengaturan_untuk(o.instansi.pk) == selectors.BAWAAN  # no row: the defaults
    pengaturan_keluaran_simpan(
        actor=o.admin,
        instansi=o.instansi,
        kode_rating={"DIBAWAH": 3, "SESUAI": 2, "DIATAS": 1},
        nilai_predikat={"SANGAT_BAIK": 95, "BAIK": 85},
    )
    k = selectors.keluaran_pegawai(o.admin, o.staf.nip, YEAR)
    assert (k.kode_hasil_kerja, k.nilai, k.indeks_profesionalitas) == (1, 95, Decimal("28.50"))
    assert (
        PengaturanKeluaran.objects.get(instansi=o.instansi).nilai_predikat["KURANG"] == 40
    )  # stored complete
    assert selectors.pengaturan_untuk(other_org.instansi.pk) == selectors.BAWAAN
    assert AuditEvent.objects.filter(action="laporan.pengaturan_ubah").count() == 1


def test_settings_service_refuses_bad_tables_and_other_people(org, other_org):
    with pytest.raises(DomainError) as exc:
        pengaturan_keluaran_simpan(
            actor=org.admin, instansi=org.instansi, kode_rating={}, nilai_predikat={"BAIK": 120}
        )
    assert exc.value.field == "nilai_predikat"
    for actor in (other_org.admin, org.staf.user):
        with pytest.raises(PermissionDeniedError):
            pengaturan_keluaran_simpan(actor=actor, instansi=org.instansi, kode_rating={}, nilai_predikat={})
    assert not PengaturanKeluaran.objects.exists()


def test_who_may_see_an_employee(ak_org, other_org, admin_nasional):
    o = ak_org
    for user in (o.staf.user, o.kabid.user, o.kaban.user, o.admin, admin_nasional):
        assert selectors.pegawai_or_404(user, o.staf.nip) == o.staf
    for user in (o.staf2.user, o.anggota_sub.user, other_org.admin, other_org.pegawai.user):
        with pytest.raises(Http404):
            selectors.pegawai_or_404(user, o.staf.nip)
    with pytest.raises(Http404):
        selectors.pegawai_or_404(o.admin, "000000000000000000")


def test_lists_are_for_admins_and_scoped_to_the_instansi(ak_org, other_org, admin_nasional):
    o = ak_org
    lain = pegawai_dinilai(other_org.unit, o.periode["final"])  # rows of the other instansi
    assert [k.pegawai for k in selectors.daftar_keluaran(user=o.admin, tahun=YEAR)] == [o.staf]
    assert [k.pegawai for k in selectors.daftar_keluaran(user=other_org.admin, tahun=YEAR)] == [lain]
    assert {k.pegawai for k in selectors.daftar_keluaran(user=admin_nasional, tahun=YEAR)} == {o.staf, lain}
    assert list(selectors.daftar_keluaran(user=o.admin, tahun=YEAR - 1)) == []
    with pytest.raises(PermissionDeniedError):
        selectors.daftar_keluaran(user=o.staf.user, tahun=YEAR)


def test_list_filters(ak_org):
    o = ak_org
    sub = pegawai_dinilai(o.subbidang, o.periode["final"])
    assert [k.pegawai for k in selectors.daftar_keluaran(user=o.admin, tahun=YEAR, q=o.staf.nip)] == [o.staf]
    assert [k.pegawai for k in selectors.daftar_keluaran(user=o.admin, tahun=YEAR, q=sub.nip)] == [sub]
    assert [k.pegawai for k in selectors.daftar_keluaran(user=o.admin, tahun=YEAR, q="staf bid")] == [o.staf]
    assert [k.pegawai for k in selectors.daftar_keluaran(user=o.admin, tahun=YEAR, unit=o.subbidang)] == [sub]
    assert [k.pegawai for k in selectors.daftar_keluaran(user=o.admin, tahun=YEAR, unit=o.bidang)] == [o.staf]
    both = selectors.daftar_keluaran(user=o.admin, tahun=YEAR, unit=o.bidang, sub_unit=True)
    assert {k.pegawai for k in both} == {o.staf, sub}


def _queries_for_a_page(admin, tahun):
    with CaptureQueriesContext(connection) as ctx:
        rows = selectors.daftar_keluaran(user=admin, tahun=tahun)[0:50]
        total = selectors.daftar_keluaran(user=admin, tahun=tahun).count()
    return len(ctx), len(rows), total


def test_list_queries_are_constant(ak_org):
    """4 then 10 employees (the second batch with an extra, earlier SKP each): the same number of queries."""
    o = ak_org
    for _ in range(3):
        pegawai_dinilai(o.bidang, o.periode["final"], predikat="BAIK")
    small = _queries_for_a_page(o.admin, YEAR)
    for _ in range(6):
        p = pegawai_dinilai(o.subbidang, o.periode["final"], predikat="KURANG", jenjang="Terampil")
        skp = p.skp.get()
        skp.periode_awal = datetime.date(YEAR, 1, 2)
        skp.save()
        skp.pk = None
        skp.periode_awal, skp.periode_akhir = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 1, 1)
        skp.save()  # an earlier, one-day SKP of the same year
    big = _queries_for_a_page(o.admin, YEAR)
    assert small[1:] == (4, 4) and big[1:] == (10, 10)
    assert small[0] == big[0]
