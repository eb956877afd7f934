"""Sinkro Profil SIASN over a batch of people: fetch everyone's data utama, then apply the batch in one transaction.

The rules and messages are those of `siasn.py` (`_banding`, `ubah_profil`, `catatan_profil`); here they run on
data preloaded for the whole batch with a constant number of queries (the people locked, SIASN's unor as our
units, the Jabatan SIASN names), and the writes are multi-row: the new Jabatan, the changed Pegawai with their
history rows (simple_history's `bulk_update_with_history`), `siasn_sinkron_pada`, the log rows, the job counters
and the audit events (`logsync.catat_banyak`). The interactive pages use the same path with one person.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from kinerja.core import audit, gangguan
from kinerja.core.errors import DomainError
from kinerja.org.models import Jabatan, Pegawai

from .. import logsync
from ..clients import RemoteError
from ..models import JenisSinkron, JobSinkronisasi, LogSinkronisasi
from . import siasn
from .batch import ambil_lalu_terapkan


def _kunci_besar(nama: str, jenjang: str) -> tuple[str, str]:
    return nama.upper(), jenjang.upper()


class JabatanBatch:
    """Find-or-create of the Jabatan SIASN names (by nama + jenjang, case-insensitive) for a whole batch.

    One query finds the existing ones; a missing one becomes one unsaved Jabatan shared by everyone naming it,
    created by `simpan` only when someone applied actually uses it."""

    def __init__(self, datas: list[dict]):
        kunci = {k for k in map(siasn.jabatan_kunci, datas) if k}
        self.ada: dict[tuple[str, str], Jabatan] = {}
        self.baru: dict[tuple[str, str], Jabatan] = {}
        if kunci:
            query = reduce(or_, (Q(nama__iexact=nama, jenjang__iexact=jenjang) for nama, jenjang in kunci))
            for jabatan in Jabatan.objects.filter(query).order_by("pk"):
                self.ada.setdefault(_kunci_besar(jabatan.nama, jabatan.jenjang), jabatan)

    def __call__(self, pegawai: Pegawai, data: dict) -> Jabatan | None:
        kunci = siasn.jabatan_kunci(data)
        if kunci is None:
            return pegawai.jabatan
        besar = _kunci_besar(*kunci)
        found = self.ada.get(besar) or self.baru.get(besar)
        if found is None:
            found = self.baru[besar] = siasn.jabatan_baru(data)
        return found

    def simpan(self, dipakai: list[Pegawai], actor) -> list[dict]:
        """Create the new Jabatan the applied people use (one INSERT); their audit events."""
        baru: dict[int, tuple[Jabatan, Pegawai]] = {}
        for pegawai in dipakai:
            jabatan = pegawai.jabatan
            if jabatan is not None and jabatan.pk is None:
                baru.setdefault(id(jabatan), (jabatan, pegawai))
        if not baru:
            return []
        Jabatan.objects.bulk_create([jabatan for jabatan, _ in baru.values()])
        for pegawai in dipakai:
            if pegawai.jabatan is not None and pegawai.jabatan_id is None:
                pegawai.jabatan = pegawai.jabatan  # now saved: sets jabatan_id
        return [
            {
                "actor": actor,
                "action": "siasn.jabatan_buat",
                "obj": jabatan,
                "instansi": pegawai.instansi,
                "after": audit.snapshot(jabatan, ["nama", "jenis", "jenjang"]),
            }
            for jabatan, pegawai in baru.values()
        ]


def _gagal_ambil(pegawai: Pegawai, exc: RemoteError) -> logsync.Entri:
    return logsync.Entri(
        pegawai,
        False,
        keterangan=exc.keterangan,
        catatan=logsync.gagal_sinkro(f"Data pegawai tidak dapat diambil dari SIASN: {exc.message}"),
        perbaikan=logsync.PERBAIKAN_ADMIN,
    )


def terapkan_profil(
    *,
    actor,
    fetched: list[tuple[Pegawai, dict | RemoteError]],
    job: JobSinkronisasi | None = None,
    pakai_unit_siasn: bool = False,
    tolak: bool = False,
) -> list[LogSinkronisasi]:
    """Apply SIASN's data of a batch (what `_fetch` answered for each person, or its RemoteError) and log it.

    One transaction for the batch. A person whose data cannot be applied (DomainError) is a GAGAL row and keeps
    their data — or, with `tolak` (the interactive page), the DomainError propagates and nothing is written."""
    with transaction.atomic():
        locked = (
            Pegawai.objects.select_for_update(of=("self",))
            .select_related("instansi", "unit_kerja", "jabatan")
            .order_by("pk")
            .in_bulk([p.pk for p, _ in fetched])
        )
        datas = [(p, data) for p, data in fetched if not isinstance(data, RemoteError)]
        units = siasn.units_siasn([k for p, d in datas if (k := siasn.unit_kunci(p, d))])
        jabatan_of = JabatanBatch([d for _, d in datas])
        entri: list[logsync.Entri] = []
        diterapkan: list[tuple[Pegawai, dict, list[str]]] = []
        for pegawai, data in fetched:
            if isinstance(data, RemoteError):
                entri.append(_gagal_ambil(pegawai, data))
                continue
            row = locked[pegawai.pk]
            banding = siasn._banding(row, data, units)
            try:
                before, changed = siasn.ubah_profil(row, banding, pakai_unit_siasn, jabatan_of)
            except DomainError as exc:
                if tolak:
                    raise
                entri.append(
                    logsync.Entri(
                        pegawai,
                        False,
                        catatan=logsync.gagal_sinkro(exc.message),
                        perbaikan=logsync.PERBAIKAN_ADMIN,
                    )
                )
                continue
            diterapkan.append((row, before, changed))
            entri.append(
                logsync.Entri(
                    row,
                    True,
                    catatan=siasn.catatan_profil(changed, banding, pakai_unit_siasn),
                    hasil={"diubah": changed, "unit_beda": banding.unit_beda and "unit_kerja" not in changed},
                )
            )
        audit_lain = jabatan_of.simpan([row for row, _, _ in diterapkan], actor)  # first: the ids are needed
        audit_lain += _simpan_pegawai(actor, diterapkan)
        gangguan.titik("sinkron.tengah_batch")
        rows = logsync.catat_banyak(
            actor=actor, jenis=JenisSinkron.PROFIL, entri=entri, job=job, audit_lain=audit_lain
        )
    return rows


def _simpan_pegawai(actor, diterapkan: list[tuple[Pegawai, dict, list[str]]]) -> list[dict]:
    """The changed people in one UPDATE (+ their history rows), `siasn_sinkron_pada` of everyone applied."""
    changed_rows = [(row, before, changed) for row, before, changed in diterapkan if changed]
    if changed_rows:
        fields = [f for f in siasn.PROFIL_FIELDS if any(f in changed for _, _, changed in changed_rows)]
        bulk_update_with_history(
            [row for row, _, _ in changed_rows],
            Pegawai,
            fields,
            default_user=actor if getattr(actor, "pk", None) else None,
        )
    if diterapkan:
        Pegawai.objects.filter(pk__in=[row.pk for row, _, _ in diterapkan]).update(
            siasn_sinkron_pada=timezone.now()
        )
    events = []
    for row, before, changed in changed_rows:
        after = audit.snapshot(row, changed)
        events.append(
            {
                "actor": actor,
                "action": "siasn.profil_terapkan",
                "obj": row,
                "instansi": row.instansi,
                "before": {k: before[k] for k in changed},
                "after": after,
            }
        )
    return events


def profil_sinkron_batch(
    *, actor, pegawai: list[Pegawai], tahun=None, job: JobSinkronisasi | None = None
) -> list[LogSinkronisasi]:
    """The batch function of the bulk job (jobs.SYNC_BATCH_FUNCS): never changes the unit kerja; a refusal is a
    GAGAL row. `pegawai` have instansi, unit_kerja and jabatan loaded. NotConfigured / NetworkError propagate
    after the people fetched before it are applied, with nothing of the failing person written."""
    for person in pegawai:
        siasn._check_rights(actor, person)

    def ambil(person: Pegawai):
        try:
            return siasn._fetch(person)
        except RemoteError as exc:
            return exc

    return ambil_lalu_terapkan(
        pegawai, ambil, lambda fetched: terapkan_profil(actor=actor, fetched=fetched, job=job)
    )
