"""What the PMM sync services share: rights, the PMM-user check, the unit reference, the name-comparison rule,
the reasons of a failed sync with who must fix them, and writing the log row.

Name comparison (documented in docs/integrations-pmm.md): two unit names are *padan* when, after normalising,
one contains the other on word boundaries. Normalising = upper case; punctuation becomes a space; spaces
collapsed; "SD N" / "SD NEGERI" → "SDN" (also SMP, SMA, SMK, SLB, TK, MI, MTS, MA); leading zeros of numbers
dropped ("07" → "7"). So "SMP NEGERI 2 CIRACAP KEC. CIRACAP" is padan with "SMP NEGERI 2 CIRACAP" and
"SDN KARYASARI 1 CIKEDAL" with "SD N KARYASARI 1", but "SDN KARYASARI 1" is not padan with "SDN KARYASARI 10".
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kinerja.core.errors import PermissionDeniedError
from kinerja.org.models import Pegawai, UnitKerja

from .. import logsync
from ..models import LogSinkronisasi, PenggunaPmm

# --- who fixes what (shown beside the message in the log and in the dialog) -------------------------------
FIX_PEGAWAI_PMM = (
    f"{logsync.PERBAIKAN_PEGAWAI}: selesaikan dan sepakati Perencanaan Kinerja di PMM, "
    "lalu lakukan sinkro kembali setelah 1×24 jam"
)
FIX_ATASAN = (
    f"{logsync.PERBAIKAN_ATASAN}: perbaiki profil (unit kerja, jabatan, golongan) dan lakukan klaim pimpinan "
    "di e-Kinerja, lalu sinkro ulang"
)
FIX_ATASAN_SKP = (
    f"{logsync.PERBAIKAN_ATASAN}: lakukan Sinkro data SKP PMM untuk SKP Kepala Sekolah terlebih dahulu"
)
FIX_ATASAN_RHK = (
    f"{logsync.PERBAIKAN_ATASAN}: lakukan Sinkro data SKP PMM ulang agar RHK dan indikatornya masuk"
)
FIX_ADMIN_UNOR = (
    f"{logsync.PERBAIKAN_ADMIN}: aktifkan / daftarkan unit kerja di e-Kinerja dan SIASN sesuai unor di PMM"
)
FIX_ADMIN_PADAN = f"{logsync.PERBAIKAN_ADMIN}: padankan nama unit kerja e-Kinerja dengan nama sekolah di PMM"
FIX_PMM_PADAN = f"{logsync.PERBAIKAN_PMM}: Dinas Pendidikan memadankan unor di PMM dengan sekolah di Dapodik"
FIX_ADMIN_PLT = f"{logsync.PERBAIKAN_ADMIN}: catat penugasan PLT di Manajemen PLT / PLH / PPL"
FIX_PMM_PLT = (
    f"{logsync.PERBAIKAN_PMM}: pastikan jenis / jabatan GTK, TST dan peran Kepala Sekolah di Dapodik, "
    "lakukan Tarik Data lalu Sinkronisasi"
)
FIX_PEGAWAI_SINKRO_SKP = f"{logsync.PERBAIKAN_PEGAWAI}: lakukan Sinkro data SKP PMM terlebih dahulu"
FIX_ADMIN_PERIODE = f"{logsync.PERBAIKAN_ADMIN}: perbaiki data periode di Manajemen Periode"
FIX_ADMIN_USER = f"{logsync.PERBAIKAN_ADMIN}: tambahkan pegawai di Manajemen User PMM"
FIX_PMM = f"{logsync.PERBAIKAN_PMM}: periksa data pegawai di PMM / Dapodik, lalu coba lagi"

# The remote refusals we know (INTEGRATIONS.md §3.2) → who fixes them.
REMOTE_FIX = {
    "Data SKP pegawai tidak ditemukan": FIX_PEGAWAI_PMM,
    "Data SKP Organisasi belum dibuat oleh atasan": FIX_ATASAN_SKP,
}

BUKAN_PENGGUNA = "Pegawai tidak terdaftar sebagai User PMM di e-Kinerja"


@dataclass(frozen=True)
class Alasan:
    """One reason a sync was refused: the message as shown, and who must fix it."""

    pesan: str
    perbaikan: str


def cek_hak(actor, pegawai: Pegawai) -> None:
    """The person themself or an admin of their instansi (admin nasional: everyone)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError("Silakan masuk terlebih dahulu.")
    if pegawai.user_id and pegawai.user_id == actor.pk:
        return
    if actor.has_perm("org.manage", pegawai):
        return
    raise PermissionDeniedError("Anda tidak berhak melakukan Sinkro PMM untuk pegawai ini.")


def pengguna_pmm(pegawai: Pegawai) -> PenggunaPmm | None:
    return PenggunaPmm.objects.filter(pegawai=pegawai).first()


def tipe_skp(pengguna: PenggunaPmm | None, jenis_skp_pmm: str = "") -> str:
    """The 'Tipe SKP' column of the log: `guru` or `kepala sekolah`."""
    text = f"{jenis_skp_pmm} {pengguna.jenis_ptk if pengguna else ''}".upper()
    return "kepala sekolah" if "KEPALA" in text else "guru"


def tahun_of(tahun: int | None) -> int:
    return int(tahun) if tahun else timezone.localdate().year


def tanggal(value) -> datetime.date:
    return datetime.date.fromisoformat(str(value)[:10])


def hari_acuan(awal: datetime.date, akhir: datetime.date) -> datetime.date:
    """Today when inside the period, else the nearest end of it (as the SKP snapshot does)."""
    return min(max(timezone.localdate(), awal), akhir)


# --- the name-comparison rule -----------------------------------------------------------------------------
_SEKOLAH = re.compile(r"\b(SD|SMP|SMA|SMK|SLB|TK|MI|MTS|MA) (?:NEGERI|N)\b")


def normal_nama(nama: str) -> str:
    text = re.sub(r"[^\w\s]|_", " ", (nama or "").upper())
    text = " ".join(text.split())
    text = _SEKOLAH.sub(lambda m: f"{m.group(1)}N", text)
    return " ".join((t.lstrip("0") or "0") if t.isdigit() else t for t in text.split())


def nama_padan(a: str, b: str) -> bool:
    a, b = normal_nama(a), normal_nama(b)
    if not a or not b:
        return False
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def normal_teks(teks: str) -> str:
    """RHK / indicator texts are matched case-insensitively with spaces collapsed."""
    return " ".join((teks or "").split()).casefold()


def unit_referensi(instansi_id: int, unor_id: str) -> UnitKerja | None:
    """The active unit of the instansi with this unor id (the Referensi Unit Kerja), or None."""
    if not unor_id:
        return None
    return UnitKerja.objects.filter(instansi_id=instansi_id, id_unor__iexact=str(unor_id), aktif=True).first()


# --- the log ----------------------------------------------------------------------------------------------
def catat_gagal(
    *,
    actor,
    pegawai: Pegawai,
    jenis: str,
    tahun: int,
    tipe: str,
    job=None,
    alasan: list[Alasan] | None = None,
    keterangan: str = "",
    perbaikan: str = "",
    hasil: dict | None = None,
) -> LogSinkronisasi:
    """A refused sync: nothing applied, one GAGAL row. Catatan = 'Gagal Sinkro: "…"' per reason."""
    alasan = alasan or []
    fixes = list(
        dict.fromkeys([a.perbaikan for a in alasan if a.perbaikan] + ([perbaikan] if perbaikan else []))
    )
    with transaction.atomic():
        return logsync.catat(
            actor=actor,
            pegawai=pegawai,
            jenis=jenis,
            berhasil=False,
            keterangan=keterangan,
            catatan="\n".join(logsync.gagal_sinkro(a.pesan) for a in alasan),
            perbaikan="\n".join(fixes),
            hasil={**(hasil or {}), "alasan": [a.pesan for a in alasan]},
            tahun=tahun,
            tipe_skp=tipe,
            job=job,
        )


def catat_remote(
    *, actor, pegawai, jenis, tahun, tipe, job, exc, hasil: dict | None = None
) -> LogSinkronisasi:
    """PMM answered and said no: its words go to Keterangan ("Error: 200 …")."""
    return catat_gagal(
        actor=actor,
        pegawai=pegawai,
        jenis=jenis,
        tahun=tahun,
        tipe=tipe,
        job=job,
        keterangan=exc.keterangan,
        perbaikan=REMOTE_FIX.get(exc.message, FIX_PMM),
        hasil={**(hasil or {}), "remote": exc.message},
    )
