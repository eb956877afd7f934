"""Bad input to the kinerja harian services: Catatan Kinerja Harian (uraian, realisasi, date, the assessor's
return note), Tahapan, Matriks Target Bulanan and the manual monthly realisation, Pengaturan Kinerja Harian and
Tutup Bulan. Each call stores exactly what was sent or is refused in Indonesian with nothing changed."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.harian.models import (
    BulanDitutup,
    CatatanHarian,
    PengaturanHarian,
    RealisasiBulanan,
    RumusTpp,
    Tahapan,
    TargetBulanan,
)
from kinerja.harian.services import ckhp, pengaturan, tahapan, target, tpp
from kinerja.skp.models import Skp

from ..harian import conftest as _harian_fixtures
from ..skp.conftest import YEAR
from .input_common import SETTINGS, angka, as_decimal, attempt, check_fields, rolled_back, tanggal, teks

skp_org, harian_org = _harian_fixtures.skp_org, _harian_fixtures.harian_org  # the fixtures, used by name

WIB = ZoneInfo("Asia/Jakarta")
HARI_INI = datetime.date(YEAR, 3, 15)
MAKS = Decimal("999999999999.99")
INTS = st.one_of(st.integers(-(2**63), 2**63), st.integers(-2, 40))


@pytest.fixture
def h(harian_org, time_machine):
    time_machine.move_to(datetime.datetime(YEAR, 3, 15, 10, 0, tzinfo=WIB), tick=False)
    return harian_org


def expect_angka(value) -> Decimal | None:
    """The number a realisation or target cell stores, or None when it must be refused: a finite number from 0
    to 999999999999.99 with at most two decimals; a comma is read as the decimal point."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        value = repr(value)
    number = as_decimal(value)
    if number is None or number < 0 or number > MAKS:
        return None
    if number != number.quantize(Decimal("0.01"), rounding="ROUND_DOWN"):
        return None
    return number.quantize(Decimal("0.01"))


def _tambah(h, **kwargs):
    data = {"actor": h.staf.user, "skp": h.skp_staf, "indikator": h.ind_staf, "tanggal": HARI_INI}
    data.update({"uraian": "Menyusun laporan", "realisasi": "1", **kwargs})
    return ckhp.catatan_tambah(**data)


# --- Catatan Kinerja Harian -------------------------------------------------------------------------------------


@SETTINGS
@given(uraian=teks(), realisasi=angka())
def test_catatan_uraian_and_realisasi(h, uraian, realisasi):
    expected = expect_angka(realisasi)
    with rolled_back():
        if expected is None:
            _, error = attempt(lambda: _tambah(h, uraian=uraian, realisasi=realisasi), CatatanHarian)
            assert error is not None, f"realisasi {realisasi!r} seharusnya ditolak"
            assert error.field in ("uraian", "realisasi")
            return
        item = check_fields(
            lambda: _tambah(h, uraian=uraian, realisasi=realisasi),
            {"uraian": (uraian, {"maks": ckhp.URAIAN_MAKS})},
            lambda c: {"uraian": CatatanHarian.objects.get(pk=c.pk).uraian},
            CatatanHarian,
        )
        if item is not None:
            assert CatatanHarian.objects.get(pk=item.pk).realisasi == expected


@SETTINGS
@given(tgl=tanggal())
def test_catatan_date(h, tgl):
    with rolled_back():
        item, error = attempt(lambda: _tambah(h, tanggal=tgl), CatatanHarian)
        if HARI_INI - datetime.timedelta(days=5) <= tgl <= HARI_INI:
            assert error is None, error.message
            assert CatatanHarian.objects.get(pk=item.pk).tanggal == tgl
        else:
            assert error is not None and error.field == "tanggal"


@SETTINGS
@given(uraian=teks(), tgl=tanggal())
def test_catatan_ubah(h, uraian, tgl):
    catatan = _tambah(h)
    with rolled_back():
        _, error = attempt(
            lambda: ckhp.catatan_ubah(
                actor=h.staf.user,
                catatan=catatan,
                indikator=h.ind_staf,
                tanggal=tgl,
                uraian=uraian,
                realisasi="2",
            ),
            CatatanHarian,
        )
        date_ok = HARI_INI - datetime.timedelta(days=5) <= tgl <= HARI_INI
        text_ok = bool(uraian.strip()) and "\x00" not in uraian and len(uraian.strip()) <= ckhp.URAIAN_MAKS
        if date_ok and text_ok:
            assert error is None, error.message
            saved = CatatanHarian.objects.get(pk=catatan.pk)
            assert (saved.uraian, saved.tanggal) == (uraian.strip(), tgl)
        else:
            assert error is not None and error.field in ("tanggal", "uraian")


@SETTINGS
@given(catatan=teks())
def test_catatan_kembalikan_note(h, catatan):
    """The assessor's note is written with a set-based UPDATE (no model save): it is checked by the service."""
    item = _tambah(h)
    ckhp.catatan_kirim(actor=h.staf.user, catatan_list=[item])
    with rolled_back():
        check_fields(
            lambda: ckhp.catatan_kembalikan(actor=h.kabid.user, catatan_list=[item], catatan=catatan),
            {"catatan": (catatan, {"maks": ckhp.CATATAN_MAKS})},
            lambda items: {"catatan": CatatanHarian.objects.get(pk=items[0].pk).catatan_pemeriksa},
            CatatanHarian,
        )


# --- Tahapan ----------------------------------------------------------------------------------------------------


@SETTINGS
@given(nama=teks(), urutan=st.one_of(st.none(), INTS), bulan=st.one_of(st.none(), INTS))
def test_tahapan(h, nama, urutan, bulan):
    with rolled_back():
        Skp.objects.filter(pk=h.skp_staf.pk).update(status="DRAFT")  # Tahapan are planned on a DRAFT SKP

        def call():
            return tahapan.tahapan_create(
                actor=h.staf.user, rhk=h.rhk_staf, nama=nama, urutan=urutan, bulan=bulan
            )

        if (urutan is not None and not 0 <= urutan <= 32767) or (bulan is not None and not 1 <= bulan <= 12):
            _, error = attempt(call, Tahapan)
            assert error is not None and error.field in ("nama", "urutan", "bulan")
            return
        check_fields(
            call,
            {"nama": (nama, {"maks": tahapan.NAMA_MAKS})},
            lambda t: {"nama": Tahapan.objects.get(pk=t.pk).nama},
            Tahapan,
        )


# --- Matriks Target Bulanan, realisasi bulanan --------------------------------------------------------------------


@SETTINGS
@given(nilai=angka(), bulan=INTS)
def test_target_bulanan(h, nilai, bulan):
    with rolled_back():
        _, error = attempt(
            lambda: target.target_simpan(
                actor=h.staf.user, skp=h.skp_staf, nilai={(h.ind_staf.pk, bulan): nilai}
            ),
            TargetBulanan,
        )
        blank = nilai is None or (isinstance(nilai, str) and not nilai.strip())
        expected = expect_angka(nilai)
        if blank:
            assert error is None, error.message
        elif expected is None or not 1 <= bulan <= 12:
            assert error is not None, f"target {nilai!r} bulan {bulan} seharusnya ditolak"
            assert error.field == target.nama_field(h.ind_staf.pk, bulan)
        else:
            assert error is None, error.message
            assert TargetBulanan.objects.get(indikator=h.ind_staf, bulan=bulan).target == expected


@SETTINGS
@given(nilai=angka(), bulan=INTS)
def test_realisasi_bulanan(h, nilai, bulan):
    PengaturanHarian.objects.filter(pk=h.pengaturan.pk).update(realisasi_bulanan_diubah=True)
    with rolled_back():
        _, error = attempt(
            lambda: target.realisasi_set(actor=h.staf.user, indikator=h.ind_staf, bulan=bulan, nilai=nilai),
            RealisasiBulanan,
        )
        expected = expect_angka(nilai)
        if expected is None or not 1 <= bulan <= 12:
            assert error is not None and error.field == "nilai"
        else:
            assert error is None, error.message
            assert RealisasiBulanan.objects.get(indikator=h.ind_staf, bulan=bulan).nilai == expected


# --- the admin: Pengaturan, Tutup Bulan -------------------------------------------------------------------------


@SETTINGS
@given(
    hari_mundur=st.one_of(INTS, st.booleans(), st.floats(allow_nan=True), st.text(max_size=4)),
    rumus=st.one_of(teks(12), st.sampled_from(RumusTpp.values)),
)
def test_pengaturan(h, hari_mundur, rumus):
    with rolled_back():
        row, error = attempt(
            lambda: pengaturan.pengaturan_simpan(
                actor=h.admin, instansi=h.instansi, hari_mundur=hari_mundur, rumus_tpp=rumus
            ),
            PengaturanHarian,
        )
        valid_hari = (
            isinstance(hari_mundur, int) and not isinstance(hari_mundur, bool) and 0 <= hari_mundur <= 366
        )
        if valid_hari and rumus in RumusTpp.values:
            assert error is None, error.message
            saved = PengaturanHarian.objects.get(pk=row.pk)
            assert (saved.hari_mundur, saved.rumus_tpp) == (hari_mundur, rumus)
        else:
            assert error is not None and error.field in ("hari_mundur", "rumus_tpp")


@SETTINGS
@given(tahun=st.one_of(INTS, st.integers(1999, 2101)), bulan=INTS)
def test_tutup_bulan(h, tahun, bulan):
    with rolled_back():
        _, error = attempt(
            lambda: tpp.bulan_tutup(actor=h.admin, instansi=h.instansi, tahun=tahun, bulan=bulan),
            BulanDitutup,
        )
        if not 2000 <= tahun <= 2100:
            assert error is not None and error.field == "tahun"
        elif not 1 <= bulan <= 12:
            assert error is not None and error.field == "bulan"
        elif datetime.date(tahun, bulan, 1) < HARI_INI.replace(day=1):
            assert error is None, error.message
        else:
            assert error is not None  # a month that has not ended
