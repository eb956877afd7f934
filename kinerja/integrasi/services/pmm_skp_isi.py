"""Writing one planned PMM SKP into our SKP, RHK and indicators (called by pmm_skp inside its transaction).

PMM is the source of truth: rows are matched by PMM id, changed only when a value differs, and RHK / indicators
that PMM no longer has are removed. The snapshot of both parties comes from `kinerja.skp.services.common
.fill_parties` (for an earlier SKP after a rotation, the unit and assessor of that earlier unit). Every row
written is audited. The PMM SKP is view-only here, so the rows are written directly, not through the SKP
services (which refuse PMM SKPs).
"""

from __future__ import annotations

import decimal
from typing import TYPE_CHECKING

from kinerja.core.audit import snapshot
from kinerja.org.models import Pegawai
from kinerja.skp.models import (
    Aspek,
    Indikator,
    JenisRhk,
    Klasifikasi,
    Pendekatan,
    Perspektif,
    Rhk,
    Skp,
    Status,
    StatusPegawai,
    Sumber,
)
from kinerja.skp.services.common import audit, fill_parties, set_penilai

if TYPE_CHECKING:
    from .pmm_skp import BandingSkp

SKP_FIELDS = [
    "periode_awal", "periode_akhir", "pendekatan", "status_pegawai", "penugasan_plt", "status", "sumber", "pmm_id",
    "jenis_skp_pmm", "unit_kerja", "jenis_pegawai", "model", "pegawai_nama", "pegawai_nip", "pegawai_pangkat",
    "pegawai_jabatan", "pegawai_unit", "penilai", "penilai_unit_kerja", "penilai_nama", "penilai_nip",
    "penilai_pangkat", "penilai_jabatan", "penilai_unit", "penilai_alasan",
]  # fmt: skip
RHK_FIELDS = ["jenis", "klasifikasi", "teks", "rhk_atasan", "rhk_atasan_teks", "urutan"]
IND_FIELDS = ["teks", "aspek", "target_nilai", "target_satuan", "perspektif", "urutan"]
LABEL = {Klasifikasi.INDIVIDU: "RHK Individu", Klasifikasi.ORGANISASI: "RHK Organisasi"}
MASUK, IND_MASUK = "RHK Masuk", "RHK Indikator Masuk"


def hitungan_kosong() -> dict:
    return {
        LABEL[Klasifikasi.INDIVIDU]: {MASUK: 0, IND_MASUK: 0},
        LABEL[Klasifikasi.ORGANISASI]: {MASUK: 0, IND_MASUK: 0},
        "RHK Diubah": 0,
        "RHK Dihapus": 0,
        "Indikator Diubah": 0,
        "Indikator Dihapus": 0,
        "SKP Diubah": 0,
    }


def tambah(total: dict, counts: dict) -> None:
    for key, value in counts.items():
        if isinstance(value, dict):
            for k, v in value.items():
                total[key][k] += v
        elif key in total:
            total[key] += value


def target(value) -> decimal.Decimal | None:
    """PMM targets are text ("100", "100%", "12,5"); kept as a number when they are one."""
    text = str(value or "").replace("%", "").replace(",", ".").strip()
    try:
        number = decimal.Decimal(text).quantize(decimal.Decimal("0.01"))
    except (decimal.InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and abs(number) < 10**12 else None


def _pilihan(value, choices, default: str = "") -> str:
    value = str(value or "").strip()
    for v in choices.values:
        if v.upper() == value.upper():
            return v
    return default


def _skp(actor, pegawai: Pegawai, plan: BandingSkp) -> tuple[Skp, bool, bool]:
    """(skp, created, changed) with the SKP row written when new or different."""
    created = plan.skp is None
    if created:
        skp, before = Skp(pegawai=pegawai, instansi_id=pegawai.instansi_id), None
    else:
        skp = Skp.objects.select_for_update(of=("self",)).select_related("penugasan_plt").get(pk=plan.skp.pk)
        before = snapshot(skp, SKP_FIELDS)
    skp.periode_awal, skp.periode_akhir = plan.periode_awal, plan.periode_akhir
    skp.pendekatan = _pilihan(plan.pendekatan, Pendekatan, Pendekatan.KUANTITATIF)
    skp.status_pegawai = StatusPegawai.PLT if plan.plt else StatusPegawai.DEFINITIF
    skp.penugasan_plt = plan.penugasan if plan.plt else None
    skp.status = Status.PERSETUJUAN  # PMM sends only agreed planning
    skp.sumber, skp.pmm_id, skp.jenis_skp_pmm = Sumber.PMM, str(plan.data.get("id")), plan.jenis_skp[:30]
    fill_parties(skp)
    if not plan.plt and plan.unit is not None and plan.unit.pk != pegawai.unit_kerja_id:
        skp.unit_kerja, skp.pegawai_unit = plan.unit, plan.unit.nama
        set_penilai(skp, plan.atasan_hasil)
    after = snapshot(skp, SKP_FIELDS)
    if created:
        skp.save()
        audit(actor, "skp.pmm_sinkron_buat", skp, after=after)
    elif after != before:
        skp.versi += 1  # docs/konkurensi.md: an Edit Status form drawn before this sync is stale
        skp.save()
        audit(actor, "skp.pmm_sinkron_ubah", skp, before=before, after=after)
    return skp, created, not created and after != before


def _rhk_values(row: dict, urutan: int, link: Rhk | None) -> dict:
    return {
        "jenis": _pilihan(row.get("jenis"), JenisRhk, JenisRhk.UTAMA),
        "klasifikasi": _pilihan(row.get("klasifikasi"), Klasifikasi, Klasifikasi.INDIVIDU),
        "teks": str(row.get("teks") or "").strip(),
        "rhk_atasan": link,
        "rhk_atasan_teks": link.teks if link else "",
        "urutan": urutan,
    }


def _ind_values(row: dict, urutan: int) -> dict:
    return {
        "teks": str(row.get("teks") or "").strip(),
        "aspek": _pilihan(row.get("aspek"), Aspek),
        "target_nilai": target(row.get("target")),
        "target_satuan": str(row.get("satuan") or "")[:60],
        "perspektif": _pilihan(row.get("perspektif"), Perspektif),
        "urutan": urutan,
    }


def _upsert(actor, owner: Skp, model, obj, values: dict, fields: list[str], name: str, **create):
    """Create, or update when a value differs. Returns (obj, 'baru' | 'ubah' | '')."""
    if obj is None:
        obj = model.objects.create(**create, **values)
        audit(actor, f"{name}.pmm_sinkron_buat", owner, obj=obj, after=snapshot(obj, fields))
        return obj, "baru"
    before = snapshot(obj, fields)
    for key, value in values.items():
        setattr(obj, key, value)
    after = snapshot(obj, fields)
    if after == before:
        return obj, ""
    obj.save(update_fields=list(values))
    audit(actor, f"{name}.pmm_sinkron_ubah", owner, obj=obj, before=before, after=after)
    return obj, "ubah"


def _hapus(actor, skp: Skp, rows, fields: list[str], name: str) -> int:
    n = 0
    for obj in rows:
        audit(actor, f"{name}.pmm_sinkron_hapus", skp, obj=obj, before=snapshot(obj, fields))
        obj.delete()
        n += 1
    return n


def terapkan(*, actor, pegawai: Pegawai, plan: BandingSkp) -> dict:
    """Apply one planned PMM SKP. Returns the counts of this run (new RHK / indicators per klasifikasi, …)."""
    counts = hitungan_kosong()
    skp, created, changed = _skp(actor, pegawai, plan)
    counts["SKP Diubah"] = int(changed)
    lama = [] if created else list(skp.rhk.prefetch_related("indikator").order_by("id"))
    by_id = {r.pmm_id: r for r in reversed(lama) if r.pmm_id}  # the oldest row wins on a duplicate id
    keep_rhk: set[int] = set()
    for urutan, row in enumerate(plan.data.get("rhk") or [], start=1):
        pmm_id = str(row.get("id"))
        values = _rhk_values(row, urutan, plan.rhk_atasan.get(pmm_id))
        existing = by_id.get(pmm_id)
        rhk, what = _upsert(
            actor, skp, Rhk, existing, values, RHK_FIELDS, "rhk", skp=skp, pmm_id=pmm_id, dibuat_oleh=actor
        )
        keep_rhk.add(rhk.pk)
        label = LABEL[values["klasifikasi"]]
        if what == "baru":
            counts[label][MASUK] += 1
        elif what == "ubah":
            counts["RHK Diubah"] += 1
        old_ind = list(existing.indikator.all()) if existing else []
        ind_by_id = {i.pmm_id: i for i in reversed(old_ind) if i.pmm_id}
        keep_ind: set[int] = set()
        for u, ind_row in enumerate(row.get("indikator") or [], start=1):
            ind_id = str(ind_row.get("id"))
            ind, what = _upsert(
                actor,
                skp,
                Indikator,
                ind_by_id.get(ind_id),
                _ind_values(ind_row, u),
                IND_FIELDS,
                "indikator",
                rhk=rhk,
                pmm_id=ind_id,
            )
            keep_ind.add(ind.pk)
            if what == "baru":
                counts[label][IND_MASUK] += 1
            elif what == "ubah":
                counts["Indikator Diubah"] += 1
        gone = [i for i in old_ind if i.pk not in keep_ind]
        counts["Indikator Dihapus"] += _hapus(actor, skp, gone, IND_FIELDS, "indikator")
    counts["RHK Dihapus"] += _hapus(actor, skp, [r for r in lama if r.pk not in keep_rhk], RHK_FIELDS, "rhk")
    plan.skp = skp
    return counts
