import pytest
from django.core.management import call_command

from kinerja.penilaian import rules
from kinerja.penilaian.models import Keberatan, Penilaian, PeriodePenilaian, Realisasi
from kinerja.penilaian.selectors.organisasi import capaian_untuk

pytestmark = pytest.mark.django_db


def test_demo_covers_a_full_year_of_assessment():
    call_command("demo_data")
    assert set(PeriodePenilaian.objects.values_list("jenis", flat=True)) == {"PERIODIK", "FINAL"}
    assert PeriodePenilaian.objects.filter(tipe_periodik="TRIWULANAN").count() == 4
    filled = Penilaian.objects.filter(realisasi__isnull=False).distinct()
    assert (
        filled.exists() and Penilaian.objects.exclude(pk__in=filled).exists()
    )  # filled and missing realisasi
    assert Penilaian.objects.exclude(predikat="").exists() and Penilaian.objects.filter(predikat="").exists()
    assert set(Keberatan.objects.values_list("status", flat=True)) == {"DIAJUKAN", "DIPUTUS"}
    assert Realisasi.objects.exists()
    # a unit whose Final distribution breaks a bound of its predikat organisasi
    broken = False
    finals = (
        Penilaian.objects.filter(periode__jenis="FINAL").exclude(predikat="").select_related("skp", "periode")
    )
    by_assessor: dict = {}
    for p in finals:
        by_assessor.setdefault((p.penilai_id, p.skp.penilai_unit_kerja_id, p.periode_id, p.tahun), []).append(
            p
        )
    for (_, _unit, _, tahun), group in by_assessor.items():
        unit = group[0].skp.penilai_unit_kerja
        predikat_org, _ = capaian_untuk(unit, group[0].periode, tahun)
        counts = {k: sum(1 for p in group if p.predikat == k) for k in rules.PREDIKAT_ORDER}
        broken = broken or bool(rules.broken_bounds(predikat_org, counts))
    assert broken
    before = (Penilaian.objects.count(), Realisasi.objects.count(), Keberatan.objects.count())
    call_command("demo_data")  # idempotent: a second run changes nothing
    assert (Penilaian.objects.count(), Realisasi.objects.count(), Keberatan.objects.count()) == before
