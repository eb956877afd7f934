"""Assessment fixtures: the skp_org cascade, approved, with the instansi's periods (Triwulan I-IV + Final)."""

import pytest

from kinerja.penilaian.models import PeriodePenilaian
from kinerja.penilaian.services.penilaian import penilaian_tambah
from kinerja.skp.services import workflow

from ..skp.conftest import YEAR, skp_org  # noqa: F401  (re-exported fixture)

TRIWULAN = (
    ("01-01", "03-31", "04-05"),
    ("04-01", "06-30", "07-05"),
    ("07-01", "09-30", "10-05"),
    ("10-01", "12-31", "01-05"),
)


def make_periods(instansi, tahun=None):
    periods = {}
    for i, (awal, akhir, batas) in enumerate(TRIWULAN, start=1):
        periods[i] = PeriodePenilaian.objects.create(
            instansi=instansi,
            nama=f"Triwulan {['I', 'II', 'III', 'IV'][i - 1]}",
            jenis="PERIODIK",
            tipe_periodik="TRIWULANAN",
            angka_periodik=i,
            awal=awal,
            akhir=akhir,
            batas=batas,
            tahun=tahun,
        )
    periods["final"] = PeriodePenilaian.objects.create(
        instansi=instansi,
        nama=f"Tahun {YEAR}",
        jenis="FINAL",
        awal="01-01",
        akhir="12-31",
        batas="01-31",
        tahun=YEAR,
    )
    return periods


def approve(skp):
    workflow.skp_ajukan(actor=skp.pegawai.user, skp=skp)
    workflow.skp_setujui(actor=skp.penilai.user, skp=skp)
    skp.refresh_from_db()


@pytest.fixture
def nilai_org(skp_org):  # noqa: F811
    """skp_org with every SKP approved, the periods defined, and staf's Triwulan I and Final periods added."""
    o = skp_org
    for skp in (o.skp_kaban, o.skp_kabid, o.skp_staf):
        if skp.penilai_id:
            approve(skp)
    o.periode = make_periods(o.instansi)
    o.tw1 = penilaian_tambah(actor=o.staf.user, skp=o.skp_staf, periode=o.periode[1])
    o.final = penilaian_tambah(actor=o.staf.user, skp=o.skp_staf, periode=o.periode["final"])
    return o
