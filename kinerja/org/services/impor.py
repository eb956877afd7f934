"""Bulk import of unit kerja and pegawai from CSV or XLSX files as exported from SIASN (admin).

Every row is validated first, against the file and the database (a few bulk queries, never one per row).
When any row is bad nothing is written, unless the admin asked for the valid rows only. Rows match
existing records on `id_unor` / `nip`, so importing the same file again writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db import transaction

from kinerja.core import audit
from kinerja.core.errors import DomainError, PermissionDeniedError

from ..models import Instansi, Jabatan, JenisPegawai, Pegawai, Peran, UnitKerja, User
from .impor_bulk import audit_many, insert_many, insert_with_history, unusable_password
from .impor_parse import LABEL, Baris, Masalah, parse_pegawai, parse_unit, read_rows

JENIS = LABEL
UNIT_FIELDS = ["nama", "eselon", "parent", "jenis_induk"]
PEGAWAI_FIELDS = [
    "nama", "gelar_depan", "gelar_belakang", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "jenis_asn",
    "tmt_cpns", "tmt_pns", "jabatan", "tmt_jabatan", "golongan", "tmt_golongan", "unit_kerja",
    "nomor_kartu_asn",
]  # fmt: skip


@dataclass
class HasilImpor:
    jenis: str
    berkas: str
    jumlah_baris: int
    ditambahkan: int = 0
    diubah: int = 0
    tidak_berubah: int = 0
    ditolak: int = 0
    dibatalkan: bool = False  # some row was bad and the admin did not ask for the valid rows only
    masalah: list[Masalah] = field(default_factory=list)
    jumlah_masalah: int = 0  # len(masalah) before any truncation for display

    @property
    def jenis_label(self) -> str:
        return JENIS.get(self.jenis, self.jenis)

    @property
    def valid(self) -> int:
        return self.jumlah_baris - self.ditolak

    @property
    def ringkasan(self) -> str:
        if self.dibatalkan:
            return f"Tidak ada data yang diimpor: {self.ditolak} dari {self.jumlah_baris} baris tidak valid."
        if not (self.ditambahkan or self.diubah):
            return (
                f"Tidak ada perubahan: {self.tidak_berubah} baris sudah sama dengan data e-Kinerja, "
                f"{self.ditolak} baris ditolak."
            )
        return (
            f"Impor {self.jenis_label} selesai: {self.ditambahkan} ditambahkan, {self.diubah} diubah, "
            f"{self.tidak_berubah} tidak berubah, {self.ditolak} ditolak."
        )

    def as_dict(self, *, limit: int | None = None) -> dict:
        """As plain data (for the session), keeping at most `limit` reasons."""
        data = asdict(self)
        data["masalah"] = data["masalah"][:limit]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> HasilImpor:
        data = dict(data)
        masalah = [Masalah(**m) for m in data.pop("masalah", [])]
        return cls(**data, masalah=masalah)


@transaction.atomic
def impor_data(*, actor, instansi: Instansi, jenis: str, berkas, hanya_valid: bool = False) -> HasilImpor:
    """Import the rows of `berkas` (an uploaded CSV/XLSX file) of kind `jenis` ("unit" or "pegawai")."""
    if instansi is None or not actor.has_perm("org.manage", instansi):
        raise PermissionDeniedError("Anda tidak berhak mengimpor data untuk instansi ini.")
    if jenis not in JENIS:
        raise DomainError("Pilih jenis data: Unit Kerja atau Pegawai.", field="jenis")
    rows = read_rows(berkas, jenis=jenis)
    hasil = HasilImpor(jenis=jenis, berkas=getattr(berkas, "name", "") or "", jumlah_baris=len(rows))
    check, apply = (_check_units, _apply_units) if jenis == "unit" else (_check_pegawai, _apply_pegawai)
    plan = check(instansi, rows)
    hasil.masalah = sorted((m for ms in plan.masalah.values() for m in ms), key=lambda m: m.baris)
    hasil.jumlah_masalah = len(hasil.masalah)
    hasil.ditolak = sum(1 for ms in plan.masalah.values() if ms)
    if hasil.ditolak and not hanya_valid:
        hasil.dibatalkan = True
        return hasil
    apply(actor=actor, instansi=instansi, plan=plan, hasil=hasil)
    if hasil.ditambahkan or hasil.diubah:
        ringkas = {
            k: getattr(hasil, k)
            for k in ("jenis", "berkas", "ditambahkan", "diubah", "tidak_berubah", "ditolak")
        }
        audit.record(actor=actor, action="impor.selesai", obj=instansi, instansi=instansi, after=ringkas)
    return hasil


@dataclass
class _Plan:
    rows: list[tuple[Baris, dict]]
    masalah: dict[int, list[Masalah]]  # row number -> problems (empty list: good row)
    existing: dict
    extra: dict = field(default_factory=dict)

    def add(self, baris: Baris, kunci: str, kolom: str, alasan: str) -> None:
        self.masalah[baris.nomor].append(Masalah(baris.nomor, kunci, kolom, alasan))

    def good(self):
        return [(b, d) for b, d in self.rows if not self.masalah[b.nomor]]


def _new_plan(rows: list[Baris], parse, kunci: str) -> tuple[_Plan, dict[str, list[int]]]:
    """Parse every row and flag keys that appear more than once in the file."""
    plan = _Plan(rows=[], masalah={}, existing={})
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


# ---- unit kerja ----------------------------------------------------------------------------------


def _check_units(instansi: Instansi, rows: list[Baris]) -> _Plan:
    plan, in_file = _new_plan(rows, parse_unit, "id_unor")
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


def _check_parents(plan: _Plan, in_file: dict[str, list[int]]) -> bool:
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


def _check_loops(plan: _Plan, id_of_pk: dict[int, str]) -> bool:
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


def _apply_units(*, actor, instansi: Instansi, plan: _Plan, hasil: HasilImpor) -> None:
    good = {d["id_unor"]: d for _, d in plan.good()}
    depth: dict[str, int] = {}

    def depth_in_file(id_unor: str) -> int:  # parents in the file are written before their children
        if id_unor not in depth:
            atasan = good[id_unor]["id_unor_atasan"]
            depth[id_unor] = depth_in_file(atasan) + 1 if atasan in good else 0
        return depth[id_unor]

    units = dict(plan.existing)
    for id_unor in sorted(good, key=depth_in_file):
        data = good[id_unor]
        parent = units[data["id_unor_atasan"]] if data["id_unor_atasan"] else None
        values = {"nama": data["nama"], "eselon": data["eselon"], "jenis_induk": data["jenis_induk"]}
        unit = units.get(id_unor)
        if unit is None:
            unit = UnitKerja(instansi=instansi, id_unor=id_unor, parent=parent, **values)
            unit.save()
            units[id_unor] = unit
            after = audit.snapshot(unit, ["id_unor", *UNIT_FIELDS])
            audit.record(actor=actor, action="impor.unit_create", obj=unit, instansi=instansi, after=after)
            hasil.ditambahkan += 1
            continue
        changed = [f for f, v in values.items() if getattr(unit, f) != v]
        if unit.parent_id != (parent.pk if parent else None):
            changed.append("parent")
        if not changed:
            hasil.tidak_berubah += 1
            continue
        before = audit.snapshot(unit, changed)
        for name, value in values.items():
            setattr(unit, name, value)
        unit.parent = parent
        # An ancestor moved earlier in this import may have rewritten this unit's path in the database.
        unit.path, unit.depth = UnitKerja.objects.values_list("path", "depth").get(pk=unit.pk)
        unit.save()
        audit.record(
            actor=actor,
            action="impor.unit_update",
            obj=unit,
            instansi=instansi,
            before=before,
            after=audit.snapshot(unit, changed),
        )
        hasil.diubah += 1


# ---- pegawai -------------------------------------------------------------------------------------


def _check_pegawai(instansi: Instansi, rows: list[Baris]) -> _Plan:
    plan, in_file = _new_plan(rows, parse_pegawai, "nip")
    plan.existing = {p.nip: p for p in Pegawai.objects.filter(nip__in=list(in_file))}
    id_unor = {d["id_unor"] for _, d in plan.rows if d["id_unor"]}
    units = dict(
        UnitKerja.objects.filter(instansi=instansi, id_unor__in=list(id_unor)).values_list("id_unor", "pk")
    )
    nama_jabatan = {d["jabatan"] for _, d in plan.rows if d["jabatan"]}
    jabatan = {(j.nama, j.jenjang): j for j in Jabatan.objects.filter(nama__in=list(nama_jabatan))}
    users = {u.username: u for u in User.objects.filter(username__in=list(in_file)).select_related("pegawai")}
    jenis_in_file: dict[tuple[str, str], str] = {}
    for baris, data in plan.rows:
        nip = data["nip"]
        pegawai = plan.existing.get(nip)
        if pegawai is not None and pegawai.instansi_id != instansi.pk:
            plan.add(
                baris,
                nip,
                "nip",
                "NIP ini terdaftar sebagai pegawai instansi lain; pindah instansi "
                "tidak dapat dilakukan melalui impor.",
            )
        if data["id_unor"] and data["id_unor"] not in units:
            plan.add(
                baris,
                nip,
                "id_unor",
                f"Unit kerja dengan ID {data['id_unor']} tidak ditemukan di instansi ini.",
            )
        key = (data["jabatan"], data["jenjang"])
        if data["jabatan"] and data["jenis_jabatan"]:
            known = (
                jabatan[key].jenis if key in jabatan else jenis_in_file.setdefault(key, data["jenis_jabatan"])
            )
            if known != data["jenis_jabatan"]:
                jenjang = f" jenjang {data['jenjang']}" if data["jenjang"] else ""
                plan.add(
                    baris,
                    nip,
                    "jenis_jabatan",
                    f"Jabatan {data['jabatan']}{jenjang} sudah terdaftar dengan "
                    f"jenis {known}; isi jenis_jabatan dengan {known}.",
                )
        user = users.get(nip)
        linked = getattr(user, "pegawai", None) if user else None
        if linked is not None and linked.nip != nip:
            plan.add(
                baris, nip, "nip", "Akun dengan nama pengguna NIP ini sudah terhubung dengan pegawai lain."
            )
    plan.extra = {"units": units, "jabatan": jabatan, "users": users}
    return plan


def _apply_pegawai(*, actor, instansi: Instansi, plan: _Plan, hasil: HasilImpor) -> None:
    units, jabatan, users = plan.extra["units"], plan.extra["jabatan"], plan.extra["users"]
    attname = {f: Pegawai._meta.get_field(f).attname for f in [*PEGAWAI_FIELDS, "jenis_pegawai", "user"]}
    created: list[Pegawai] = []
    for _, data in plan.good():
        values = {f: data[f] for f in PEGAWAI_FIELDS if f not in ("jabatan", "unit_kerja")}
        values["unit_kerja"] = units[data["id_unor"]]
        values["jabatan"] = _jabatan(actor, instansi, jabatan, data).pk if data["jabatan"] else None
        pegawai = plan.existing.get(data["nip"])
        if pegawai is None:
            pegawai = Pegawai(instansi=instansi, nip=data["nip"], user=_user_for(users, data["nip"]))
            for name, value in values.items():
                setattr(pegawai, attname[name], value)
            created.append(pegawai)
            continue
        changed = [f for f, v in values.items() if getattr(pegawai, attname[f]) != v]
        if "unit_kerja" in changed and pegawai.jenis_pegawai != JenisPegawai.PEGAWAI:
            values["jenis_pegawai"] = JenisPegawai.PEGAWAI  # as Edit Profil: a new unit makes a plain Pegawai
            changed.append("jenis_pegawai")
        if pegawai.user_id is None:
            user = _user_for(users, data["nip"])
            if user.pk is None:
                user.save()
            values["user"] = user.pk
            changed.append("user")
        if not changed:
            hasil.tidak_berubah += 1
            continue
        before = audit.snapshot(pegawai, changed)
        for name in changed:
            setattr(pegawai, attname[name], values[name])
        pegawai.save()
        audit.record(
            actor=actor,
            action="impor.pegawai_update",
            obj=pegawai,
            instansi=instansi,
            before=before,
            after=audit.snapshot(pegawai, changed),
        )
        hasil.diubah += 1
    _create_pegawai(actor=actor, instansi=instansi, pegawai=created, users=users)
    hasil.ditambahkan += len(created)


def _create_pegawai(*, actor, instansi: Instansi, pegawai: list[Pegawai], users: dict) -> None:
    """New employees and their logins in bulk (thousands in a first import), with history and audit."""
    insert_many(User, [u for u in users.values() if u.pk is None])
    for p in pegawai:
        p.user_id = p.user.pk  # the login was saved just above
    insert_with_history(Pegawai, pegawai, actor=actor)
    fields = ["nip", *PEGAWAI_FIELDS, "user"]
    items = [(p, None, audit.snapshot(p, fields)) for p in pegawai]
    audit_many(actor=actor, action="impor.pegawai_create", items=items, instansi=instansi)


def _jabatan(actor, instansi: Instansi, cache: dict, data: dict) -> Jabatan:
    key = (data["jabatan"], data["jenjang"])
    if key not in cache:
        cache[key] = Jabatan.objects.create(
            nama=data["jabatan"], jenjang=data["jenjang"], jenis=data["jenis_jabatan"]
        )
        audit.record(
            actor=actor,
            action="impor.jabatan_create",
            obj=cache[key],
            instansi=instansi,
            after=audit.snapshot(cache[key], ["nama", "jenis", "jenjang"]),
        )
    return cache[key]


def _user_for(users: dict, nip: str) -> User:
    """The login of a new employee: username NIP, no usable password until the admin resets one."""
    user = users.get(nip)
    if user is None:
        user = User(username=nip, peran=Peran.PEGAWAI, password=unusable_password())
        users[nip] = user  # saved by the caller, in bulk for new employees
    return user
