"""Kirim ke SIASN: the final predikat of a year becomes SIASN's riwayat SKP (rw-skp22) through `skp22/save`.

One riwayat per person and year: KirimSiasn keeps SIASN's id and the hash of the payload last sent. The same
payload again is not sent (the log says nothing changed); a changed one (e.g. after a keberatan) updates the
stored riwayat. Before the first save, SIASN's rw-skp22 is read so that an earlier save whose answer was lost
is updated rather than doubled.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.db import transaction

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.models import Instansi, Pegawai
from kinerja.penilaian import rules as penilaian_rules
from kinerja.penilaian.models import Penilaian
from kinerja.skp import rules as skp_rules
from kinerja.skp.models import Skp

from .. import jobs, logsync
from ..clients import RemoteError
from ..clients.siasn import SiasnClient
from ..models import JenisSinkron, JobSinkronisasi, KirimSiasn, LogSinkronisasi
from .siasn import check_admin_siasn, pegawai_aktif_ids

# INTEGRATIONS.md §1.6
KODE_RATING = {penilaian_rules.DIATAS: 1, penilaian_rules.SESUAI: 2, penilaian_rules.DIBAWAH: 3}
KODE_KUADRAN = {
    penilaian_rules.SANGAT_BAIK: 1,
    penilaian_rules.BAIK: 2,
    penilaian_rules.BUTUH_PERBAIKAN: 3,
    penilaian_rules.KURANG: 4,
    penilaian_rules.SANGAT_KURANG: 5,
}
_ROMAWI = {"I": 1, "II": 2, "III": 3, "IV": 4}
PERBAIKAN_PENILAI = "Pejabat penilai (atasan langsung)"


def kode_golongan(golongan: str) -> int | None:
    """SIASN golongan id: I/a = 11 … IV/e = 45; None for PPPK grades or an empty golongan."""
    kiri, _, kanan = (golongan or "").partition("/")
    if kiri not in _ROMAWI or len(kanan) != 1 or not "a" <= kanan <= "e":
        return None
    return _ROMAWI[kiri] * 10 + (ord(kanan) - ord("a") + 1)


def tahun_valid(tahun) -> int:
    try:
        tahun = int(tahun)
    except (TypeError, ValueError):
        tahun = 0
    if not 2022 <= tahun <= datetime.date.today().year + 1:
        raise DomainError("Pilih tahun penilaian yang valid (SKP 2022 ke atas).", field="tahun")
    return tahun


def final_tahunan(pegawai: Pegawai, tahun: int) -> tuple[Penilaian | None, str]:
    """The Final assessment of the person's last definitive SKP of the year, or (None, why not)."""
    skp = (
        Skp.objects.filter(pegawai=pegawai, status_pegawai=skp_rules.DEFINITIF, periode_awal__year=tahun)
        .order_by("-periode_awal", "-pk")
        .first()
    )
    if skp is None:
        return None, f"Pegawai belum memiliki SKP tahun {tahun} di e-Kinerja."
    final = (
        Penilaian.objects.filter(skp=skp, tahun=tahun, periode__jenis=penilaian_rules.FINAL)
        .exclude(predikat="")
        .select_related("penilai", "periode", "skp")
        .order_by("-dinilai_pada", "-pk")
        .first()
    )
    if final is None:
        periode = f"{skp.periode_awal:%d-%m-%Y} s.d. {skp.periode_akhir:%d-%m-%Y}"
        return None, (
            f"Belum ada predikat kinerja periode Final tahun {tahun} pada SKP terakhir ({periode}); "
            "pejabat penilai belum memberikan rating hasil kerja dan perilaku kerja."
        )
    return final, ""


def payload_of(final: Penilaian, siasn_id: str, tahun: int, rw_id: str | None) -> dict:
    """The `skp22/save` body (INTEGRATIONS.md §1.5)."""
    penilai = final.penilai
    golongan = penilai.golongan if penilai else ""
    return {
        "id": rw_id,
        "pnsDinilaiOrang": siasn_id,
        "tahun": tahun,
        "hasilKinerjaNilai": KODE_RATING[final.rating_hasil_kerja],
        "perilakuKerjaNilai": KODE_RATING[final.rating_perilaku],
        "kuadranKinerjaNilai": KODE_KUADRAN[final.predikat],
        "penilaiNama": final.penilai_nama,
        "penilaiNipNrp": final.penilai_nip,
        "penilaiGolongan": kode_golongan(golongan),
        "penilaiJabatan": final.penilai_jabatan,
        "penilaiUnorNama": final.penilai_unit,
        "statusPenilai": "ASN" if final.penilai_nip else "NON ASN",
        "path": [],
    }


def payload_hash(payload: dict) -> str:
    body = {k: v for k, v in payload.items() if k != "id"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _check_rights(actor, pegawai: Pegawai) -> None:
    if not actor.has_perm("org.edit_profil", pegawai):
        raise PermissionDeniedError("Anda tidak berhak mengirim predikat kinerja pegawai ini ke SIASN.")


def _gagal(actor, pegawai, tahun, job, catatan: str, perbaikan: str, keterangan: str = "") -> LogSinkronisasi:
    with transaction.atomic():
        return logsync.catat(
            actor=actor,
            pegawai=pegawai,
            jenis=JenisSinkron.KIRIM_SKP,
            berhasil=False,
            keterangan=keterangan,
            catatan=logsync.gagal_sinkro(catatan),
            perbaikan=perbaikan,
            tahun=tahun,
            job=job,
        )


def kirim_skp(*, actor, pegawai: Pegawai, tahun, job: JobSinkronisasi | None = None) -> LogSinkronisasi:
    """Kirim ke SIASN for one person and year. Refusals are GAGAL log rows; NetworkError / NotConfigured
    propagate before anything is written here."""
    _check_rights(actor, pegawai)
    tahun = tahun_valid(tahun)
    pegawai = Pegawai.objects.select_related("instansi").get(pk=pegawai.pk)
    final, alasan = final_tahunan(pegawai, tahun)
    if final is None:
        return _gagal(actor, pegawai, tahun, job, alasan, PERBAIKAN_PENILAI)
    sent = KirimSiasn.objects.filter(pegawai=pegawai, tahun=tahun).first()
    client = SiasnClient()
    hasil = {"predikat": final.predikat, "penilaian": final.pk}
    try:
        siasn_id = pegawai.siasn_id or str(client.data_utama(pegawai.nip).get("id") or "")
        if not siasn_id:
            return _gagal(
                actor, pegawai, tahun, job, "SIASN tidak memberikan ID PNS.", logsync.PERBAIKAN_ADMIN
            )
        rw_id = sent.rw_skp_id if sent else None
        payload = payload_of(final, siasn_id, tahun, rw_id)
        digest = payload_hash(payload)
        if sent and sent.payload_hash == digest:
            with transaction.atomic():
                return logsync.catat(
                    actor=actor,
                    pegawai=pegawai,
                    jenis=JenisSinkron.KIRIM_SKP,
                    berhasil=True,
                    catatan=f"Tidak ada perubahan: predikat tahun {tahun} sudah tercatat di SIASN.",
                    hasil={**hasil, "rw_skp_id": sent.rw_skp_id, "dikirim": False},
                    tahun=tahun,
                    job=job,
                )
        if rw_id is None:  # a save whose answer was lost must not become a second riwayat
            rw_id = next(
                (str(r["id"]) for r in client.rw_skp22(pegawai.nip) if str(r.get("tahun")) == str(tahun)),
                None,
            )
            payload["id"] = rw_id
        rw_skp_id = client.skp22_save(payload)
    except RemoteError as exc:
        return _gagal(
            actor,
            pegawai,
            tahun,
            job,
            f"SIASN menolak data SKP tahun {tahun}: {exc.message}",
            logsync.PERBAIKAN_ADMIN,
            keterangan=exc.keterangan,
        )
    with transaction.atomic():
        if not pegawai.siasn_id:
            Pegawai.objects.filter(pk=pegawai.pk).update(siasn_id=siasn_id[:64])
        KirimSiasn.objects.update_or_create(
            pegawai=pegawai,
            tahun=tahun,
            defaults={
                "penilaian": final,
                "rw_skp_id": rw_skp_id,
                "payload_hash": digest,
                "predikat": final.predikat,
            },
        )
        label = penilaian_rules.PREDIKAT_LABEL[final.predikat]
        return logsync.catat(
            actor=actor,
            pegawai=pegawai,
            jenis=JenisSinkron.KIRIM_SKP,
            berhasil=True,
            catatan=(
                f"Predikat {label} tahun {tahun} {'diperbarui' if rw_id else 'dikirim'} ke SIASN "
                f"(riwayat SKP {rw_skp_id})."
            ),
            hasil={**hasil, "rw_skp_id": rw_skp_id, "dikirim": True, "baru": rw_id is None},
            tahun=tahun,
            job=job,
        )


def kirim_siasn_instansi(*, actor, instansi: Instansi, tahun) -> JobSinkronisasi:
    """Kirim ke SIASN of a year for every active employee of the instansi, as a background job."""
    check_admin_siasn(actor, instansi)
    tahun = tahun_valid(tahun)
    return jobs.job_create(
        actor=actor,
        instansi=instansi,
        jenis=JenisSinkron.KIRIM_SKP,
        pegawai_ids=pegawai_aktif_ids(instansi),
        tahun=tahun,
    )
