"""Kirim ke SIASN: the final predikat of a year becomes SIASN's riwayat SKP (rw-skp22) through `skp22/save`.

One riwayat per person and year: KirimSiasn keeps SIASN's id and the hash of the payload last sent. The same
payload again is not sent (the log says nothing changed); a changed one (e.g. after a keberatan) updates the
stored riwayat. Before the first save, SIASN's rw-skp22 is read so that an earlier save whose answer was lost
is updated rather than doubled.

The bulk job sends a batch at a time (`kirim_skp_batch`): what is needed is read for the whole batch with a
constant number of queries, the remote calls stay per person (SIASN's API is per person), and the batch's writes
happen in one transaction with multi-row statements (the SIASN ids, one upsert of the riwayat, the log rows, the
job counters and the audit events). `kirim_skp` is the same path with one person.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
from dataclasses import dataclass

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
from .batch import ambil_lalu_terapkan
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


def final_tahunan_banyak(pegawai_ids: list[int], tahun: int) -> dict[int, tuple[Penilaian | None, str]]:
    """For each person: the Final assessment of their last definitive SKP of the year, or (None, why not).

    Two queries for any number of people."""
    skps: dict[int, Skp] = {}
    for skp in Skp.objects.filter(
        pegawai_id__in=pegawai_ids, status_pegawai=skp_rules.DEFINITIF, periode_awal__year=tahun
    ).order_by("pegawai_id", "-periode_awal", "-pk"):
        skps.setdefault(skp.pegawai_id, skp)
    finals: dict[int, Penilaian] = {}
    if skps:
        for final in (
            Penilaian.objects.filter(
                skp_id__in=[skp.pk for skp in skps.values()],
                tahun=tahun,
                periode__jenis=penilaian_rules.FINAL,
            )
            .exclude(predikat="")
            .select_related("penilai", "periode", "skp")
            .order_by("skp_id", "-dinilai_pada", "-pk")
        ):
            finals.setdefault(final.skp_id, final)
    result = {}
    for pk in pegawai_ids:
        skp = skps.get(pk)
        if skp is None:
            result[pk] = None, f"Pegawai belum memiliki SKP tahun {tahun} di e-Kinerja."
        elif skp.pk not in finals:
            periode = f"{skp.periode_awal:%d-%m-%Y} s.d. {skp.periode_akhir:%d-%m-%Y}"
            result[pk] = (
                None,
                (
                    f"Belum ada predikat kinerja periode Final tahun {tahun} pada SKP terakhir ({periode}); "
                    "pejabat penilai belum memberikan rating hasil kerja dan perilaku kerja."
                ),
            )
        else:
            result[pk] = finals[skp.pk], ""
    return result


def final_tahunan(pegawai: Pegawai, tahun: int) -> tuple[Penilaian | None, str]:
    """The Final assessment of the person's last definitive SKP of the year, or (None, why not)."""
    return final_tahunan_banyak([pegawai.pk], tahun)[pegawai.pk]


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


@dataclass
class Kiriman:
    """What Kirim ke SIASN did for one person: the remote calls are done, nothing is written yet."""

    entri: logsync.Entri
    riwayat: KirimSiasn | None = None  # to store (upsert) when SIASN saved it
    siasn_id: str = ""  # to store on the Pegawai when we did not have it


def _kirim_satu(klien, pegawai: Pegawai, tahun: int, final, alasan: str, sent: KirimSiasn | None) -> Kiriman:
    """The remote part for one person. RemoteError becomes a GAGAL outcome; NetworkError / NotConfigured
    propagate. `klien()` gives the SIASN client (made on first use: a missing final needs no SIASN)."""

    def gagal(catatan: str, perbaikan: str, keterangan: str = "") -> Kiriman:
        return Kiriman(
            logsync.Entri(
                pegawai,
                False,
                keterangan=keterangan,
                catatan=logsync.gagal_sinkro(catatan),
                perbaikan=perbaikan,
                tahun=tahun,
            )
        )

    if final is None:
        return gagal(alasan, PERBAIKAN_PENILAI)
    hasil = {"predikat": final.predikat, "penilaian": final.pk}
    try:
        siasn_id = pegawai.siasn_id or str(klien().data_utama(pegawai.nip).get("id") or "")
        if not siasn_id:
            return gagal("SIASN tidak memberikan ID PNS.", logsync.PERBAIKAN_ADMIN)
        rw_id = sent.rw_skp_id if sent else None
        payload = payload_of(final, siasn_id, tahun, rw_id)
        digest = payload_hash(payload)
        if sent and sent.payload_hash == digest:
            return Kiriman(
                logsync.Entri(
                    pegawai,
                    True,
                    catatan=f"Tidak ada perubahan: predikat tahun {tahun} sudah tercatat di SIASN.",
                    hasil={**hasil, "rw_skp_id": sent.rw_skp_id, "dikirim": False},
                    tahun=tahun,
                )
            )
        if rw_id is None:  # a save whose answer was lost must not become a second riwayat
            rw_id = next(
                (str(r["id"]) for r in klien().rw_skp22(pegawai.nip) if str(r.get("tahun")) == str(tahun)),
                None,
            )
            payload["id"] = rw_id
        rw_skp_id = klien().skp22_save(payload)
    except RemoteError as exc:
        return gagal(
            f"SIASN menolak data SKP tahun {tahun}: {exc.message}",
            logsync.PERBAIKAN_ADMIN,
            keterangan=exc.keterangan,
        )
    label = penilaian_rules.PREDIKAT_LABEL[final.predikat]
    return Kiriman(
        logsync.Entri(
            pegawai,
            True,
            catatan=(
                f"Predikat {label} tahun {tahun} {'diperbarui' if rw_id else 'dikirim'} ke SIASN "
                f"(riwayat SKP {rw_skp_id})."
            ),
            hasil={**hasil, "rw_skp_id": rw_skp_id, "dikirim": True, "baru": rw_id is None},
            tahun=tahun,
        ),
        riwayat=KirimSiasn(
            pegawai_id=pegawai.pk,
            tahun=tahun,
            penilaian=final,
            rw_skp_id=rw_skp_id,
            payload_hash=digest,
            predikat=final.predikat,
        ),
        siasn_id="" if pegawai.siasn_id else siasn_id[:64],
    )


def _terapkan(actor, kiriman: list[Kiriman], job: JobSinkronisasi | None) -> list[LogSinkronisasi]:
    """The batch's writes in one transaction, each a single statement."""
    with transaction.atomic():
        ids = [Pegawai(pk=k.entri.pegawai.pk, siasn_id=k.siasn_id) for k in kiriman if k.siasn_id]
        if ids:
            Pegawai.objects.bulk_update(ids, ["siasn_id"])
        riwayat = [k.riwayat for k in kiriman if k.riwayat is not None]
        if riwayat:
            KirimSiasn.objects.bulk_create(
                riwayat,
                update_conflicts=True,
                unique_fields=["pegawai", "tahun"],
                update_fields=["penilaian", "rw_skp_id", "payload_hash", "predikat", "dikirim_pada"],
            )
        return logsync.catat_banyak(
            actor=actor, jenis=JenisSinkron.KIRIM_SKP, entri=[k.entri for k in kiriman], job=job
        )


def kirim_skp_batch(
    *, actor, pegawai: list[Pegawai], tahun, job: JobSinkronisasi | None = None
) -> list[LogSinkronisasi]:
    """Kirim ke SIASN for a batch of people (`instansi` loaded) and a year — the bulk job's batch function.

    Refusals are GAGAL log rows. NetworkError / NotConfigured propagate after the people sent before it are
    written (their save at SIASN has happened), with nothing of the failing person written."""
    for person in pegawai:
        _check_rights(actor, person)
    tahun = tahun_valid(tahun)
    ids = [p.pk for p in pegawai]
    finals = final_tahunan_banyak(ids, tahun)
    sent = {k.pegawai_id: k for k in KirimSiasn.objects.filter(pegawai_id__in=ids, tahun=tahun)}
    klien = functools.cache(SiasnClient)  # one client for the batch, made when first needed
    return ambil_lalu_terapkan(
        pegawai,
        lambda p: _kirim_satu(klien, p, tahun, *finals[p.pk], sent.get(p.pk)),
        lambda fetched: _terapkan(actor, [k for _, k in fetched], job),
    )


def kirim_skp(*, actor, pegawai: Pegawai, tahun, job: JobSinkronisasi | None = None) -> LogSinkronisasi:
    """Kirim ke SIASN for one person and year (the batch path with one person)."""
    _check_rights(actor, pegawai)
    tahun = tahun_valid(tahun)
    pegawai = Pegawai.objects.select_related("instansi").get(pk=pegawai.pk)
    return kirim_skp_batch(actor=actor, pegawai=[pegawai], tahun=tahun, job=job)[0]


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
