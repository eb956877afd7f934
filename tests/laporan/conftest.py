"""Fixtures of the outputs: staf (JF Ahli Pertama) rated through the services, and a quick way to add many
rated employees (real rows, no services) for the query-count tests."""

import datetime

import pytest

from kinerja.penilaian.models import Penilaian
from kinerja.penilaian.rules import PREDIKAT_MATRIX
from kinerja.penilaian.services.evaluasi import rating_ubah
from kinerja.skp.models import Skp

from ..factories import JabatanFactory, PegawaiFactory
from ..penilaian.conftest import nilai_org  # noqa: F401  (re-exported fixture)
from ..skp.conftest import YEAR, skp_org  # noqa: F401  (re-exported fixture)

RATINGS = {predikat: pair for pair, predikat in PREDIKAT_MATRIX.items()}


def nilai(penilaian, predikat):
    """Rate a period through the service, as its assessor, so that it gets `predikat`."""
    hasil, perilaku = RATINGS[predikat]
    assessor = penilaian.penilai.user
    rating_ubah(actor=assessor, penilaian=penilaian, aspek="hasil_kerja", rating=hasil)
    return rating_ubah(actor=assessor, penilaian=penilaian, aspek="perilaku", rating=perilaku)


@pytest.fixture
def ak_org(nilai_org):  # noqa: F811
    """nilai_org with staf's Final period rated Sangat Baik (staf is JF Ahli Pertama for the whole year)."""
    o = nilai_org
    o.final = nilai(o.final, "SANGAT_BAIK")
    return o


def pegawai_dinilai(unit, periode_final, predikat="BAIK", jenjang="Ahli Muda", tahun=YEAR, **kwargs):
    """An employee with a definitive SKP for the whole year and its Final period rated (rows made directly)."""
    pegawai = PegawaiFactory(
        unit_kerja=unit, jabatan=JabatanFactory(nama="Analis Kebijakan", jenjang=jenjang)
    )
    awal, akhir = datetime.date(tahun, 1, 1), datetime.date(tahun, 12, 31)
    skp = Skp.objects.create(
        pegawai=pegawai,
        instansi=pegawai.instansi,
        periode_awal=awal,
        periode_akhir=akhir,
        status="PERSETUJUAN",
        model="JA_JF",
        unit_kerja=unit,
        jenis_pegawai="PEGAWAI",
        pegawai_nama=pegawai.nama,
        pegawai_nip=pegawai.nip,
        pegawai_unit=unit.nama,
        **kwargs,
    )
    hasil, perilaku = RATINGS[predikat]
    Penilaian.objects.create(
        skp=skp,
        periode=periode_final,
        tahun=tahun,
        awal=awal,
        akhir=akhir,
        batas=datetime.date(tahun + 1, 1, 31),
        rating_hasil_kerja=hasil,
        rating_perilaku=perilaku,
        predikat=predikat,
    )
    return pegawai
