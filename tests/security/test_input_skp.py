"""Bad input to the SKP planning services: the period's dates, RHK and indicator texts and targets, Ekspektasi
Khusus Pimpinan, Lampiran, the assessor's Edit Status note. Hypothesis-generated; each call stores exactly what
was sent (stripped; targets to two decimals) or is refused in Indonesian with nothing changed (input_common)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.penilaian.models import PeriodePenilaian
from kinerja.skp import rules
from kinerja.skp.models import Aspek, EkspektasiPimpinan, Indikator, JenisLampiran, LampiranItem, Rhk, Skp
from kinerja.skp.services import perilaku, periode, rhk, workflow

from ..skp import conftest as _skp_fixtures
from .input_common import SETTINGS, as_decimal, attempt, check_fields, rolled_back, tanggal, teks

skp_org = _skp_fixtures.skp_org  # the fixture, used by name

CHOICES = st.one_of(
    teks(20),
    st.sampled_from(
        ["UTAMA", "TAMBAHAN", "INDIVIDU", "ORGANISASI", "Kuantitas", "utama", *JenisLampiran.values]
    ),
)


def _opt(**kw):
    return kw


# --- RHK ----------------------------------------------------------------------------------------------------------


@SETTINGS
@given(teks_=teks(), penugasan=teks())
def test_rhk_texts_jpt(skp_org, teks_, penugasan):
    """The JPT's RHK: the text (no length limit) and Penugasan dari (250 characters)."""
    o = skp_org
    fields = {"teks": (teks_, {}), "penugasan_dari": (penugasan, _opt(required=False, maks=250))}

    def stored(item):
        item = Rhk.objects.get(pk=item.pk)
        return {"teks": item.teks, "penugasan_dari": item.penugasan_dari}

    kwargs = {"jenis": "UTAMA", "klasifikasi": "INDIVIDU", "teks": teks_, "penugasan_dari": penugasan}
    with rolled_back():
        check_fields(
            lambda: rhk.rhk_create(actor=o.kaban.user, skp=o.skp_kaban, **kwargs), fields, stored, Rhk
        )
    with rolled_back():
        check_fields(
            lambda: rhk.rhk_update(actor=o.kaban.user, rhk=o.rhk_kaban, **kwargs), fields, stored, Rhk
        )


@SETTINGS
@given(teks_=teks(), jenis=CHOICES, klasifikasi=CHOICES)
def test_rhk_ja_jf_text_and_choices(skp_org, teks_, jenis, klasifikasi):
    o = skp_org
    call = lambda: rhk.rhk_create(  # noqa: E731
        actor=o.staf.user,
        skp=o.skp_staf,
        jenis=jenis,
        klasifikasi=klasifikasi,
        teks=teks_,
        rhk_atasan=o.rhk_kabid,
    )
    with rolled_back():
        if jenis not in ("UTAMA", "TAMBAHAN") or klasifikasi not in ("INDIVIDU", "ORGANISASI"):
            _, error = attempt(call, Rhk)
            assert error is not None and error.field in ("teks", "jenis", "klasifikasi")
            return
        check_fields(
            call, {"teks": (teks_, {})}, lambda item: {"teks": Rhk.objects.get(pk=item.pk).teks}, Rhk
        )


# --- Indikator ----------------------------------------------------------------------------------------------------


def _target_ok(value) -> Decimal | None:
    """The stored target for `value`, or None when it must be refused: a finite number from 0 to below 10^12
    with at most two decimals (more is refused, as the form does, rather than silently rounded)."""
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        value = repr(value)
    number = None if isinstance(value, str) and "," in value else as_decimal(value)  # the API sends a dot
    if number is None or number < 0 or number >= Decimal("1e12"):
        return None
    if number != number.quantize(Decimal("0.01"), rounding="ROUND_DOWN"):
        return None
    return number.quantize(Decimal("0.01"))


@SETTINGS
@given(
    teks_=teks(),
    satuan=teks(),
    target=st.one_of(
        st.integers(-(10**20), 10**20),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.sampled_from(
            ["1e400", "NaN", "sNaN", "-0", "12,5", "12.345", "abc", "", "999999999999.99", "1e12"]
        ),
    ),
)
def test_indikator(skp_org, teks_, satuan, target):
    o = skp_org
    ind = o.rhk_staf.indikator.get()
    kwargs = {"teks": teks_, "aspek": Aspek.KUANTITAS, "target_nilai": target, "target_satuan": satuan}
    fields = {"teks": (teks_, {}), "target_satuan": (satuan, _opt(maks=60))}

    def stored(item):
        item = Indikator.objects.get(pk=item.pk)
        return {"teks": item.teks, "target_satuan": item.target_satuan}

    expected_target = _target_ok(target)
    for call in (
        lambda: rhk.indikator_create(actor=o.staf.user, rhk=o.rhk_staf, **kwargs),
        lambda: rhk.indikator_update(actor=o.staf.user, indikator=ind, **kwargs),
    ):
        with rolled_back():
            if expected_target is None:
                _, error = attempt(call, Indikator)
                assert error is not None, f"target {target!r} seharusnya ditolak"
                assert error.field in ("teks", "target_nilai", "target_satuan")
                continue
            item = check_fields(call, fields, stored, Indikator)
            if item is not None:
                assert Indikator.objects.get(pk=item.pk).target_nilai == expected_target


# --- Perilaku: Ekspektasi Khusus Pimpinan, Lampiran ---------------------------------------------------------------


@SETTINGS
@given(nilai=st.integers(-(2**63), 2**63), teks_=teks())
def test_ekspektasi(skp_org, nilai, teks_):
    o = skp_org
    call = lambda: perilaku.ekspektasi_set(actor=o.kabid.user, skp=o.skp_staf, nilai=nilai, teks=teks_)  # noqa: E731
    with rolled_back():
        if not 1 <= nilai <= 7:
            _, error = attempt(call, EkspektasiPimpinan)
            assert error is not None and error.field == "nilai"
            return
        result = check_fields(
            call,
            {"teks": (teks_, _opt(required=False))},
            lambda item: {"teks": item.teks if item else ""},
            EkspektasiPimpinan,
        )
        if result is None and not teks_.strip():
            assert not EkspektasiPimpinan.objects.filter(skp=o.skp_staf, nilai=nilai).exists()


@SETTINGS
@given(jenis=CHOICES, teks_=teks())
def test_lampiran(skp_org, jenis, teks_):
    o = skp_org
    call = lambda: perilaku.lampiran_add(actor=o.staf.user, skp=o.skp_staf, jenis=jenis, teks=teks_)  # noqa: E731
    with rolled_back():
        if jenis not in JenisLampiran.values:
            _, error = attempt(call, LampiranItem)
            assert error is not None and error.field in ("jenis", "teks")
            return
        check_fields(
            call,
            {"teks": (teks_, {})},
            lambda item: {"teks": LampiranItem.objects.get(pk=item.pk).teks},
            LampiranItem,
        )


# --- workflow -----------------------------------------------------------------------------------------------------


@SETTINGS
@given(catatan=teks(), status=st.one_of(st.sampled_from(["DRAFT", "PERSETUJUAN"]), teks(12)))
def test_edit_status_note(skp_org, catatan, status):
    o = skp_org
    with rolled_back():
        workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)
        call = lambda: workflow.skp_ubah_status(  # noqa: E731
            actor=o.kabid.user, skp=o.skp_staf, status=status, catatan=catatan
        )
        if status == "PERSETUJUAN":
            _, error = attempt(call, Skp)
            assert error is None
            return
        if status != "DRAFT":
            _, error = attempt(call, Skp)
            assert error is not None and error.field == "status"
            return
        check_fields(
            call,
            {"catatan": (catatan, {})},
            lambda skp: {"catatan": Skp.objects.get(pk=skp.pk).keterangan},
            Skp,
        )


# --- the period's dates -------------------------------------------------------------------------------------------


@SETTINGS
@given(awal=tanggal(), akhir=tanggal())
def test_skp_period_dates(skp_org, awal, akhir):
    """Any pair of dates from year 1 to 9999: a period of one calendar year between 2000 and 2100 is created, and
    an assessment period can then be added to it; anything else is refused next to a date field."""
    o = skp_org
    with rolled_back():
        skp, error = attempt(
            lambda: periode.skp_create(
                actor=o.staf2.user,
                pegawai=o.staf2,
                periode_awal=awal,
                periode_akhir=akhir,
                pendekatan="KUANTITATIF",
            ),
            Skp,
        )
        valid = awal <= akhir and awal.year == akhir.year and rules.TAHUN_MIN <= awal.year <= rules.TAHUN_MAX
        if not valid:
            assert error is not None and error.field in ("periode_awal", "periode_akhir")
            return
        assert error is None, error.message
        assert (skp.periode_awal, skp.periode_akhir) == (awal, akhir)
        # The frozen dates of every period type must be computable for the SKP's year (no calendar overflow),
        # as adding an assessment period and the SKP's Penilaian page do.
        for awal_p, akhir_p, batas in (
            ("01-01", "12-31", "01-31"),
            ("10-01", "12-31", "01-05"),
            ("01-01", "01-31", "12-31"),
        ):
            PeriodePenilaian(awal=awal_p, akhir=akhir_p, batas=batas).tanggal(skp.periode_awal.year)


@SETTINGS
@given(awal=tanggal(), akhir=tanggal())
def test_skp_edit_dates(skp_org, awal, akhir):
    o = skp_org
    with rolled_back():
        skp, error = attempt(
            lambda: periode.skp_update_periode(
                actor=o.staf.user, skp=o.skp_staf, periode_awal=awal, periode_akhir=akhir
            ),
            Skp,
        )
        valid = awal <= akhir and awal.year == akhir.year and rules.TAHUN_MIN <= awal.year <= rules.TAHUN_MAX
        if valid:
            assert error is None, error.message
            assert Skp.objects.filter(pk=o.skp_staf.pk, periode_awal=awal, periode_akhir=akhir).exists()
        else:
            assert error is not None and error.field in ("periode_awal", "periode_akhir")


@pytest.mark.parametrize(
    "tmt", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31), datetime.date(2000, 1, 1)]
)
def test_mutasi_with_a_date_at_the_edge_is_refused_cleanly(skp_org, tmt):
    o = skp_org
    _, error = attempt(
        lambda: periode.skp_mutasi(
            actor=o.staf.user, skp=o.skp_staf, tmt=tmt, unit_kerja=o.subbidang, jabatan=None,
            pendekatan="KUANTITATIF", salin_rhk=True,
        ),
        Skp, Rhk,
    )  # fmt: skip
    assert error is not None and error.field == "tmt"
