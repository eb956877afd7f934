"""Kinerja harian fixtures: the approved skp_org cascade with the feature switched on for its instansi."""

import pytest

from kinerja.harian.models import PengaturanHarian

from ..penilaian.conftest import approve
from ..skp.conftest import YEAR, skp_org  # noqa: F401  (re-exported fixture)


@pytest.fixture
def harian_org(skp_org):  # noqa: F811
    """skp_org with kaban/kabid/staf SKPs approved and kinerja harian on (hari_mundur 5).

    o.ind_staf: staf's indicator (JF, target 12 Laporan) — the one daily entries are made against.
    """
    o = skp_org
    for skp in (o.skp_kaban, o.skp_kabid, o.skp_staf):
        if skp.penilai_id:
            approve(skp)
    o.pengaturan = PengaturanHarian.objects.create(instansi=o.instansi, aktif=True, hari_mundur=5)
    o.ind_staf = o.rhk_staf.indikator.first()
    o.year = YEAR
    return o
