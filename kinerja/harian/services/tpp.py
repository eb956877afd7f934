"""Tutup Bulan: freeze an instansi's monthly TPP scores (one NilaiTppBulanan per active employee, set-based)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.models import Instansi, Pegawai, Peran
from kinerja.org.permissions import is_admin_of

from ..models import BulanDitutup, NilaiTppBulanan, PengaturanHarian
from ..pengaturan import PESAN_NONAKTIF
from ..selectors.tpp import Hasil, hitung, rentang_bulan
from .common import audit, bulan_ditutup, nama_bulan

BATCH = 1000


def _validasi_bulan(tahun, bulan) -> None:
    if isinstance(tahun, bool) or not isinstance(tahun, int) or not 2000 <= tahun <= 2100:
        raise DomainError("Tahun tidak valid.", field="tahun")
    if isinstance(bulan, bool) or not isinstance(bulan, int) or not 1 <= bulan <= 12:
        raise DomainError("Bulan harus antara 1 dan 12.", field="bulan")


@transaction.atomic
def bulan_tutup(*, actor, instansi: Instansi, tahun: int, bulan: int) -> BulanDitutup:
    """Close a month that has ended: its scores are computed once and stored; entries and targets of the month
    are locked from now on (services.common.require_bulan_terbuka)."""
    if actor is None or actor.peran == Peran.PEGAWAI or not is_admin_of(actor, instansi):
        raise PermissionDeniedError("Hanya admin instansi ini yang dapat menutup bulan.")
    _validasi_bulan(tahun, bulan)
    # Lock the settings row: two admins closing at once are serialised; the second is refused below.
    pengaturan = PengaturanHarian.objects.select_for_update().filter(instansi=instansi, aktif=True).first()
    if pengaturan is None:
        raise DomainError(PESAN_NONAKTIF)
    label = f"{nama_bulan(bulan)} {tahun}"
    if rentang_bulan(tahun, bulan)[1] >= timezone.localdate():
        raise DomainError(f"Bulan {label} belum berakhir; bulan hanya dapat ditutup setelah berakhir.")
    if bulan_ditutup(instansi.pk, tahun, bulan):
        raise DomainError(f"Bulan {label} sudah ditutup.")
    row = BulanDitutup.objects.create(instansi=instansi, tahun=tahun, bulan=bulan, ditutup_oleh=actor)
    # Someone who moved here after their old instansi closed the month keeps that frozen score.
    pegawai = Pegawai.objects.filter(instansi=instansi, aktif=True).filter(
        ~Exists(NilaiTppBulanan.objects.filter(pegawai=OuterRef("pk"), tahun=tahun, bulan=bulan))
    )
    ids = list(pegawai.values_list("pk", flat=True))
    hasil = hitung(pegawai, tahun, [bulan], pengaturan) if ids else {}
    nilai = []
    for pid in ids:
        h = hasil.get((pid, bulan)) or Hasil()
        nilai.append(
            NilaiTppBulanan(
                instansi=instansi,
                pegawai_id=pid,
                tahun=tahun,
                bulan=bulan,
                nilai=h.nilai,
                rincian=h.rincian,
                rumus=pengaturan.rumus_tpp,
            )
        )
    NilaiTppBulanan.objects.bulk_create(nilai, batch_size=BATCH)
    dinilai = [n.nilai for n in nilai if n.nilai is not None]
    audit(
        actor=actor,
        action="harian.bulan_tutup",
        obj=row,
        instansi=instansi,
        after={
            "tahun": tahun,
            "bulan": bulan,
            "jumlah_pegawai": len(nilai),
            "jumlah_bernilai": len(dinilai),
            "rumus_tpp": pengaturan.rumus_tpp,
            "batas_capaian": pengaturan.batas_capaian,
            "bobot_utama": pengaturan.bobot_utama,
            "realisasi_bulanan_diubah": pengaturan.realisasi_bulanan_diubah,
        },
    )
    return row


def bulan_bisa_ditutup(tahun: int, bulan: int, hari_ini: datetime.date | None = None) -> bool:
    hari_ini = hari_ini or timezone.localdate()
    return rentang_bulan(tahun, bulan)[1] < hari_ini
