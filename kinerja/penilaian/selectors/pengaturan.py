"""The instansi's assessment settings (RULES.md: values with no national rule), with the defaults filled in."""

from __future__ import annotations

from dataclasses import dataclass

from .. import rules
from ..models import PengaturanPenilaian


@dataclass(frozen=True)
class Pengaturan:
    keberatan_hari: int
    kurva_ideal: dict[str, tuple[int, ...]]
    rating_dari_organisasi: dict[str, str]


def pengaturan_untuk(instansi_id: int) -> Pengaturan:
    """One query. Keys missing from an instansi's own tables fall back to the defaults of rules.py."""
    row = PengaturanPenilaian.objects.filter(instansi_id=instansi_id).first()
    kurva = {**rules.IDEAL_CURVE, **{k: tuple(v) for k, v in ((row and row.kurva_ideal) or {}).items()}}
    rating = {**rules.RATING_DARI_ORGANISASI, **((row and row.rating_dari_organisasi) or {})}
    hari = row.keberatan_hari if row else rules.KEBERATAN_HARI
    return Pengaturan(keberatan_hari=hari, kurva_ideal=kurva, rating_dari_organisasi=rating)
