"""Writing the Log Sinkronisasi: one row per attempt per person, the latest marked `terkini`.

`catat` / `catat_banyak` must be called inside the transaction that applied (or refused) the people's data, so
that the log, the job counters and the data always agree — a person is never half-applied and never counted twice.
`catat_banyak` writes a whole batch with a constant number of statements: one UPDATE of the earlier `terkini`
rows (… WHERE pegawai_id IN (…)), one multi-row INSERT of the rows, one UPDATE of the job counters and one
multi-row INSERT of the audit events. `catat` is the same for one person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F

from kinerja.core import audit

from .models import SISTEM_OF, JobSinkronisasi, LogSinkronisasi, StatusLog

# Who must fix each kind of failure (shown beside the message in the log).
PERBAIKAN_PEGAWAI = "Pegawai"
PERBAIKAN_ATASAN = "Atasan (Kepala Sekolah)"
PERBAIKAN_ADMIN = "Admin instansi (BKD/BKPSDM)"
PERBAIKAN_PMM = "Pegawai di PMM / operator Dapodik"
PERBAIKAN_SISTEM = "Admin aplikasi"


def gagal_sinkro(pesan: str) -> str:
    """The Catatan as BKN writes it: Gagal Sinkro: "…"."""
    return f'Gagal Sinkro: "{pesan}"'


@dataclass
class Entri:
    """One log row to write: the outcome of one person (`pegawai` with its `instansi` loaded)."""

    pegawai: object
    berhasil: bool
    keterangan: str = ""
    catatan: str = ""
    perbaikan: str = ""
    hasil: dict = field(default_factory=dict)
    tahun: int | None = None
    tipe_skp: str = ""


def catat(
    *,
    actor,
    pegawai,
    jenis: str,
    berhasil: bool,
    keterangan: str = "",
    catatan: str = "",
    perbaikan: str = "",
    hasil: dict | None = None,
    tahun: int | None = None,
    tipe_skp: str = "",
    job: JobSinkronisasi | None = None,
) -> LogSinkronisasi:
    entri = Entri(pegawai, berhasil, keterangan, catatan, perbaikan, hasil or {}, tahun, tipe_skp)
    return catat_banyak(actor=actor, jenis=jenis, entri=[entri], job=job)[0]


def catat_banyak(
    *,
    actor,
    jenis: str,
    entri: list[Entri],
    job: JobSinkronisasi | None = None,
    audit_lain: list[dict] | None = None,
) -> list[LogSinkronisasi]:
    """The log rows of a batch (in order), the job counters and the audit events, set-based.

    `audit_lain`: further audit events of the same batch (kwargs of `audit.record`), written in the same INSERT."""
    rows = [
        LogSinkronisasi(
            instansi_id=e.pegawai.instansi_id,
            pegawai=e.pegawai,
            nip=e.pegawai.nip,
            nama=e.pegawai.nama,
            sistem=SISTEM_OF[jenis],
            jenis=jenis,
            tahun=e.tahun,
            tipe_skp=e.tipe_skp,
            status=StatusLog.BERHASIL if e.berhasil else StatusLog.GAGAL,
            keterangan=e.keterangan,
            catatan=e.catatan,
            perbaikan="" if e.berhasil else e.perbaikan,
            hasil=e.hasil or {},
            job=job,
            dibuat_oleh=actor if getattr(actor, "pk", None) else None,
        )
        for e in entri
    ]
    seen: set[int] = set()
    for row in reversed(rows):  # only a person's last row of the batch is the latest
        row.terkini = row.pegawai_id not in seen
        seen.add(row.pegawai_id)
    if rows:
        LogSinkronisasi.objects.filter(pegawai_id__in=seen, jenis=jenis, terkini=True).update(terkini=False)
        LogSinkronisasi.objects.bulk_create(rows)
    if job is not None and rows:
        berhasil = sum(1 for e in entri if e.berhasil)
        JobSinkronisasi.objects.filter(pk=job.pk).update(
            diproses=F("diproses") + len(rows),
            berhasil=F("berhasil") + berhasil,
            gagal=F("gagal") + (len(rows) - berhasil),
        )
    audit.record_many(
        [
            *(audit_lain or []),
            *(
                {
                    "actor": actor,
                    "action": f"sinkron.{jenis.lower()}",
                    "obj": row,
                    "instansi": e.pegawai.instansi,
                    "after": {
                        "status": row.status,
                        "keterangan": e.keterangan,
                        "catatan": e.catatan,
                        "hasil": e.hasil or {},
                    },
                }
                for e, row in zip(entri, rows, strict=True)
            ),
        ]
    )
    return rows
