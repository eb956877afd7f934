"""Hasil Kerja: RHK and their indicators, by the owner of a DRAFT SKP (or the assessor, from the Matriks)."""

from __future__ import annotations

import decimal

from django.db import transaction
from django.db.models import Max, Q

from kinerja.core.audit import snapshot
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.sampah.buang import Jenis, Pembuangan, label_indikator, label_rhk

from ..models import Aspek, Indikator, JenisRhk, Klasifikasi, MatriksAnggota, Perspektif, Rhk, Skp
from .common import audit, locked, require_draft

RHK_FIELDS = ["jenis", "klasifikasi", "teks", "penugasan_dari", "rhk_atasan"]
INDIKATOR_FIELDS = ["teks", "aspek", "target_nilai", "target_satuan", "perspektif"]


def _may_write(actor, skp: Skp) -> None:
    """The owner, or the assessor / a leader who has the SKP in their Matriks Peran Hasil (Tambah RHK)."""
    if skp.pegawai.user_id == actor.pk:
        return
    if skp.penilai_id and skp.penilai.user_id == actor.pk:
        return
    if MatriksAnggota.objects.filter(
        skp_anggota=skp, skp_pimpinan__pegawai__user_id=actor.pk, skp_pimpinan__jenis_pegawai="PIMPINAN"
    ).exists():
        return
    raise PermissionDeniedError("Anda tidak berhak mengubah Hasil Kerja SKP ini.")


def rhk_atasan_choices(skp: Skp):
    """RHK the SKP may intervene: those of its assessor's SKPs covering the same dates, and of the SKPs of
    leaders who added it to their Matriks Peran Hasil."""
    overlap = Q(skp__periode_awal__lte=skp.periode_akhir, skp__periode_akhir__gte=skp.periode_awal)
    owners = Q(skp__pegawai_id=skp.penilai_id) if skp.penilai_id else Q(pk__in=[])
    matriks = Q(skp__matriks_anggota__skp_anggota=skp)
    return (
        Rhk.objects.filter(overlap & (owners | matriks))
        .exclude(skp__pegawai_id=skp.pegawai_id)
        .select_related("skp")
        .distinct()
        .order_by("skp__periode_awal", "jenis", "urutan", "id")
    )


def _check_rhk(skp: Skp, *, jenis: str, klasifikasi: str, teks: str, rhk_atasan: Rhk | None) -> str:
    teks = (teks or "").strip()
    if not teks:
        raise DomainError("Rencana Hasil Kerja wajib diisi.", field="teks")
    if jenis not in JenisRhk.values:
        raise DomainError("Pilih jenis RHK: Utama atau Tambahan.", field="jenis")
    if klasifikasi not in Klasifikasi.values:
        raise DomainError("Pilih klasifikasi RHK: Individu atau Organisasi.", field="klasifikasi")
    # JA/JF must intervene an RHK; a JPT may (Tambah RHK from the leader's Matriks Peran Hasil links it).
    if rhk_atasan is None and not skp.is_jpt:
        raise DomainError("Pilih RHK atasan yang diintervensi.", field="rhk_atasan")
    if rhk_atasan is not None and not rhk_atasan_choices(skp).filter(pk=rhk_atasan.pk).exists():
        raise DomainError(
            "RHK atasan harus berasal dari SKP pejabat penilai Anda yang periodenya mencakup periode SKP ini.",
            field="rhk_atasan",
        )
    return teks


@transaction.atomic
def rhk_create(
    *,
    actor,
    skp: Skp,
    jenis: str,
    klasifikasi: str,
    teks: str,
    penugasan_dari: str = "",
    rhk_atasan: Rhk | None = None,
) -> Rhk:
    """Tambah Rencana Hasil Kerja (RHK)."""
    skp = locked(skp)
    _may_write(actor, skp)
    require_draft(skp)
    teks = _check_rhk(skp, jenis=jenis, klasifikasi=klasifikasi, teks=teks, rhk_atasan=rhk_atasan)
    urutan = (skp.rhk.aggregate(m=Max("urutan"))["m"] or 0) + 1
    rhk = Rhk.objects.create(
        skp=skp, jenis=jenis, klasifikasi=klasifikasi, teks=teks,
        penugasan_dari=(penugasan_dari or "").strip() if skp.is_jpt else "",
        rhk_atasan=rhk_atasan,
        rhk_atasan_teks="" if skp.is_jpt or rhk_atasan is None else rhk_atasan.teks,
        urutan=urutan, dibuat_oleh=actor,
    )  # fmt: skip
    audit(actor, "rhk.create", skp, obj=rhk, after=snapshot(rhk, RHK_FIELDS))
    return rhk


@transaction.atomic
def rhk_update(
    *,
    actor,
    rhk: Rhk,
    jenis: str,
    klasifikasi: str,
    teks: str,
    penugasan_dari: str = "",
    rhk_atasan: Rhk | None = None,
) -> Rhk:
    skp = locked(rhk.skp)
    _may_write(actor, skp)
    require_draft(skp)
    rhk = Rhk.objects.select_for_update().get(pk=rhk.pk)
    teks = _check_rhk(skp, jenis=jenis, klasifikasi=klasifikasi, teks=teks, rhk_atasan=rhk_atasan)
    before = snapshot(rhk, RHK_FIELDS)
    rhk.jenis, rhk.klasifikasi, rhk.teks = jenis, klasifikasi, teks
    rhk.penugasan_dari = (penugasan_dari or "").strip() if skp.is_jpt else ""
    if not skp.is_jpt:
        rhk.rhk_atasan, rhk.rhk_atasan_teks = rhk_atasan, rhk_atasan.teks
    after = snapshot(rhk, RHK_FIELDS)
    if after == before and not rhk.atasan_hilang:
        return rhk
    rhk.save()
    audit(actor, "rhk.update", skp, obj=rhk, before=before, after=after)
    return rhk


@transaction.atomic
def rhk_delete(*, actor, rhk: Rhk) -> None:
    """Hapus RHK. RHK of subordinates that intervened it keep its text and show 'RHK atasan tidak ditemukan'."""
    skp = locked(rhk.skp)
    _may_write(actor, skp)
    require_draft(skp)
    before = {**snapshot(rhk, RHK_FIELDS), "indikator": list(rhk.indikator.values_list("teks", flat=True))}
    buangan = Pembuangan(rhk)
    sampah = buangan.simpan(
        actor=actor, jenis=Jenis.RHK, label=label_rhk(rhk, skp), instansi_id=skp.instansi_id,
        pemilik_id=skp.pegawai_id,
    )  # fmt: skip
    audit(actor, "rhk.delete", skp, obj=rhk, before=before, after={"sampah": sampah.pk})
    buangan.hapus()


def _clean_indikator(skp: Skp, *, teks, aspek, target_nilai, target_satuan, perspektif) -> dict:
    teks = (teks or "").strip()
    if not teks:
        raise DomainError("Indikator kinerja individu wajib diisi.", field="teks")
    data = {"teks": teks, "aspek": "", "target_nilai": None, "target_satuan": "", "perspektif": ""}
    if not skp.is_jpt:
        if aspek not in Aspek.values:
            raise DomainError("Pilih aspek: Kuantitas, Kualitas, Waktu atau Biaya.", field="aspek")
        data["aspek"] = aspek
    if skp.is_kualitatif:
        return data  # narrative indicators: no numeric target, no perspektif
    if target_nilai is None or target_nilai == "":
        raise DomainError("Target wajib diisi untuk SKP kuantitatif.", field="target_nilai")
    try:
        nilai = decimal.Decimal(str(target_nilai).strip())
    except decimal.InvalidOperation as exc:
        raise DomainError("Target harus berupa angka.", field="target_nilai") from exc
    if not nilai.is_finite():  # NaN / Infinity: comparing them would raise
        raise DomainError("Target harus berupa angka.", field="target_nilai")
    if nilai < 0:
        raise DomainError("Target harus angka 0 atau lebih.", field="target_nilai")
    if nilai >= decimal.Decimal("1e12"):
        raise DomainError("Target terlalu besar (paling banyak 999999999999,99).", field="target_nilai")
    if nilai != nilai.quantize(decimal.Decimal("0.01")):  # refused as the form does, never silently rounded
        raise DomainError("Target paling banyak dua angka di belakang koma.", field="target_nilai")
    data["target_nilai"] = nilai.quantize(decimal.Decimal("0.01"))  # as stored: a re-save is a no-op
    data["target_satuan"] = (target_satuan or "").strip()
    if skp.is_jpt:
        if perspektif not in Perspektif.values:
            raise DomainError("Pilih perspektif indikator.", field="perspektif")
        data["perspektif"] = perspektif
    elif not data["target_satuan"]:
        raise DomainError(
            "Satuan target wajib diisi (mis. Laporan, Dokumen, Bulan, %).", field="target_satuan"
        )
    return data


@transaction.atomic
def indikator_create(
    *,
    actor,
    rhk: Rhk,
    teks: str,
    aspek: str = "",
    target_nilai=None,
    target_satuan: str = "",
    perspektif: str = "",
) -> Indikator:
    """Tambah Indikator on an RHK."""
    skp = locked(rhk.skp)
    _may_write(actor, skp)
    require_draft(skp)
    data = _clean_indikator(skp, teks=teks, aspek=aspek, target_nilai=target_nilai, target_satuan=target_satuan,
                            perspektif=perspektif)  # fmt: skip
    urutan = (rhk.indikator.aggregate(m=Max("urutan"))["m"] or 0) + 1
    indikator = Indikator.objects.create(rhk=rhk, urutan=urutan, **data)
    audit(actor, "indikator.create", skp, obj=indikator, after=snapshot(indikator, INDIKATOR_FIELDS))
    return indikator


@transaction.atomic
def indikator_update(
    *, actor, indikator: Indikator, teks: str, aspek: str = "", target_nilai=None, target_satuan: str = "",
    perspektif: str = ""
) -> Indikator:  # fmt: skip
    skp = locked(indikator.rhk.skp)
    _may_write(actor, skp)
    require_draft(skp)
    data = _clean_indikator(skp, teks=teks, aspek=aspek, target_nilai=target_nilai, target_satuan=target_satuan,
                            perspektif=perspektif)  # fmt: skip
    indikator = Indikator.objects.select_for_update().get(pk=indikator.pk)
    before = snapshot(indikator, INDIKATOR_FIELDS)
    for key, value in data.items():
        setattr(indikator, key, value)
    after = snapshot(indikator, INDIKATOR_FIELDS)
    if after == before:
        return indikator
    indikator.save()
    audit(actor, "indikator.update", skp, obj=indikator, before=before, after=after)
    return indikator


@transaction.atomic
def indikator_delete(*, actor, indikator: Indikator) -> None:
    skp = locked(indikator.rhk.skp)
    _may_write(actor, skp)
    require_draft(skp)
    buangan = Pembuangan(indikator)
    sampah = buangan.simpan(
        actor=actor, jenis=Jenis.INDIKATOR, label=label_indikator(indikator, indikator.rhk, skp),
        instansi_id=skp.instansi_id, pemilik_id=skp.pegawai_id,
    )  # fmt: skip
    audit(actor, "indikator.delete", skp, obj=indikator, before=snapshot(indikator, INDIKATOR_FIELDS),
          after={"sampah": sampah.pk})  # fmt: skip
    buangan.hapus()
