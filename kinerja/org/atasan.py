"""Who assesses whom (RULES.md §8). The one place that answers it; used by every page and service.

A unit is led, on a date, by its active PLT/PLH (PLT before PLH) if there is one, else by its claimed
definitive leader. An employee is assessed by the leader of their unit; a claimed leader, and anyone who
leads their own unit as PLT/PLH, by the leader of the parent unit. Nobody climbs past a unit without a
leader: the employee is told why nobody assesses them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from .models import JenisPegawai, Pegawai, PenugasanPlt, UnitKerja, active_assignment_q

TOP_OF_TREE_UPPER = "Pejabat penilai Anda adalah pimpinan unit kerja tertinggi di instansi."
NO_LEADER = "Unit kerja Anda belum memiliki pimpinan yang melakukan klaim pimpinan"
NO_PARENT_LEADER = "Unit kerja atasan Anda belum memiliki pimpinan yang melakukan klaim pimpinan"
TOP_OF_TREE = (
    "Anda adalah pimpinan unit kerja tertinggi di instansi; pejabat penilai Anda tidak dikelola di e-Kinerja"
)


@dataclass(frozen=True)
class Pimpinan:
    pegawai: Pegawai
    status: str  # "definitif", "plt" or "plh"

    @property
    def label(self) -> str:
        return f"{self.pegawai.nama} ({self.status}) - {self.pegawai.nip}"


@dataclass(frozen=True)
class Atasan:
    pimpinan: Pimpinan | None
    unit: UnitKerja | None  # the unit whose leader assesses
    alasan: str = ""  # why there is nobody, in Bahasa Indonesia

    @property
    def pegawai(self) -> Pegawai | None:
        return self.pimpinan.pegawai if self.pimpinan else None


def today() -> datetime.date:
    return timezone.localdate()


def pimpinan_of_units(unit_ids: Iterable[int], on: datetime.date | None = None) -> dict[int, Pimpinan]:
    """Leader of each unit on a date, in two queries whatever the number of units."""
    on = on or today()
    unit_ids = list(unit_ids)
    result: dict[int, Pimpinan] = {}
    definitive = Pegawai.objects.filter(
        unit_kerja_id__in=unit_ids, jenis_pegawai=JenisPegawai.PIMPINAN, aktif=True
    ).select_related("jabatan", "unit_kerja")
    for p in definitive:
        result[p.unit_kerja_id] = Pimpinan(p, "definitif")
    acting = (
        PenugasanPlt.objects.filter(active_assignment_q(on), unit_kerja_id__in=unit_ids, pegawai__aktif=True)
        .select_related("pegawai__jabatan", "pegawai__unit_kerja")
        .order_by("-jenis", "-tanggal_mulai")  # PLT before PLH; newest first
    )
    seen: set[int] = set()
    for a in acting:
        if a.unit_kerja_id in seen:
            continue
        seen.add(a.unit_kerja_id)
        result[a.unit_kerja_id] = Pimpinan(a.pegawai, a.jenis.lower())
    return result


def ancestors(unit: UnitKerja) -> list[UnitKerja]:
    """The chain from the instansi root down to `unit`, in one query."""
    by_id = {u.pk: u for u in UnitKerja.objects.filter(pk__in=unit.ancestor_ids)}
    return [by_id[i] for i in unit.ancestor_ids if i in by_id]


def unit_induk(chain: list[UnitKerja]) -> UnitKerja | None:
    """The nearest unit in the chain (itself included) that is JPT or Mandiri."""
    for u in reversed(chain):
        if u.is_induk:
            return u
    return None


def _resolve(pegawai: Pegawai, chain: list[UnitKerja], leaders: dict[int, Pimpinan]) -> Atasan:
    if not chain:
        return Atasan(None, None, NO_LEADER)
    idx = len(chain) - 1
    if pegawai.jenis_pegawai == JenisPegawai.PIMPINAN:
        idx -= 1
    # Someone acting as leader of the unit that would assess them is assessed one level up.
    while idx >= 0 and (lead := leaders.get(chain[idx].pk)) and lead.pegawai.pk == pegawai.pk:
        idx -= 1
    if idx < 0:
        return Atasan(None, None, TOP_OF_TREE)
    unit = chain[idx]
    lead = leaders.get(unit.pk)
    if lead is None:
        alasan = NO_LEADER if idx == len(chain) - 1 else NO_PARENT_LEADER
        return Atasan(None, unit, f"{alasan} ({unit.nama}).")
    return Atasan(lead, unit)


def pejabat_penilai(pegawai: Pegawai, on: datetime.date | None = None) -> Atasan:
    """The assessor of `pegawai` on a date, or why there is none. Three queries."""
    chain = ancestors(pegawai.unit_kerja)
    leaders = pimpinan_of_units([u.pk for u in chain], on)
    return _resolve(pegawai, chain, leaders)


@dataclass(frozen=True)
class RantaiAtasan:
    pejabat_penilai: Atasan
    atasan_pejabat_penilai: Atasan | None
    chain: list[UnitKerja]
    leaders: dict[int, Pimpinan]


def rantai_atasan(pegawai: Pegawai, on: datetime.date | None = None) -> RantaiAtasan:
    """Assessor and the assessor's superior, with the unit chain and its leaders (for Struktur Unit Kerja)."""
    chain = ancestors(pegawai.unit_kerja)
    leaders = pimpinan_of_units([u.pk for u in chain], on)
    first = _resolve(pegawai, chain, leaders)
    second = None
    if first.pimpinan is not None:
        # The assessor's superior is whoever leads the parent of the assessing unit.
        upper = chain[: chain.index(first.unit)]
        second = _resolve_upper(first.pimpinan.pegawai, upper, leaders, TOP_OF_TREE_UPPER)
    return RantaiAtasan(first, second, chain, leaders)


def _resolve_upper(
    penilai: Pegawai, upper: list[UnitKerja], leaders: dict[int, Pimpinan], top_message: str
) -> Atasan:
    """The leader of the nearest unit in `upper` (bottom first) who is not `penilai` themself."""
    idx = len(upper) - 1
    while idx >= 0 and (lead := leaders.get(upper[idx].pk)) and lead.pegawai.pk == penilai.pk:
        idx -= 1
    if idx < 0:
        return Atasan(None, None, top_message)
    unit = upper[idx]
    lead = leaders.get(unit.pk)
    if lead is None:
        return Atasan(None, unit, f"{NO_PARENT_LEADER} ({unit.nama}).")
    return Atasan(lead, unit)


def units_led_by(pegawai: Pegawai, on: datetime.date | None = None) -> list[int]:
    """Ids of the units whose leader, on the date, is `pegawai` (definitive or acting)."""
    on = on or today()
    candidates = set(
        PenugasanPlt.objects.filter(active_assignment_q(on), pegawai=pegawai).values_list(
            "unit_kerja_id", flat=True
        )
    )
    if pegawai.jenis_pegawai == JenisPegawai.PIMPINAN:
        candidates.add(pegawai.unit_kerja_id)
    if not candidates:
        return []
    leaders = pimpinan_of_units(candidates, on)
    return [uid for uid in candidates if (lead := leaders.get(uid)) and lead.pegawai.pk == pegawai.pk]


def bawahan_q(pegawai: Pegawai, on: datetime.date | None = None) -> Q:
    """Filter for the people `pegawai` assesses on the date: the members of the units they lead, the claimed
    leaders of those units' child units, and whoever acts (PLT/PLH) as leader of their own child unit."""
    led = units_led_by(pegawai, on)
    if not led:
        return Q(pk__in=[])
    members = Q(unit_kerja_id__in=led) & ~Q(jenis_pegawai=JenisPegawai.PIMPINAN)
    child_leaders = Q(unit_kerja__parent_id__in=led, jenis_pegawai=JenisPegawai.PIMPINAN)
    children = UnitKerja.objects.filter(parent_id__in=led).values_list("pk", flat=True)
    acting_in_own_unit = [
        lead.pegawai.pk
        for unit_id, lead in pimpinan_of_units(children, on).items()
        if lead.status != "definitif" and lead.pegawai.unit_kerja_id == unit_id
    ]
    return (members | child_leaders | Q(pk__in=acting_in_own_unit)) & ~Q(pk=pegawai.pk) & Q(aktif=True)


def pejabat_penilai_unit_leader(pegawai: Pegawai, unit: UnitKerja, on: datetime.date | None = None) -> Atasan:
    """The assessor of `pegawai` acting as leader (PLT/PLH) of `unit`: whoever leads the parent unit."""
    chain = ancestors(unit)
    leaders = pimpinan_of_units([u.pk for u in chain], on)
    return _resolve_upper(pegawai, chain[:-1], leaders, TOP_OF_TREE)
