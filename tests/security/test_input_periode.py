"""Bad input to the admin's assessment settings: Manajemen Periode (name, mm-dd dates, type and number, year),
the period generator, and Capaian Organisasi. Stored as sent (the name stripped) or refused in Indonesian next to
the wrong field, with nothing changed."""

from hypothesis import given
from hypothesis import strategies as st

from kinerja.penilaian import rules
from kinerja.penilaian.models import CapaianOrganisasi, PeriodePenilaian, PredikatOrganisasi
from kinerja.penilaian.services import organisasi, periode

from .input_common import SETTINGS, attempt, check_fields, rolled_back, teks

MMDD = st.one_of(
    st.sampled_from(
        ["01-01", "12-31", "02-29", "02-30", "13-01", "00-10", "1-1", "01/01", "31-12", "", " 03-31 "]
    ),
    teks(8),
    st.builds("{:02d}-{:02d}".format, st.integers(-5, 15), st.integers(-5, 35)),
)
INTS = st.one_of(
    st.none(), st.integers(-(2**63), 2**63), st.integers(1995, 2105), st.sampled_from(["", "abc"])
)


@SETTINGS
@given(nama=teks(), awal=MMDD, akhir=MMDD, batas=MMDD)
def test_periode_names_and_dates(org, nama, awal, akhir, batas):
    kwargs = {"jenis": "PERIODIK", "tipe_periodik": "BULANAN", "angka_periodik": 5, "tahun": 2030}

    def call():
        return periode.periode_create(
            actor=org.admin, instansi=org.instansi, nama=nama, awal=awal, akhir=akhir, batas=batas, **kwargs
        )

    with rolled_back():
        parsed = {k: rules.parse_mmdd(v) for k, v in {"awal": awal, "akhir": akhir, "batas": batas}.items()}
        if None in parsed.values() or parsed["akhir"] <= parsed["awal"]:
            _, error = attempt(call, PeriodePenilaian)
            assert error is not None and error.field in ("nama", "awal", "akhir", "batas")
            return
        item = check_fields(
            call,
            {"nama": (nama, {"maks": 100})},
            lambda p: {"nama": PeriodePenilaian.objects.get(pk=p.pk).nama},
            PeriodePenilaian,
        )
        if item is not None:
            saved = PeriodePenilaian.objects.get(pk=item.pk)
            assert (saved.awal, saved.akhir, saved.batas) == (awal.strip(), akhir.strip(), batas.strip())


@SETTINGS
@given(
    jenis=st.one_of(st.sampled_from(["PERIODIK", "FINAL"]), teks(10)),
    tipe=st.one_of(st.none(), st.sampled_from(["BULANAN", "TRIWULANAN"]), teks(10)),
    angka=INTS,
    tahun=INTS,
)
def test_periode_type_number_and_year(org, jenis, tipe, angka, tahun):
    with rolled_back():
        item, error = attempt(
            lambda: periode.periode_create(
                actor=org.admin, instansi=org.instansi, nama="Periode Uji", jenis=jenis, tipe_periodik=tipe,
                angka_periodik=angka, awal="01-01", akhir="01-31", batas="02-05", tahun=tahun,
            ),
            PeriodePenilaian,
        )  # fmt: skip
        if error is not None:
            assert error.field in ("jenis", "tipe_periodik", "angka_periodik", "tahun"), error.message
            return
        saved = PeriodePenilaian.objects.get(pk=item.pk)
        assert saved.jenis in ("PERIODIK", "FINAL")
        assert saved.tahun is None or periode.TAHUN_MIN <= saved.tahun <= periode.TAHUN_MAX
        if saved.jenis == "PERIODIK":
            assert 1 <= saved.angka_periodik <= rules.ANGKA_MAKS[saved.tipe_periodik]


@SETTINGS
@given(tipe=st.one_of(st.sampled_from(["BULANAN", "TRIWULANAN"]), teks(10)), tahun=INTS)
def test_periode_generate(org, tipe, tahun):
    with rolled_back():
        _, error = attempt(
            lambda: periode.periode_generate(actor=org.admin, instansi=org.instansi, tipe=tipe, tahun=tahun),
            PeriodePenilaian,
        )
        valid = tipe in ("BULANAN", "TRIWULANAN") and isinstance(tahun, int) and 2000 <= tahun <= 2100
        assert (error is None) == valid, error and error.message


@SETTINGS
@given(
    tahun=st.one_of(st.integers(-(2**63), 2**63), st.integers(1995, 2105)),
    predikat=st.one_of(st.sampled_from(["", *PredikatOrganisasi.values]), teks(12)),
)
def test_capaian_organisasi(org, tahun, predikat):
    final = PeriodePenilaian.objects.create(
        instansi=org.instansi, nama="Tahunan", jenis="FINAL", awal="01-01", akhir="12-31", batas="01-31"
    )
    with rolled_back():
        _, error = attempt(
            lambda: organisasi.capaian_set(
                actor=org.admin, unit=org.bidang, periode=final, tahun=tahun, predikat=predikat
            ),  # fmt: skip
            CapaianOrganisasi,
        )
        if not 2000 <= tahun <= 2100 or predikat not in ("", *PredikatOrganisasi.values):
            assert error is not None and error.field in ("tahun", "predikat"), (tahun, predikat)
        else:
            assert error is None, error.message
