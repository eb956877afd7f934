"""SKP fixtures built through the services, so that snapshots and links are what users get."""

import datetime

import pytest

from kinerja.org.models import Jabatan
from kinerja.skp.services import periode
from kinerja.skp.services import rhk as rhk_services

YEAR = datetime.date.today().year
AWAL, AKHIR = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)


def make_skp(pegawai, awal=AWAL, akhir=AKHIR, pendekatan="KUANTITATIF", **kwargs):
    return periode.skp_create(
        actor=pegawai.user,
        pegawai=pegawai,
        periode_awal=awal,
        periode_akhir=akhir,
        pendekatan=pendekatan,
        **kwargs,
    )


def add_rhk(skp, teks, atasan=None, jenis="UTAMA", indikator=1, actor=None):
    """An RHK with `indikator` indicators valid for the SKP's model."""
    actor = actor or skp.pegawai.user
    rhk = rhk_services.rhk_create(
        actor=actor,
        skp=skp,
        jenis=jenis,
        klasifikasi="INDIVIDU",
        teks=teks,
        penugasan_dari="Bupati" if skp.is_jpt else "",
        rhk_atasan=atasan,
    )
    for i in range(indikator):
        if skp.is_jpt:
            rhk_services.indikator_create(
                actor=actor,
                rhk=rhk,
                teks=f"Indeks {teks} {i}",
                target_nilai="90",
                perspektif="Penerima Layanan",
            )
        else:
            rhk_services.indikator_create(
                actor=actor,
                rhk=rhk,
                teks=f"Jumlah {teks} {i}",
                aspek="Kuantitas",
                target_nilai="12",
                target_satuan="Laporan",
            )
    return rhk


@pytest.fixture
def skp_org(org):
    """The `org` instansi with SKPs for the whole year: kaban (JPT) > kabid (JA) > staf (JF), cascading.

    kaban's RHK is intervened by kabid's, which is intervened by staf's (two levels below the JPT).
    """
    org.kaban.jabatan = Jabatan.objects.create(nama="Kepala Badan Uji", jenis="JPT", jenjang="Pratama")
    org.kaban.save()
    org.kabid.jabatan = Jabatan.objects.create(nama="Kepala Bidang Uji", jenis="JA", jenjang="Administrator")
    org.kabid.save()
    org.skp_kaban = make_skp(org.kaban)
    org.rhk_kaban = add_rhk(org.skp_kaban, "Meningkatnya kinerja aparatur")
    org.skp_kabid = make_skp(org.kabid)
    org.rhk_kabid = add_rhk(org.skp_kabid, "Terlaksananya penilaian kinerja", atasan=org.rhk_kaban)
    org.skp_staf = make_skp(org.staf)
    org.rhk_staf = add_rhk(org.skp_staf, "Tersusunnya laporan penilaian kinerja", atasan=org.rhk_kabid)
    return org
