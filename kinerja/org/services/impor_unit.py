"""Import of unit kerja: the checks against the database, then every write in bulk.

New units are inserted in one statement and read back for their ids; then one statement sets parent, `path` and
`depth` of every new or changed unit, computed here from the tree as it will be (a moved unit carries its whole
subtree along, as `UnitKerja.save()` does), and one more rewrites the paths of the moved subtrees.
"""

from __future__ import annotations

from ..models import Instansi, UnitKerja
from .impor_bulk import defaults, ids_by, insert_rows, new_row_columns, update_rows
from .impor_catat import Catatan
from .impor_parse import Baris, parse_unit
from .impor_plan import Plan, new_plan

UNIT_FIELDS = ["nama", "eselon", "parent", "jenis_induk"]
_VALUES = ("nama", "eselon", "jenis_induk")
_WRITTEN = ["nama", "eselon", "jenis_induk", "parent_id", "path", "depth"]


def check_units(instansi: Instansi, rows: list[Baris]) -> Plan:
    plan, in_file = new_plan(rows, parse_unit, "id_unor")
    plan.existing = {u.id_unor: u for u in UnitKerja.objects.filter(instansi=instansi)}
    elsewhere = set(
        UnitKerja.objects.filter(id_unor__in=list(in_file))
        .exclude(instansi=instansi)
        .values_list("id_unor", flat=True)
    )
    for baris, data in plan.rows:
        if data["id_unor"] in elsewhere:
            plan.add(baris, data["id_unor"], "id_unor", "ID unit kerja ini sudah dipakai oleh instansi lain.")
    id_of_pk = {u.pk: u.id_unor for u in plan.existing.values()}
    # A refused parent row refuses its children, and a refused child may break a loop: repeat until stable.
    while _check_parents(plan, in_file) or _check_loops(plan, id_of_pk):
        pass
    return plan


def _check_parents(plan: Plan, in_file: dict[str, list[int]]) -> bool:
    good = {d["id_unor"]: (b, d) for b, d in plan.good()}
    found = False
    for id_unor, (baris, data) in good.items():
        atasan = data["id_unor_atasan"]
        if atasan == id_unor:
            alasan = "Unit kerja tidak boleh menjadi atasan dirinya sendiri."
        elif not atasan or atasan in good or atasan in plan.existing:
            continue
        elif atasan in in_file:
            nomor = ", ".join(str(n) for n in in_file[atasan])
            alasan = (
                f"Unit kerja atasan {atasan} (baris {nomor}) tidak valid, sehingga baris ini ikut ditolak."
            )
        else:
            alasan = f"Unit kerja atasan dengan ID {atasan} tidak ditemukan di instansi ini maupun di berkas."
        plan.add(baris, id_unor, "id_unor_atasan", alasan)
        found = True
    return found


def _check_loops(plan: Plan, id_of_pk: dict[int, str]) -> bool:
    good = {d["id_unor"]: (b, d) for b, d in plan.good()}
    parent_of = {i: id_of_pk.get(u.parent_id) for i, u in plan.existing.items()}
    parent_of.update({i: d["id_unor_atasan"] or None for i, (_, d) in good.items()})
    found = False
    for id_unor, (baris, _) in good.items():
        seen, current = set(), parent_of.get(id_unor)
        while current and current not in seen and current != id_unor:
            seen.add(current)
            current = parent_of.get(current)
        if current == id_unor:
            plan.add(
                baris,
                id_unor,
                "id_unor_atasan",
                "Unit kerja atasan membentuk struktur melingkar (unit menjadi bawahan dari unit bawahannya).",
            )
            found = True
    return found


def apply_units(*, actor, instansi: Instansi, plan: Plan, hasil) -> None:
    good = {d["id_unor"]: d for _, d in plan.good()}
    existing: dict[str, UnitKerja] = plan.existing  # every unit of the instansi
    depth: dict[str, int] = {}

    def depth_in_file(id_unor: str) -> int:  # parents in the file come before their children
        if id_unor not in depth:
            atasan = good[id_unor]["id_unor_atasan"]
            depth[id_unor] = depth_in_file(atasan) + 1 if atasan in good else 0
        return depth[id_unor]

    order = sorted(good, key=depth_in_file)
    new = [i for i in order if i not in existing]
    pk_of = {i: u.pk for i, u in existing.items()} | _insert_new(instansi, [good[i] for i in new])
    row_of = {u.pk: {f.attname: getattr(u, f.attname) for f in UnitKerja._meta.concrete_fields}
              for u in existing.values()}  # fmt: skip
    changed: dict[int, list[str]] = {}
    for id_unor in order:
        data, pk = good[id_unor], pk_of[id_unor]
        values = {f: data[f] for f in _VALUES}
        values["parent_id"] = pk_of[data["id_unor_atasan"]] if data["id_unor_atasan"] else None
        if id_unor not in existing:
            row_of[pk] = {**_new_unit(instansi, data), "id": pk, **values}
            continue
        before = row_of[pk]
        fields = [f for f in _VALUES if before[f] != values[f]]
        if before["parent_id"] != values["parent_id"]:
            fields.append("parent")
        if fields:
            changed[pk] = fields
            row_of[pk] = {**before, **values}
        else:
            hasil.tidak_berubah += 1
    moved = [pk for pk, fields in changed.items() if "parent" in fields]
    paths = _paths(row_of, [pk_of[i] for i in new], moved)
    catatan = Catatan(actor=actor, instansi=instansi)
    full, path_only = [], []
    for id_unor in order:
        pk, is_new = pk_of[id_unor], id_unor not in existing
        if not is_new and pk not in changed:
            continue
        row = row_of[pk]
        if pk in paths:
            row["path"] = paths.pop(pk)
            row["depth"] = row["path"].count("/") - 2
        full.append((pk, *(row[c] for c in _WRITTEN)))
        catatan.history(UnitKerja, row, jenis="+" if is_new else "~")
        if is_new:
            after = {"id_unor": id_unor, "nama": row["nama"], "eselon": row["eselon"],
                     "parent": row["parent_id"], "jenis_induk": row["jenis_induk"]}  # fmt: skip
            catatan.event("impor.unit_create", UnitKerja, pk, row["nama"], after=after)
            hasil.ditambahkan += 1
        else:
            fields = changed[pk]
            old = {f: getattr(existing[id_unor], _attname(f)) for f in fields}
            new_values = {f: row[_attname(f)] for f in fields}
            catatan.event("impor.unit_update", UnitKerja, pk, row["nama"], before=old, after=new_values)
            hasil.diubah += 1
    for pk, path in paths.items():  # the rest of the moved subtrees: path and depth only, no history
        path_only.append((pk, path, path.count("/") - 2))
    update_rows(UnitKerja, _WRITTEN, full)
    update_rows(UnitKerja, ["path", "depth"], path_only)
    catatan.write()


def _attname(field: str) -> str:
    return "parent_id" if field == "parent" else field


def _new_unit(instansi: Instansi, data: dict) -> dict:
    columns = new_row_columns(UnitKerja)
    return {**defaults(UnitKerja, columns), "instansi_id": instansi.pk, "id_unor": data["id_unor"],
            **{f: data[f] for f in _VALUES}}  # fmt: skip


def _insert_new(instansi: Instansi, rows: list[dict]) -> dict[str, int]:
    """Insert the new units (parent, path and depth are set afterwards) and return {id_unor: id}."""
    if not rows:
        return {}
    columns = new_row_columns(UnitKerja)
    insert_rows(UnitKerja, columns, [tuple(_new_unit(instansi, d)[c] for c in columns) for d in rows])
    return ids_by(UnitKerja, "id_unor", [d["id_unor"] for d in rows])


def _paths(row_of: dict[int, dict], new: list[int], moved: list[int]) -> dict[int, str]:
    """{id: path} of every unit whose path changes: new units, moved units and everything below a moved unit.

    `row_of` holds every unit of the instansi with its parent as it will be; stored paths are `/1/4/9/`."""
    new_ids, moved_ids = set(new), set(moved)
    affected = new_ids | moved_ids
    stored = {pk: row["path"] for pk, row in row_of.items() if pk not in new_ids}
    prefixes = tuple(stored[pk] for pk in moved)
    if prefixes:
        affected.update(pk for pk, path in stored.items() if path.startswith(prefixes))
    computed: dict[int, str] = {}
    for start in affected:
        chain, pk = [], start
        while pk is not None and pk in affected and pk not in computed:
            if len(chain) > len(affected):
                raise RuntimeError("unit tree loop")  # the checks refuse loops: never reached
            chain.append(pk)
            pk = row_of[pk]["parent_id"]
        prefix = "/" if pk is None else computed.get(pk, stored.get(pk))
        for q in reversed(chain):
            prefix = computed[q] = f"{prefix}{q}/"
    return {pk: path for pk, path in computed.items() if path != stored.get(pk)}
