"""Writing the Log Sinkronisasi: one row per attempt per person, the latest marked `terkini`.

`catat` must be called inside the transaction that applied (or refused) the person's data, so that the log,
the job counters and the data always agree — a person is never half-applied and never counted twice.
"""

from __future__ import annotations

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
    LogSinkronisasi.objects.filter(pegawai=pegawai, jenis=jenis, terkini=True).update(terkini=False)
    row = LogSinkronisasi.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        nip=pegawai.nip,
        nama=pegawai.nama,
        sistem=SISTEM_OF[jenis],
        jenis=jenis,
        tahun=tahun,
        tipe_skp=tipe_skp,
        status=StatusLog.BERHASIL if berhasil else StatusLog.GAGAL,
        keterangan=keterangan,
        catatan=catatan,
        perbaikan="" if berhasil else perbaikan,
        hasil=hasil or {},
        job=job,
        dibuat_oleh=actor if getattr(actor, "pk", None) else None,
    )
    if job is not None:
        JobSinkronisasi.objects.filter(pk=job.pk).update(
            diproses=F("diproses") + 1,
            berhasil=F("berhasil") + (1 if berhasil else 0),
            gagal=F("gagal") + (0 if berhasil else 1),
        )
    audit.record(
        actor=actor,
        action=f"sinkron.{jenis.lower()}",
        obj=row,
        instansi=pegawai.instansi,
        after={"status": row.status, "keterangan": keterangan, "catatan": catatan, "hasil": hasil or {}},
    )
    return row
