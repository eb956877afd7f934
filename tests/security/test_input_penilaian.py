"""Bad input to the assessment services (Rencana Aksi, Bukti Dukung, Realisasi, the assessor's feedback, ratings
and Pembinaan, Keberatan, Feedback rekan kerja, Buka Kembali, Review Sangat Baik): hypothesis-generated hostile
texts, numbers and dates. Each call either stores exactly what was sent (stripped) or is refused with an
Indonesian message and changes nothing (see input_common)."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from kinerja.penilaian import rules
from kinerja.penilaian.models import (
    BuktiDukung,
    FeedbackIndikator,
    FeedbackPerilaku,
    FeedbackRekan,
    Keberatan,
    Pembinaan,
    Penilaian,
    Realisasi,
    RencanaAksi,
    ReviewSangatBaik,
)
from kinerja.penilaian.services import buka_massal, evaluasi, keberatan, organisasi, pengisian, rekan
from kinerja.penilaian.services.penilaian import penilaian_tambah

from ..penilaian import conftest as _nilai_fixtures
from .input_common import SETTINGS, assert_indonesian, attempt, check_fields, rolled_back, tanggal, teks

skp_org, nilai_org = _nilai_fixtures.skp_org, _nilai_fixtures.nilai_org  # the fixtures, used by name

LINK = "https://drive.google.com/file/d/abc"
CHOICE_TEXTS = st.one_of(teks(20), st.sampled_from(["NAIK", "TURUN", "SESUAI", "DIATAS", "DIBAWAH", "naik"]))


@pytest.fixture
def pn(nilai_org):
    """nilai_org with the quarter of today added (open for filling), the Final rated today (a keberatan may be
    filed) and Triwulan I past its batas (an admin may reopen it)."""
    o = nilai_org
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    o.tw = (
        o.tw1
        if quarter == 1
        else penilaian_tambah(actor=o.staf.user, skp=o.skp_staf, periode=o.periode[quarter])
    )
    o.ind = o.rhk_staf.indikator.get()
    o.ra = pengisian.rencana_aksi_create(actor=o.staf.user, penilaian=o.tw, rhk=o.rhk_staf, teks="Aksi awal")
    o.bukti = pengisian.bukti_create(
        actor=o.staf.user, penilaian=o.final, indikator=o.ind, nama="Laporan", link=LINK
    )
    Penilaian.objects.filter(pk=o.final.pk).update(
        rating_hasil_kerja=rules.SESUAI, rating_perilaku=rules.SESUAI, predikat=rules.predikat_for(
            rules.SESUAI, rules.SESUAI), dinilai_pada=timezone.now(), dinilai_oleh=o.kabid.user,
    )  # fmt: skip
    Penilaian.objects.filter(pk=o.tw1.pk).update(batas=today - datetime.timedelta(days=3))
    o.final.refresh_from_db()
    o.tw1.refresh_from_db()
    return o


def _opt(**kw):
    return kw


# --- the employee's filling -----------------------------------------------------------------------------------


@SETTINGS
@given(teks_=teks(), target=teks())
def test_rencana_aksi_create_and_update(pn, teks_, target):
    fields = {"teks": (teks_, {}), "target": (target, _opt(required=False, maks=200))}

    def stored(item):
        item = RencanaAksi.objects.get(pk=item.pk)
        return {"teks": item.teks, "target": item.target}

    with rolled_back():
        check_fields(
            lambda: pengisian.rencana_aksi_create(
                actor=pn.staf.user, penilaian=pn.tw, rhk=pn.rhk_staf, teks=teks_, target=target
            ),
            fields, stored, RencanaAksi,
        )  # fmt: skip
    with rolled_back():
        check_fields(
            lambda: pengisian.rencana_aksi_update(actor=pn.staf.user, rencana_aksi=pn.ra, teks=teks_, target=target),
            fields, stored, RencanaAksi,
        )  # fmt: skip


@SETTINGS
@given(nama=teks())
def test_bukti_dukung_nama(pn, nama):
    fields = {"nama": (nama, _opt(maks=250))}

    def stored(item):
        return {"nama": BuktiDukung.objects.get(pk=item.pk).nama}

    with rolled_back():
        check_fields(
            lambda: pengisian.bukti_create(
                actor=pn.staf.user, penilaian=pn.final, indikator=pn.ind, nama=nama, link=LINK
            ),
            fields, stored, BuktiDukung,
        )  # fmt: skip
    with rolled_back():
        check_fields(
            lambda: pengisian.bukti_update(actor=pn.staf.user, bukti=pn.bukti, nama=nama, link=LINK),
            fields, stored, BuktiDukung,
        )  # fmt: skip


@SETTINGS
@given(realisasi=teks(), sumber=teks())
def test_realisasi(pn, realisasi, sumber):
    fields = {"realisasi": (realisasi, {}), "sumber_data": (sumber, _opt(required=False))}

    def stored(item):
        item = Realisasi.objects.get(pk=item.pk)
        return {"realisasi": item.realisasi, "sumber_data": item.sumber_data}

    for periode in (pn.final, pn.tw):
        with rolled_back():
            check_fields(
                lambda p=periode: pengisian.realisasi_set(
                    actor=pn.staf.user, penilaian=p, indikator=pn.ind, realisasi=realisasi, sumber_data=sumber
                ),
                fields, stored, Realisasi,
            )  # fmt: skip


# --- the assessor ---------------------------------------------------------------------------------------------


@SETTINGS
@given(jempol=CHOICE_TEXTS, teks_=teks())
def test_feedback_indikator(pn, jempol, teks_):
    with rolled_back():
        _, error = attempt(
            lambda: evaluasi.feedback_indikator_simpan(
                actor=pn.kabid.user, penilaian=pn.final, indikator=pn.ind, jempol=jempol, teks=teks_
            ),
            FeedbackIndikator,
        )
        _check_feedback(error, jempol, teks_, FeedbackIndikator.objects.filter(penilaian=pn.final).first())


@SETTINGS
@given(nilai=st.integers(min_value=-(2**63), max_value=2**63), jempol=CHOICE_TEXTS, teks_=teks())
def test_feedback_perilaku(pn, nilai, jempol, teks_):
    with rolled_back():
        _, error = attempt(
            lambda: evaluasi.feedback_perilaku_simpan(
                actor=pn.kabid.user, penilaian=pn.final, nilai=nilai, jempol=jempol, teks=teks_
            ),
            FeedbackPerilaku,
        )
        if not 1 <= nilai <= 7:
            assert error is not None and error.field == "nilai"
            return
        _check_feedback(error, jempol, teks_, FeedbackPerilaku.objects.filter(penilaian=pn.final).first())


def _check_feedback(error, jempol, teks_, row):
    jempol_ok = jempol.strip() in ("", "NAIK", "TURUN")
    isi = teks_.strip()
    must_refuse = not jempol_ok or "\x00" in isi or not (jempol.strip() or isi)
    if must_refuse:
        assert error is not None, f"feedback {jempol!r}/{teks_[:40]!r} seharusnya ditolak"
        assert row is None
        return
    assert error is None, error.message
    assert (row.jempol, row.teks) == (jempol.strip(), isi)


@SETTINGS
@given(aspek=CHOICE_TEXTS, rating=CHOICE_TEXTS)
def test_rating(pn, aspek, rating):
    with rolled_back():
        _, error = attempt(
            lambda: evaluasi.rating_ubah(actor=pn.kabid.user, penilaian=pn.tw, aspek=aspek, rating=rating),
            Penilaian,
        )
        if aspek in ("hasil_kerja", "perilaku") and rating in rules.RATING_LABEL:
            assert error is None
        else:
            assert error is not None and error.field in ("aspek", "rating")


@SETTINGS
@given(teks_=teks())
def test_pembinaan(pn, teks_):
    with rolled_back():
        check_fields(
            lambda: evaluasi.pembinaan_tambah(actor=pn.kabid.user, penilaian=pn.final, teks=teks_),
            {"teks": (teks_, {})},
            lambda item: {"teks": Pembinaan.objects.get(pk=item.pk).teks},
            Pembinaan,
        )


# --- keberatan ------------------------------------------------------------------------------------------------


@SETTINGS
@given(alasan=teks())
def test_keberatan_ajukan(pn, alasan):
    with rolled_back():
        check_fields(
            lambda: keberatan.keberatan_ajukan(actor=pn.staf.user, penilaian=pn.final, alasan=alasan),
            {"alasan": (alasan, {})},
            lambda item: {"alasan": Keberatan.objects.get(pk=item.pk).alasan},
            Keberatan,
        )


@SETTINGS
@given(catatan=teks(), alasan=teks(), keputusan=st.one_of(teks(12), st.sampled_from(["DIKUATKAN", "DIUBAH"])))
def test_keberatan_putus(pn, catatan, alasan, keputusan):
    with rolled_back():
        k = keberatan.keberatan_ajukan(
            actor=pn.staf.user, penilaian=pn.final, alasan="Realisasi melebihi target."
        )
        call = lambda: keberatan.keberatan_putus(  # noqa: E731
            actor=pn.kaban.user, keberatan=k, catatan_pemeriksaan=catatan, keputusan=keputusan,
            rating_hasil_kerja_baru=rules.DIATAS, rating_perilaku_baru=rules.SESUAI, alasan=alasan,
        )  # fmt: skip
        if keputusan not in ("DIKUATKAN", "DIUBAH"):
            _, error = attempt(call, Keberatan, Penilaian)
            assert error is not None and error.field in ("keputusan", "catatan_pemeriksaan", "alasan")
            return
        check_fields(
            call,
            {"catatan_pemeriksaan": (catatan, {}), "alasan": (alasan, {})},
            lambda item: {
                "catatan_pemeriksaan": Keberatan.objects.get(pk=item.pk).catatan_pemeriksaan,
                "alasan": Keberatan.objects.get(pk=item.pk).alasan_keputusan,
            },
            Keberatan, Penilaian,
        )  # fmt: skip


# --- colleagues -----------------------------------------------------------------------------------------------


@SETTINGS
@given(nilai=st.integers(min_value=-(2**63), max_value=2**63), teks_=teks())
def test_feedback_rekan(pn, nilai, teks_):
    with rolled_back():
        call = lambda: rekan.feedback_rekan_simpan(  # noqa: E731
            actor=pn.staf2.user, skp=pn.skp_staf, nilai=nilai, teks=teks_
        )
        if not 1 <= nilai <= 7:
            _, error = attempt(call, FeedbackRekan)
            assert error is not None and error.field == "nilai"
            return
        check_fields(
            call,
            {"teks": (teks_, _opt(maks=2000))},
            lambda item: {"teks": FeedbackRekan.objects.get(pk=item.pk).teks},
            FeedbackRekan,
        )


# --- the admin ------------------------------------------------------------------------------------------------


@SETTINGS
@given(sampai=tanggal(), alasan=teks())
def test_buka_kembali(pn, sampai, alasan):
    today = timezone.localdate()
    with rolled_back():
        _, error = attempt(
            lambda: organisasi.buka_kembali(actor=pn.admin, penilaian=pn.tw1, sampai=sampai, alasan=alasan),
            Penilaian,
        )
        isi = alasan.strip()
        if not isi or "\x00" in isi or sampai < today:
            assert error is not None and error.field in ("alasan", "sampai")
        else:
            assert error is None, error.message
            assert Penilaian.objects.get(pk=pn.tw1.pk).dibuka_sampai == sampai


@SETTINGS
@given(catatan=teks(), kembalikan=st.booleans())
def test_review_sangat_baik(pn, catatan, kembalikan):
    Penilaian.objects.filter(pk=pn.final.pk).update(predikat=rules.SANGAT_BAIK)
    service = organisasi.review_kembalikan if kembalikan else organisasi.review_konfirmasi
    with rolled_back():
        check_fields(
            lambda: service(actor=pn.admin, penilaian=pn.final, catatan=catatan),
            {"catatan": (catatan, _opt(required=kembalikan))},
            lambda item: {"catatan": ReviewSangatBaik.objects.get(pk=item.pk).catatan},
            ReviewSangatBaik,
        )


def test_messages_of_a_nul_byte_are_indonesian_and_on_the_field(pn):
    """The NUL character (PostgreSQL cannot store it) is refused next to its field, on both databases."""
    _, error = attempt(
        lambda: pengisian.realisasi_set(
            actor=pn.staf.user, penilaian=pn.final, indikator=pn.ind, realisasi="1\x00"
        ),
        Realisasi,
    )
    assert error is not None and error.field == "realisasi"
    assert_indonesian(error.message)


@SETTINGS
@given(sampai=tanggal(), alasan=teks(), tahun=st.integers(-(2**31), 2**31))
def test_buka_kembali_per_unit(pn, sampai, alasan, tahun):
    """The set-based reopening writes its audit events in bulk (no model save): the service checks the text."""
    today = timezone.localdate()
    with rolled_back():
        _, error = attempt(
            lambda: buka_massal.buka_kembali_unit(
                actor=pn.admin, instansi=pn.instansi, periode=pn.periode[1], tahun=tahun, unit=pn.bidang,
                sub_unit=True, sampai=sampai, alasan=alasan,
            ),
            Penilaian,
        )  # fmt: skip
        isi = alasan.strip()
        if tahun != pn.tw1.tahun or not isi or "\x00" in alasan or sampai < today:
            assert error is not None and error.field in ("tahun", "alasan", "sampai", "unit")
        else:
            assert error is None, error.message
            assert Penilaian.objects.get(pk=pn.tw1.pk).dibuka_sampai == sampai
