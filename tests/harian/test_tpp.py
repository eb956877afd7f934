"""Monthly kinerja score for TPP: aggregation of approved daily entries, the formula with the instansi settings,
closing a month (refusals, frozen values, audit), rights, query counts at two sizes, Excel and the API."""

import datetime
import io
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.api.keys import apikey_create
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.harian.models import (
    BulanDitutup,
    CatatanHarian,
    NilaiTppBulanan,
    PengaturanHarian,
    RealisasiBulanan,
    TargetBulanan,
)
from kinerja.harian.selectors import tpp as selectors
from kinerja.harian.services.common import require_bulan_terbuka
from kinerja.harian.services.tpp import bulan_tutup
from kinerja.org.models import Pegawai
from kinerja.skp.models import Indikator, Rhk

from ..factories import PegawaiFactory
from ..penilaian.conftest import approve
from ..skp.conftest import YEAR, add_rhk, make_skp

WIB = ZoneInfo("Asia/Jakarta")
MARET, APRIL = 3, 4


def catat(skp, indikator, hari: int, realisasi, status="SETUJU", bulan=MARET):
    return CatatanHarian.objects.create(
        skp=skp,
        indikator=indikator,
        pegawai=skp.pegawai,
        tanggal=datetime.date(YEAR, bulan, hari),
        uraian="Menyusun laporan",
        realisasi=D(str(realisasi)),
        status=status,
    )


def target(indikator, bulan, nilai):
    return TargetBulanan.objects.create(indikator=indikator, bulan=bulan, target=D(str(nilai)))


@pytest.fixture
def t(harian_org, time_machine):
    """harian_org on 15 December: staf's indicator has target 2 in March and 1 in April; March has 1.5 approved
    (plus entries in other statuses), April 1 approved."""
    time_machine.move_to(datetime.datetime(YEAR, 12, 15, 10, 0, tzinfo=WIB), tick=False)
    o = harian_org
    ind = o.ind_staf
    target(ind, MARET, 2)
    target(ind, APRIL, 1)
    catat(o.skp_staf, ind, 2, 1)
    catat(o.skp_staf, ind, 3, "0.5")
    catat(o.skp_staf, ind, 4, 5, status="PERIKSA")
    catat(o.skp_staf, ind, 5, 3, status="KONSEP")
    catat(o.skp_staf, ind, 6, 2, status="DIKEMBALIKAN")
    catat(o.skp_staf, ind, 1, 1, bulan=APRIL)
    return o


def tambahan(o, target_maret=4, realisasi_maret=1):
    """A Tambahan indicator on staf's approved SKP with a March target and an approved March entry."""
    rhk = Rhk.objects.create(skp=o.skp_staf, jenis="TAMBAHAN", teks="Membantu kegiatan tambahan")
    ind = Indikator.objects.create(rhk=rhk, teks="Jumlah kegiatan", target_nilai=4, target_satuan="Kegiatan")
    target(ind, MARET, target_maret)
    catat(o.skp_staf, ind, 10, realisasi_maret)
    return ind


def staf_maret(o):
    return selectors.hitung(
        [o.staf.pk], YEAR, [MARET, APRIL], PengaturanHarian.objects.get(instansi=o.instansi)
    )


# --- Aggregation --------------------------------------------------------------------------------------------------


def test_only_approved_entries_count_and_months_are_separate(t):
    hasil = staf_maret(t)
    maret, april = hasil[(t.staf.pk, MARET)], hasil[(t.staf.pk, APRIL)]
    assert [(r["target"], r["realisasi"], r["capaian"], r["manual"]) for r in maret.rincian] == [
        ("2", "1.5", "75", False)
    ]
    assert maret.nilai == D("75.00")
    assert april.rincian[0]["realisasi"] == "1" and april.nilai == D("100.00")


def test_a_month_without_target_has_no_score(t):
    hasil = selectors.hitung([t.staf.pk], YEAR, [5], t.pengaturan)
    mei = hasil[(t.staf.pk, 5)]
    assert mei.nilai is None and mei.rincian[0]["target"] is None and mei.rincian[0]["capaian"] is None


def test_only_approved_definitive_skp_counts(t):
    # staf2 has a draft SKP with a March target and an approved entry: nothing counts.
    skp = make_skp(t.staf2)
    rhk = add_rhk(skp, "Draft", atasan=t.rhk_kabid)
    ind = rhk.indikator.first()
    target(ind, MARET, 1)
    catat(skp, ind, 2, 1)
    assert selectors.hitung([t.staf2.pk], YEAR, [MARET], t.pengaturan) == {}


def test_manual_realisation_only_when_the_instansi_allows_it(t):
    RealisasiBulanan.objects.create(indikator=t.ind_staf, bulan=MARET, nilai=D("2"))
    assert staf_maret(t)[(t.staf.pk, MARET)].nilai == D("75.00")
    PengaturanHarian.objects.filter(pk=t.pengaturan.pk).update(realisasi_bulanan_diubah=True)
    maret = staf_maret(t)[(t.staf.pk, MARET)]
    assert maret.nilai == D("100.00")
    assert maret.rincian[0]["realisasi"] == "2" and maret.rincian[0]["manual"] is True
    assert staf_maret(t)[(t.staf.pk, APRIL)].rincian[0]["manual"] is False  # April has no override


@pytest.mark.parametrize(
    ("settings", "nilai"),
    [
        ({}, D("50.00")),  # (75 + 25) / 2
        ({"rumus_tpp": "TERBOBOT", "bobot_utama": 80}, D("65.00")),  # 75 x .8 + 25 x .2
        ({"rumus_tpp": "TERBOBOT", "bobot_utama": 50}, D("50.00")),
        ({"batas_capaian": 150}, D("112.50")),  # tambahan 6 of 4 = 150 %: (75 + 150) / 2
    ],
)
def test_formula_follows_the_instansi_settings(t, settings, nilai):
    realisasi = 6 if "batas_capaian" in settings else 1
    tambahan(t, realisasi_maret=realisasi)
    PengaturanHarian.objects.filter(pk=t.pengaturan.pk).update(**settings)
    assert staf_maret(t)[(t.staf.pk, MARET)].nilai == nilai


def test_capaian_is_capped_by_default(t):
    tambahan(t, realisasi_maret=6)
    rincian = staf_maret(t)[(t.staf.pk, MARET)].rincian
    assert [r["capaian"] for r in rincian] == ["75", "100"]


# --- Closing --------------------------------------------------------------------------------------------------------


def test_close_freezes_one_score_per_active_employee_and_audits(t):
    Pegawai.objects.filter(pk=t.anggota_sub.pk).update(aktif=False)
    row = bulan_tutup(actor=t.admin, instansi=t.instansi, tahun=YEAR, bulan=MARET)
    assert BulanDitutup.objects.filter(instansi=t.instansi, tahun=YEAR, bulan=MARET).count() == 1
    nilai = {n.pegawai_id: n for n in NilaiTppBulanan.objects.filter(tahun=YEAR, bulan=MARET)}
    aktif = set(Pegawai.objects.filter(instansi=t.instansi, aktif=True).values_list("pk", flat=True))
    assert set(nilai) == aktif and t.anggota_sub.pk not in nilai
    assert nilai[t.staf.pk].nilai == D("75.00") and nilai[t.staf.pk].rumus == "RATA_RATA"
    assert nilai[t.staf.pk].rincian[0]["realisasi"] == "1.5"
    assert nilai[t.staf2.pk].nilai is None and nilai[t.staf2.pk].rincian == []
    event = AuditEvent.objects.get(action="harian.bulan_tutup")
    assert (
        event.object_id == str(row.pk) and event.instansi_id == t.instansi.pk and event.actor_id == t.admin.pk
    )
    assert event.after["jumlah_pegawai"] == len(aktif) and event.after["bulan"] == MARET


def test_closed_month_is_frozen_against_later_changes(t):
    bulan_tutup(actor=t.admin, instansi=t.instansi, tahun=YEAR, bulan=MARET)
    # Changes that the services now refuse, forced directly: the frozen value does not move.
    catat(t.skp_staf, t.ind_staf, 20, 10)
    TargetBulanan.objects.filter(indikator=t.ind_staf, bulan=MARET).update(target=D("100"))
    PengaturanHarian.objects.filter(pk=t.pengaturan.pk).update(rumus_tpp="TERBOBOT", batas_capaian=200)
    daftar = selectors.daftar_tpp(instansi=t.instansi, tahun=YEAR, bulan=MARET, q=t.staf.nip)
    assert daftar.ditutup and [(b.pegawai.pk, b.nilai) for b in daftar[0:10]] == [(t.staf.pk, D("75.00"))]
    bulan = selectors.nilai_tahun(t.staf, YEAR, t.pengaturan, datetime.date(YEAR, 12, 15))
    assert bulan[MARET - 1].ditutup and bulan[MARET - 1].nilai == D("75.00")
    assert not bulan[APRIL - 1].ditutup and bulan[APRIL - 1].nilai == D("100.00")
    with pytest.raises(DomainError, match="Bulan Maret .* sudah ditutup; data bulan ini tidak dapat diubah."):
        require_bulan_terbuka(t.instansi.pk, YEAR, MARET)
    require_bulan_terbuka(t.instansi.pk, YEAR, APRIL)  # open: no refusal


@pytest.mark.parametrize(
    ("tahun", "bulan", "pesan"),
    [
        (YEAR, 12, "belum berakhir"),  # the current month
        (YEAR + 1, 1, "belum berakhir"),  # the future
        (YEAR, 13, "antara 1 dan 12"),
        (1999, 1, "Tahun tidak valid"),
    ],
)
def test_close_refuses_months_that_have_not_ended_or_are_invalid(t, tahun, bulan, pesan):
    with pytest.raises(DomainError, match=pesan):
        bulan_tutup(actor=t.admin, instansi=t.instansi, tahun=tahun, bulan=bulan)
    assert not BulanDitutup.objects.exists() and not NilaiTppBulanan.objects.exists()


def test_close_refuses_an_already_closed_month(t):
    bulan_tutup(actor=t.admin, instansi=t.instansi, tahun=YEAR, bulan=MARET)
    with pytest.raises(DomainError, match="Bulan Maret .* sudah ditutup."):
        bulan_tutup(actor=t.admin, instansi=t.instansi, tahun=YEAR, bulan=MARET)
    assert (
        NilaiTppBulanan.objects.filter(bulan=MARET).count()
        == Pegawai.objects.filter(instansi=t.instansi, aktif=True).count()
    )


def test_close_rights_and_feature_switch(t, other_org, admin_nasional):
    for user in (t.staf.user, t.kabid.user, other_org.admin):
        with pytest.raises(PermissionDeniedError):
            bulan_tutup(actor=user, instansi=t.instansi, tahun=YEAR, bulan=MARET)
    PengaturanHarian.objects.filter(pk=t.pengaturan.pk).update(aktif=False)
    with pytest.raises(DomainError, match="tidak diaktifkan"):
        bulan_tutup(actor=t.admin, instansi=t.instansi, tahun=YEAR, bulan=MARET)
    PengaturanHarian.objects.filter(pk=t.pengaturan.pk).update(aktif=True)
    bulan_tutup(actor=admin_nasional, instansi=t.instansi, tahun=YEAR, bulan=MARET)
    assert BulanDitutup.objects.get().ditutup_oleh == admin_nasional


# --- Query counts at two sizes ---------------------------------------------------------------------------------------


def tambah_pegawai(o, n):
    """n more employees in bidang with approved SKPs, a March target and two approved entries each."""
    for i in range(n):
        p = PegawaiFactory(unit_kerja=o.bidang, nama=f"PEGAWAI TAMBAHAN {i}")
        skp = make_skp(p)
        rhk = add_rhk(skp, f"Laporan {i}", atasan=o.rhk_kabid, indikator=2)
        approve(skp)
        for ind in rhk.indikator.all():
            target(ind, MARET, 2)
            catat(skp, ind, 2, 1)
            catat(skp, ind, 3, 1)


def count_queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_query_counts_are_constant(t, client):
    client.force_login(t.admin)
    url = reverse("harian:tpp_admin") + f"?tahun={YEAR}&bulan={MARET}"
    excel = reverse("harian:tpp_admin_excel") + f"?tahun={YEAR}&bulan={MARET}"
    kunci = apikey_create(actor=t.admin, instansi=t.instansi, nama="TPP", akses="BACA")[1]
    api = {"path": f"/api/v1/tpp/{YEAR}/{MARET}", "headers": {"Authorization": f"Bearer {kunci}"}}

    def measure():
        return (
            count_queries(lambda: client.get(url)),
            count_queries(lambda: client.get(excel)),
            count_queries(lambda: client.get(**api)),
            count_queries(lambda: client.get(reverse("harian:tpp_saya"))),
        )

    small = measure()
    tambah_pegawai(t, 1)
    catat(t.skp_staf, t.ind_staf, 9, 1)  # more entries of staf too
    assert measure() == small
    tambah_pegawai(t, 3)
    assert measure() == small
    r = client.get(url)
    assert (
        r.status_code == 200
        and len(r.context["page_obj"].object_list)
        == Pegawai.objects.filter(instansi=t.instansi, aktif=True).count()
    )


def test_closing_runs_constant_queries(t, harian_org):
    tambah_pegawai(t, 1)
    BulanDitutup.objects.all().delete()
    a = count_queries(lambda: bulan_tutup(actor=t.admin, instansi=t.instansi, tahun=YEAR, bulan=MARET))
    tambah_pegawai(t, 3)
    b = count_queries(lambda: bulan_tutup(actor=t.admin, instansi=t.instansi, tahun=YEAR, bulan=APRIL))
    assert a == b
    assert (
        NilaiTppBulanan.objects.filter(bulan=APRIL).count()
        == Pegawai.objects.filter(instansi=t.instansi, aktif=True).count()
    )


def test_closed_month_page_runs_constant_queries(t, client):
    client.force_login(t.admin)
    url = reverse("harian:tpp_admin") + f"?tahun={YEAR}&bulan={MARET}"
    tambah_pegawai(t, 1)
    bulan_tutup(actor=t.admin, instansi=t.instansi, tahun=YEAR, bulan=MARET)
    small = count_queries(lambda: client.get(url))
    NilaiTppBulanan.objects.filter(bulan=MARET).delete()
    BulanDitutup.objects.all().delete()
    tambah_pegawai(t, 3)
    bulan_tutup(actor=t.admin, instansi=t.instansi, tahun=YEAR, bulan=MARET)
    assert count_queries(lambda: client.get(url)) == small


# --- Pages ------------------------------------------------------------------------------------------------------------


def test_employee_page_shows_months_with_score_and_rincian(t, client):
    client.force_login(t.staf.user)
    r = client.get(reverse("harian:tpp_saya"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Nilai Kinerja Bulanan (TPP)" in html and "75,00" in html and "100,00" in html
    assert "1,5 Laporan" in html  # rincian with the decimal comma
    bulan = r.context["bulan"]
    assert [b.nama for b in bulan][:3] == ["Januari", "Februari", "Maret"]
    assert bulan[MARET - 1].nilai == D("75.00") and bulan[MARET - 1].rincian[0]["teks"] == t.ind_staf.teks


def test_admin_page_filters_and_closes_with_confirm(t, client):
    client.force_login(t.admin)
    base = reverse("harian:tpp_admin")
    r = client.get(base + f"?tahun={YEAR}&bulan={MARET}&q={t.staf.nip}")
    assert [b.pegawai.pk for b in r.context["page_obj"]] == [t.staf.pk]
    assert r.context["page_obj"][0].nilai == D("75.00")
    html = r.content.decode()
    assert (
        "Terbuka" in html
        and "Tutup Bulan" in html
        and 'data-konfirmasi="Tutup bulan' in html
        and "Unduh Excel" in html
    )
    r = client.get(base + f"?tahun={YEAR}&bulan={MARET}&q=staf")
    assert {b.pegawai.pk for b in r.context["page_obj"]} == {t.staf.pk, t.staf2.pk}
    r = client.get(base + f"?tahun={YEAR}&bulan={MARET}&unit={t.subbidang.pk}")
    assert [b.pegawai.pk for b in r.context["page_obj"]] == [t.anggota_sub.pk]
    r = client.get(base + f"?tahun={YEAR}&bulan={MARET}&unit={t.badan.pk}&sub_unit=on")
    assert len(r.context["page_obj"].object_list) == 5
    # The current month cannot be closed: no button.
    assert "Tutup Bulan</button>" not in client.get(base + f"?tahun={YEAR}&bulan=12").content.decode()
    r = client.post(reverse("harian:tpp_tutup"), {"tahun": YEAR, "bulan": MARET}, follow=True)
    assert "ditutup; nilai kinerja bulanan telah dibekukan" in r.content.decode()
    assert r.context["ditutup"] is True and "Ditutup" in r.content.decode()
    r = client.post(reverse("harian:tpp_tutup"), {"tahun": YEAR, "bulan": MARET}, follow=True)
    assert "sudah ditutup" in r.content.decode()
    assert client.post(reverse("harian:tpp_tutup"), {"tahun": "x", "bulan": MARET}).status_code == 404


def test_bad_filters_fall_back_and_never_500(t, client):
    client.force_login(t.admin)
    r = client.get(reverse("harian:tpp_admin") + "?tahun=abc&bulan=99&unit=zz&page=999")
    assert r.status_code == 200 and "Pilih bulan dari daftar." in r.content.decode()


def test_excel_content(t, client):
    client.force_login(t.admin)
    r = client.get(reverse("harian:tpp_admin_excel") + f"?tahun={YEAR}&bulan={MARET}")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("NIP", "Nama", "Jabatan", "Unit Kerja", "Nilai Kinerja Bulanan")
    by_nip = {row[0]: row for row in rows[1:]}
    assert by_nip[t.staf.nip][4] == 75 and by_nip[t.staf.nip][5] == 1 and by_nip[t.staf.nip][6] == "Terbuka"
    assert by_nip[t.staf2.nip][4] is None
    assert len(rows) - 1 == Pegawai.objects.filter(instansi=t.instansi, aktif=True).count()


def test_rights_of_the_pages(t, client, other_org, admin_nasional):
    admin_urls = [
        reverse("harian:tpp_admin"),
        reverse("harian:tpp_admin_excel") + f"?tahun={YEAR}&bulan={MARET}",
    ]
    client.force_login(t.staf.user)
    for url in admin_urls:
        assert client.get(url).status_code == 403
    assert client.post(reverse("harian:tpp_tutup"), {"tahun": YEAR, "bulan": MARET}).status_code == 403
    # The other instansi's admin only ever sees their own instansi, where the feature is off: 404.
    client.force_login(other_org.admin)
    for url in admin_urls:
        assert client.get(url + f"&instansi={t.instansi.pk}").status_code == 404
    assert client.post(reverse("harian:tpp_tutup"), {"tahun": YEAR, "bulan": MARET}).status_code == 404
    assert not BulanDitutup.objects.exists()
    # The admin nasional picks the instansi.
    client.force_login(admin_nasional)
    assert "Pilih instansi" in client.get(reverse("harian:tpp_admin")).content.decode()
    r = client.get(reverse("harian:tpp_admin") + f"?instansi={t.instansi.pk}&tahun={YEAR}&bulan={MARET}")
    assert r.status_code == 200 and r.context["instansi"] == t.instansi
    assert client.get(reverse("harian:tpp_admin") + "?instansi=abc").status_code == 404
    r = client.get(
        reverse("harian:tpp_admin") + f"?instansi={t.instansi.pk}"
    )  # picked: previous month, no errors
    assert r.status_code == 200 and not r.context["form"].errors and r.context["bulan"] == 11
    # A person outside any instansi with the feature: 404 on the employee page.
    client.force_login(other_org.pegawai.user)
    assert client.get(reverse("harian:tpp_saya")).status_code == 404


def test_feature_off_every_tpp_page_is_404(t, client):
    PengaturanHarian.objects.filter(pk=t.pengaturan.pk).update(aktif=False)
    client.force_login(t.admin)
    for url in (reverse("harian:tpp_admin"), reverse("harian:tpp_admin_excel")):
        assert client.get(url).status_code == 404
    assert client.post(reverse("harian:tpp_tutup"), {"tahun": YEAR, "bulan": MARET}).status_code == 404
    client.force_login(t.staf.user)
    assert client.get(reverse("harian:tpp_saya")).status_code == 404
