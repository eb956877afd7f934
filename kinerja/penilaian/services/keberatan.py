"""Keberatan (PP 30/2019 Pasal 59, RULES.md §7): the employee objects to a Final predikat within the window;
the atasan pejabat penilai hears both sides and upholds or changes the ratings. The decision is final."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from kinerja.core.audit import snapshot
from kinerja.core.dates import tanggal
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.konkurensi import KonflikError, cek_versi
from kinerja.core.teks import periksa_teks
from kinerja.org import atasan as org_atasan
from kinerja.org.models import Pegawai

from .. import rules
from ..models import Keberatan, KeputusanKeberatan, Penilaian, StatusKeberatan
from ..selectors.pengaturan import pengaturan_untuk
from .common import audit, locked

FIELDS = ["status", "atasan", "atasan_nama", "predikat_semula", "alasan"]
PUTUS_FIELDS = [
    "status",
    "keputusan",
    "catatan_pemeriksaan",
    "rating_hasil_kerja_baru",
    "rating_perilaku_baru",
    "predikat_baru",
    "alasan_keputusan",
]
RATING_FIELDS = ["rating_hasil_kerja", "rating_perilaku", "predikat"]
TANPA_ATASAN = "Keberatan belum dapat diajukan karena atasan pejabat penilai Anda tidak ditemukan"


def keberatan_hari(instansi_id: int) -> int:
    """The instansi's window in calendar days (RULES.md §7 default 14)."""
    return pengaturan_untuk(instansi_id).keberatan_hari


def tanggal_ditetapkan(penilaian: Penilaian) -> datetime.date | None:
    return timezone.localdate(penilaian.dinilai_pada) if penilaian.dinilai_pada else None


def batas_keberatan(penilaian: Penilaian, hari: int | None = None) -> datetime.date | None:
    ditetapkan = tanggal_ditetapkan(penilaian)
    if ditetapkan is None:
        return None
    hari = keberatan_hari(penilaian.skp.instansi_id) if hari is None else hari
    return rules.keberatan_batas(ditetapkan, hari)


def keberatan_masalah(penilaian: Penilaian, hari: int | None = None) -> str | None:
    """Why a keberatan cannot be filed on this period now (None when it can). The owner check is separate."""
    if not penilaian.is_final:
        return "Keberatan hanya dapat diajukan atas predikat periode Final."
    if not penilaian.predikat or not penilaian.dinilai_pada:
        return "Keberatan belum dapat diajukan karena predikat kinerja periode ini belum ditetapkan."
    if hasattr(penilaian, "keberatan"):
        return "Keberatan atas penilaian ini sudah diajukan. Keberatan hanya dapat diajukan satu kali."
    hari = keberatan_hari(penilaian.skp.instansi_id) if hari is None else hari
    if not rules.keberatan_terbuka(tanggal_ditetapkan(penilaian), timezone.localdate(), hari):
        return (
            f"Batas waktu pengajuan keberatan telah lewat. Keberatan dapat diajukan paling lambat {hari} hari "
            f"sejak predikat ditetapkan, yaitu sampai {tanggal(batas_keberatan(penilaian, hari))}."
        )
    return None


def atasan_pejabat_penilai(penilaian: Penilaian) -> org_atasan.Atasan:
    """The assessor's own assessor, as of today: from the owner's chain when the period's assessor is still the
    owner's assessor, otherwise the pejabat penilai of the period's assessor."""
    owner = penilaian.skp.pegawai
    rantai = org_atasan.rantai_atasan(owner)
    penilai_now = rantai.pejabat_penilai.pegawai
    if penilai_now is not None and (not penilaian.penilai_id or penilai_now.pk == penilaian.penilai_id):
        return rantai.atasan_pejabat_penilai or org_atasan.Atasan(None, None, org_atasan.TOP_OF_TREE_UPPER)
    if penilaian.penilai_id:
        return org_atasan.pejabat_penilai(penilaian.penilai)
    return org_atasan.Atasan(None, None, rantai.pejabat_penilai.alasan)


SUDAH_DIAJUKAN = "Keberatan atas penilaian ini sudah diajukan. Keberatan hanya dapat diajukan satu kali."


@transaction.atomic
def keberatan_ajukan(*, actor, penilaian: Penilaian, alasan: str, versi: int | None = None) -> Keberatan:
    """File a keberatan (one per period: the OneToOne is the database's guarantee, the period's row lock makes
    concurrent filings wait and then meet the first one). `versi`: the period's token the form was drawn with
    (docs/konkurensi.md); filing moves it, so a rating form drawn before is refused too."""
    penilaian = locked(penilaian)
    if penilaian.skp.pegawai.user_id != actor.pk:
        raise PermissionDeniedError("Hanya pegawai yang dinilai yang dapat mengajukan keberatan.")
    sudah = Keberatan.objects.filter(penilaian=penilaian).exists()
    cek_versi(penilaian, versi, SUDAH_DIAJUKAN if sudah else "")
    alasan = (alasan or "").strip()
    if not alasan:
        raise DomainError("Alasan keberatan wajib diisi.", field="alasan")
    if sudah:  # filed by a request that sent no token, or after this one's page: someone else got there first
        raise KonflikError(SUDAH_DIAJUKAN, versi=penilaian.versi)
    masalah = keberatan_masalah(penilaian)
    if masalah:
        raise DomainError(masalah)
    atasan = atasan_pejabat_penilai(penilaian)
    pegawai: Pegawai | None = atasan.pegawai
    if pegawai is None or pegawai.pk == penilaian.skp.pegawai_id:
        alasan_tanpa = f": {atasan.alasan.rstrip('.')}" if atasan.alasan else ""
        raise DomainError(f"{TANPA_ATASAN}{alasan_tanpa}. Hubungi admin instansi Anda.")
    if pegawai.user_id is None:
        raise DomainError(
            f"Keberatan belum dapat diajukan karena atasan pejabat penilai Anda ({pegawai.nama}) belum memiliki "
            "akun e-Kinerja. Hubungi admin instansi Anda."
        )
    keberatan = Keberatan.objects.create(
        penilaian=penilaian,
        alasan=alasan,
        atasan=pegawai,
        atasan_nama=pegawai.nama_lengkap,
        atasan_nip=pegawai.nip,
        atasan_jabatan=str(pegawai.jabatan) if pegawai.jabatan_id else "",
        predikat_semula=penilaian.predikat,
    )
    penilaian.versi += 1
    penilaian.save(update_fields=["versi"])
    audit(actor, "penilaian.keberatan_ajukan", penilaian, obj=keberatan, after=snapshot(keberatan, FIELDS))
    return keberatan


@transaction.atomic
def keberatan_putus(
    *,
    actor,
    keberatan: Keberatan,
    catatan_pemeriksaan: str,
    keputusan: str,
    rating_hasil_kerja_baru: str = "",
    rating_perilaku_baru: str = "",
    alasan: str,
) -> Keberatan:
    """DIKUATKAN keeps the ratings; DIUBAH sets the new ratings and the predikat they give. Final."""
    keberatan = (
        Keberatan.objects.select_for_update(of=("self",)).select_related("atasan").get(pk=keberatan.pk)
    )
    if not (keberatan.atasan_id and keberatan.atasan.user_id == actor.pk):
        raise PermissionDeniedError(
            "Hanya atasan pejabat penilai yang ditunjuk yang dapat memutus keberatan ini."
        )
    penilaian = locked(keberatan.penilaian)
    if keberatan.status == StatusKeberatan.DIPUTUS:
        raise DomainError("Keberatan ini sudah diputus. Keputusan atasan pejabat penilai bersifat final.")
    catatan_pemeriksaan = (catatan_pemeriksaan or "").strip()
    alasan = (alasan or "").strip()
    if not catatan_pemeriksaan:
        raise DomainError(
            "Catatan pemeriksaan wajib diisi (hasil mendengar pegawai dan pejabat penilai).",
            field="catatan_pemeriksaan",
        )
    if keputusan not in KeputusanKeberatan.values:
        raise DomainError("Pilih keputusan: predikat dikuatkan atau diubah.", field="keputusan")
    if not alasan:
        raise DomainError("Alasan keputusan wajib diisi.", field="alasan")
    periksa_teks(catatan_pemeriksaan, label="Catatan pemeriksaan", field="catatan_pemeriksaan")
    periksa_teks(alasan, label="Alasan keputusan", field="alasan")  # stored as alasan_keputusan
    before = {**snapshot(keberatan, PUTUS_FIELDS), **snapshot(penilaian, RATING_FIELDS)}
    if keputusan == KeputusanKeberatan.DIUBAH:
        hasil, perilaku = _ratings_baru(penilaian, rating_hasil_kerja_baru, rating_perilaku_baru)
        penilaian.rating_hasil_kerja, penilaian.rating_perilaku = hasil, perilaku
        penilaian.predikat = rules.predikat_for(hasil, perilaku)
    penilaian.versi += 1  # decided: forms drawn before (ratings, keberatan) are stale
    penilaian.save(update_fields=[*RATING_FIELDS, "versi"])
    keberatan.rating_hasil_kerja_baru = penilaian.rating_hasil_kerja
    keberatan.rating_perilaku_baru = penilaian.rating_perilaku
    keberatan.predikat_baru = penilaian.predikat
    keberatan.status = StatusKeberatan.DIPUTUS
    keberatan.keputusan = keputusan
    keberatan.catatan_pemeriksaan = catatan_pemeriksaan
    keberatan.alasan_keputusan = alasan
    keberatan.diputus_pada = timezone.now()
    keberatan.save()
    after = {**snapshot(keberatan, PUTUS_FIELDS), **snapshot(penilaian, RATING_FIELDS)}
    audit(actor, "penilaian.keberatan_putus", penilaian, obj=keberatan, before=before, after=after)
    return keberatan


def _ratings_baru(penilaian: Penilaian, hasil: str, perilaku: str) -> tuple[str, str]:
    if hasil not in rules.RATING_LABEL:
        raise DomainError("Pilih rating hasil kerja yang baru.", field="rating_hasil_kerja_baru")
    if perilaku not in rules.RATING_LABEL:
        raise DomainError("Pilih rating perilaku kerja yang baru.", field="rating_perilaku_baru")
    if (hasil, perilaku) == (penilaian.rating_hasil_kerja, penilaian.rating_perilaku):
        raise DomainError(
            "Rating baru sama dengan rating semula. Pilih keputusan 'Predikat dikuatkan' bila rating tidak berubah.",
            field="rating_hasil_kerja_baru",
        )
    return hasil, perilaku
