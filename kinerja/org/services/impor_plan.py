"""The plan of one import: every row parsed, with its problems, and what the database already holds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .impor_parse import Baris, Masalah


@dataclass
class Plan:
    rows: list[tuple[Baris, dict]]
    masalah: dict[int, list[Masalah]]  # row number -> problems (empty list: good row)
    existing: dict
    extra: dict = field(default_factory=dict)

    def add(self, baris: Baris, kunci: str, kolom: str, alasan: str) -> None:
        self.masalah[baris.nomor].append(Masalah(baris.nomor, kunci, kolom, alasan))

    def good(self):
        return [(b, d) for b, d in self.rows if not self.masalah[b.nomor]]


def new_plan(rows: list[Baris], parse, kunci: str) -> tuple[Plan, dict[str, list[int]]]:
    """Parse every row and flag keys that appear more than once in the file."""
    plan = Plan(rows=[], masalah={}, existing={})
    seen: dict[str, list[int]] = defaultdict(list)
    for baris in rows:
        data, masalah = parse(baris)
        plan.rows.append((baris, data))
        plan.masalah[baris.nomor] = list(masalah)
        if data[kunci]:
            seen[data[kunci]].append(baris.nomor)
    label = "NIP" if kunci == "nip" else "ID unit kerja"
    for baris, data in plan.rows:
        nomor = seen.get(data[kunci], [])
        if len(nomor) > 1:
            daftar = ", ".join(str(n) for n in nomor)
            plan.add(
                baris, data[kunci], kunci, f"{label} {data[kunci]} muncul lebih dari sekali (baris {daftar})."
            )
    return plan, seen
