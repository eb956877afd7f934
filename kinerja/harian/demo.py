"""Demo kinerja harian for Kabupaten Sukamaju: the feature on, a year of monthly targets on every approved
e-Kinerja SKP, daily entries in every status, and the TPP scores of past months frozen by closing them.

Past entries are written directly (as a history import would): the services only accept entries of the last
`hari_mundur` days. Closing the past months goes through the real service.
"""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone

from kinerja.org.models import Peran, User
from kinerja.skp.models import Indikator, Skp, Sumber

from . import rules
from .models import CatatanHarian, PengaturanHarian, StatusCatatan, Tahapan, TargetBulanan

URAIAN = (
    "Menyusun draf {ind}",
    "Mengumpulkan data untuk {ind}",
    "Mengolah dan memverifikasi data {ind}",
    "Rapat koordinasi pembahasan {ind}",
    "Memperbaiki {ind} sesuai masukan atasan",
)


def demo_exists(instansi) -> bool:
    return PengaturanHarian.objects.filter(instansi=instansi).exists()


def _weekdays(year: int, month: int, until: datetime.date) -> list[datetime.date]:
    day = datetime.date(year, month, 1)
    days = []
    while day.month == month and day <= until:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _split(target: Decimal, months: list[int]) -> dict[int, Decimal]:
    """The annual target spread over the months, the remainder in the last month (so the totals match)."""
    each = (target / len(months)).quantize(Decimal("1"), rounding=ROUND_DOWN)
    plan = {m: each for m in months}
    plan[months[-1]] += target - each * len(months)
    return {m: v for m, v in plan.items() if v > 0}


def build(instansi) -> dict:
    from .services import tpp

    rng = random.Random(6)
    today = timezone.localdate()
    year = today.year
    admin = User.objects.get(peran=Peran.ADMIN_INSTANSI, instansi=instansi)
    skps = list(
        Skp.objects.filter(
            instansi=instansi, status="PERSETUJUAN", sumber=Sumber.EKINERJA, periode_awal__year=year
        )
        .select_related("pegawai", "penilai")
        .order_by("pk")
    )
    indikator = list(
        Indikator.objects.filter(rhk__skp__in=skps, target_nilai__gt=0)
        .select_related("rhk", "rhk__skp")
        .order_by("pk")
    )
    with transaction.atomic():
        PengaturanHarian.objects.create(instansi=instansi, aktif=True, hari_mundur=rules.HARI_MUNDUR)
        targets, entries, tahapan = [], [], []
        seen_rhk = set()
        for ind in indikator:
            skp = ind.rhk.skp
            months = rules.bulan_dalam_periode(skp.periode_awal, skp.periode_akhir)
            plan = _split(ind.target_nilai, months)
            targets += [TargetBulanan(indikator=ind, bulan=m, target=v) for m, v in plan.items()]
            if ind.rhk_id not in seen_rhk:
                seen_rhk.add(ind.rhk_id)
                tahapan += [
                    Tahapan(rhk=ind.rhk, nama=nama, urutan=i, bulan=bulan)
                    for i, (nama, bulan) in enumerate(
                        (("Persiapan dan pengumpulan data", months[0]), ("Pelaksanaan", months[len(months) // 2]),
                         ("Pelaporan", months[-1])), start=1
                    )
                ]  # fmt: skip
            for month, target in plan.items():
                days = [
                    d for d in _weekdays(year, month, today) if skp.periode_awal <= d <= skp.periode_akhir
                ]
                if not days:
                    continue
                picks = sorted(rng.sample(days, min(len(days), 4 if month == today.month else 3)))
                factor = Decimal(rng.choice(("0.6", "0.8", "1", "1", "1", "1.2")))  # some months fall short
                share = (target * factor / len(picks)).quantize(
                    Decimal("0.01"), rounding=ROUND_DOWN
                ) or Decimal("1")
                for i, day in enumerate(picks):
                    status = _status(day, today, i)
                    entries.append(
                        CatatanHarian(
                            skp=skp,
                            indikator=ind,
                            pegawai=skp.pegawai,
                            tanggal=day,
                            uraian=rng.choice(URAIAN).format(ind=ind.teks[:80].lower()),
                            realisasi=share,
                            bukti_link=f"https://drive.example.go.id/ckhp/{skp.pk}/{day.isoformat()}",
                            status=status,
                            catatan_pemeriksa="Lengkapi bukti dukung kegiatan ini."
                            if status == StatusCatatan.DIKEMBALIKAN
                            else "",
                            dikirim_pada=None if status == StatusCatatan.KONSEP else timezone.now(),
                            diperiksa_oleh=skp.penilai
                            if status in (StatusCatatan.SETUJU, StatusCatatan.DIKEMBALIKAN)
                            else None,
                        )
                    )
        TargetBulanan.objects.bulk_create(targets)
        Tahapan.objects.bulk_create(tahapan)
        CatatanHarian.objects.bulk_create(entries)
    for month in range(1, today.month):
        tpp.bulan_tutup(actor=admin, instansi=instansi, tahun=year, bulan=month)
    return {"target": len(targets), "catatan": len(entries), "bulan_ditutup": max(today.month - 1, 0)}


def _status(day: datetime.date, today: datetime.date, i: int) -> str:
    """Past months approved; this month a mix of every status."""
    if day.month < today.month:
        return StatusCatatan.SETUJU
    return (StatusCatatan.SETUJU, StatusCatatan.PERIKSA, StatusCatatan.DIKEMBALIKAN, StatusCatatan.KONSEP)[
        i % 4
    ]
