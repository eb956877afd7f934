"""Import of pegawai: the checks against the database, then every write in bulk.

A file of 20,000 rows costs the same handful of statements as a file of 20: one query per lookup (existing
employees, units, positions, logins), then one statement per table written (new positions, new logins, new
employees, changed employees, history rows, audit events). See docs/import.md.
"""

from __future__ import annotations

from operator import itemgetter

from django.db import models

from ..models import Instansi, Jabatan, JenisPegawai, Pegawai, Peran, UnitKerja, User
from .impor_bulk import (
    any_of,
    defaults,
    ids_by,
    insert_rows,
    new_row_columns,
    unusable_passwords,
    update_rows,
)
from .impor_catat import Catatan
from .impor_parse import Baris, parse_pegawai
from .impor_plan import Plan, new_plan

PEGAWAI_FIELDS = [
    "nama", "gelar_depan", "gelar_belakang", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "jenis_asn",
    "tmt_cpns", "tmt_pns", "jabatan", "tmt_jabatan", "golongan", "tmt_golongan", "unit_kerja",
    "nomor_kartu_asn",
]  # fmt: skip
ATTNAME = {f: Pegawai._meta.get_field(f).attname for f in [*PEGAWAI_FIELDS, "jenis_pegawai", "user"]}
# The columns an import sets on an existing employee (the others are never touched: docs/import.md).
UPDATE_COLUMNS = [ATTNAME[f] for f in [*PEGAWAI_FIELDS, "jenis_pegawai", "user"]]


def check_pegawai(instansi: Instansi, rows: list[Baris]) -> Plan:
    plan, in_file = new_plan(rows, parse_pegawai, "nip")
    nips = list(in_file)
    columns = [f.attname for f in Pegawai._meta.concrete_fields]
    found = (
        Pegawai.objects.filter(any_of(Pegawai, "nip", nips)).order_by().values_list(*columns) if nips else []
    )
    plan.existing = {p["nip"]: p for p in (dict(zip(columns, row, strict=True)) for row in found)}
    id_unor = {d["id_unor"] for _, d in plan.rows if d["id_unor"]}
    units = dict(
        UnitKerja.objects.filter(instansi=instansi, id_unor__in=list(id_unor))
        .order_by()
        .values_list("id_unor", "pk")
    )
    nama_jabatan = {d["jabatan"] for _, d in plan.rows if d["jabatan"]}
    jabatan = {
        (nama, jenjang): (pk, jenis)
        for pk, nama, jenjang, jenis in Jabatan.objects.filter(nama__in=list(nama_jabatan)).values_list(
            "pk", "nama", "jenjang", "jenis"
        )
    }
    logins = User.objects.filter(any_of(User, "username", nips)) if nips else User.objects.none()
    users = {
        username: (pk, linked)
        for username, pk, linked in logins.order_by().values_list("username", "pk", "pegawai__nip")
    }
    jenis_in_file: dict[tuple[str, str], str] = {}
    for baris, data in plan.rows:
        nip = data["nip"]
        pegawai = plan.existing.get(nip)
        if pegawai is not None and pegawai["instansi_id"] != instansi.pk:
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
                jabatan[key][1] if key in jabatan else jenis_in_file.setdefault(key, data["jenis_jabatan"])
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
        linked = users[nip][1] if nip in users else None
        if linked is not None and linked != nip:
            plan.add(
                baris, nip, "nip", "Akun dengan nama pengguna NIP ini sudah terhubung dengan pegawai lain."
            )
    plan.extra = {"units": units, "jabatan": jabatan, "users": users}
    return plan


def apply_pegawai(*, actor, instansi: Instansi, plan: Plan, hasil) -> None:
    units, users = plan.extra["units"], plan.extra["users"]
    catatan = Catatan(actor=actor, instansi=instansi)
    good = plan.good()
    jabatan = _create_jabatan(catatan, plan.extra["jabatan"], [d for _, d in good])
    created: list[dict] = []  # every column of each new employee, by attribute name
    updated: list[tuple[dict, dict, list[str]]] = []  # (row before, row after, changed field names)
    new_logins: list[str] = []
    for _, data in good:
        values = {ATTNAME[f]: data[f] for f in PEGAWAI_FIELDS if f not in ("jabatan", "unit_kerja")}
        values["unit_kerja_id"] = units[data["id_unor"]]
        values["jabatan_id"] = jabatan[(data["jabatan"], data["jenjang"])] if data["jabatan"] else None
        nip = data["nip"]
        pegawai = plan.existing.get(nip)
        if pegawai is None:
            if nip not in users:
                new_logins.append(nip)
            created.append({"nip": nip, **values})
            continue
        changed = [f for f in PEGAWAI_FIELDS if pegawai[ATTNAME[f]] != values[ATTNAME[f]]]
        if "unit_kerja" in changed and pegawai["jenis_pegawai"] != JenisPegawai.PEGAWAI:
            values["jenis_pegawai"] = JenisPegawai.PEGAWAI  # as Edit Profil: a new unit makes a plain Pegawai
            changed.append("jenis_pegawai")
        if pegawai["user_id"] is None:
            if nip not in users:
                new_logins.append(nip)
            values["user_id"] = nip  # replaced by the login's id below
            changed.append("user")
        if not changed:
            hasil.tidak_berubah += 1
            continue
        updated.append((pegawai, {**pegawai, **values}, changed))
    login_of = _logins(new_logins, users)
    _write_updated(catatan, updated, login_of)
    _write_created(catatan, instansi, created, login_of)
    catatan.write()
    hasil.diubah += len(updated)
    hasil.ditambahkan += len(created)


def _create_jabatan(catatan: Catatan, known: dict, rows: list[dict]) -> dict[tuple[str, str], int]:
    """{(nama, jenjang): id} of every position of `rows`; the unknown ones are created, with the jenis of their
    first row (the checks refused any row with another jenis)."""
    ids = {key: pk for key, (pk, _) in known.items()}
    new: dict[tuple[str, str], str] = {}
    for data in rows:
        key = (data["jabatan"], data["jenjang"])
        if data["jabatan"] and key not in ids:
            new.setdefault(key, data["jenis_jabatan"])
    if not new:
        return ids
    insert_rows(
        Jabatan,
        ["nama", "jenjang", "jenis"],
        [(nama, jenjang, jenis) for (nama, jenjang), jenis in new.items()],
    )
    names = sorted({nama for nama, _ in new})
    for pk, nama, jenjang in Jabatan.objects.filter(nama__in=names).values_list("pk", "nama", "jenjang"):
        if (nama, jenjang) in new:
            ids[(nama, jenjang)] = pk
    for (nama, jenjang), jenis in new.items():
        label = f"{nama} / {jenjang}" if jenjang else nama  # as Jabatan.__str__
        after = {"nama": nama, "jenis": jenis, "jenjang": jenjang}
        catatan.event("impor.jabatan_create", Jabatan, ids[(nama, jenjang)], label, after=after)
    return ids


def _logins(new_logins: list[str], users: dict) -> dict[str, int]:
    """{NIP: login id}: the existing logins named after a NIP, and new ones for `new_logins` (username NIP,
    peran Pegawai, an unusable password: the admin issues a password with *reset password*)."""
    login_of = {username: pk for username, (pk, _) in users.items()}
    if new_logins:
        columns = new_row_columns(User)
        base = {**defaults(User, columns), "peran": Peran.PEGAWAI}
        at_username, at_password = columns.index("username"), columns.index("password")
        template = [base[c] for c in columns]

        def rows():
            for nip, password in zip(new_logins, unusable_passwords(len(new_logins)), strict=True):
                template[at_username], template[at_password] = nip, password
                yield tuple(template)

        insert_rows(User, columns, rows())
        login_of.update(ids_by(User, "username", new_logins))
    return login_of


def _write_updated(catatan: Catatan, updated: list, login_of: dict[str, int]) -> None:
    rows = []
    for before, after, changed in updated:
        if "user" in changed:
            after["user_id"] = login_of[after["nip"]]
        rows.append((after["id"], *(after[c] for c in UPDATE_COLUMNS)))
        catatan.history(Pegawai, after, jenis="~")
        label = f"{after['nama']} ({after['nip']})"  # as Pegawai.__str__
        catatan.event(
            "impor.pegawai_update",
            Pegawai,
            after["id"],
            label,
            before={f: before[ATTNAME.get(f, f)] for f in changed},
            after={f: after[ATTNAME.get(f, f)] for f in changed},
        )
    update_rows(Pegawai, UPDATE_COLUMNS, rows)


def _write_created(
    catatan: Catatan, instansi: Instansi, created: list[dict], login_of: dict[str, int]
) -> None:
    if not created:
        return
    columns = new_row_columns(Pegawai)
    base = {**defaults(Pegawai, columns), "instansi_id": instansi.pk}
    row_of = itemgetter(*columns)

    def rows():  # streamed into the COPY while it runs
        for i, values in enumerate(created):
            full = created[i] = base | values
            full["user_id"] = login_of[full["nip"]]
            yield row_of(full)

    insert_rows(Pegawai, columns, rows())
    ids = ids_by(Pegawai, "nip", [v["nip"] for v in created])
    snapshot = [(f, ATTNAME.get(f, f)) for f in ["nip", *PEGAWAI_FIELDS, "user"]]
    dates = [f for f, _ in snapshot if isinstance(Pegawai._meta.get_field(f), models.DateField)]
    for values in created:
        values["id"] = ids[values["nip"]]
        catatan.history(Pegawai, values, jenis="+", reason="")

    def events():  # made while the audit events are being written
        for values in created:
            after = {f: values[a] for f, a in snapshot}
            for f in dates:  # as `audit` stores them (here: much faster than in the JSON encoder's hook)
                if after[f] is not None:
                    after[f] = after[f].isoformat()
            yield values["id"], f"{values['nama']} ({values['nip']})", None, after  # label: Pegawai.__str__

    catatan.events("impor.pegawai_create", Pegawai, events())
