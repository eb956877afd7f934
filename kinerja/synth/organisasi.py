"""One synthetic instansi: its unit tree, its people, its leaders and PLT, written as rows of a `Sink`.

Everything is decided in memory first (ids reserved from the pools), so the rows can point at each other;
the resolver below is `kinerja.org.atasan._resolve` over the in-memory tree, so every SKP snapshot agrees with
what the application computes for the same people.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from kinerja.org import atasan, reference
from kinerja.org.demo import J
from kinerja.org.models import Jabatan, JenisInduk, JenisPegawai, JenisPenugasan

from . import names

DOMAIN = "sintetis.example"  # every synthetic user's e-mail ends with it: the marker --reset deletes by


@dataclass(eq=False)
class Unit:
    id: int
    nama: str
    eselon: str
    jenis_induk: str
    parent: Unit | None
    jabatan: tuple[str, J]  # leader's jabatan name and grade template
    pool: tuple[J, ...]
    weight: int
    chain: list[Unit] = field(default_factory=list)
    children: list[Unit] = field(default_factory=list)

    @property
    def path(self) -> str:
        return "/" + "".join(f"{u.id}/" for u in self.chain)

    @property
    def depth(self) -> int:
        return len(self.chain) - 1


@dataclass(eq=False)
class Person:
    id: int
    user_id: int
    nip: str
    nama: str
    gelar: str
    kelamin: str
    lahir: datetime.date
    tmt: datetime.date
    tmt_pns: datetime.date | None
    pppk: bool
    golongan: str
    jabatan_id: int
    jabatan_nama: str
    jabatan_jenis: str
    unit: Unit
    pimpinan: bool

    @property
    def nama_lengkap(self) -> str:
        return names.nama_lengkap(self.nama, "", self.gelar)

    @property
    def pangkat(self) -> str:
        return reference.pangkat_golongan("PPPK" if self.pppk else "PNS", self.golongan)


@dataclass(frozen=True)
class Lead:
    person: Person
    status: str  # "definitif" or "plt"
    plt_id: int | None = None


@dataclass
class Org:
    instansi_id: int
    nama: str
    units: list[Unit]
    people: list[Person]
    leaders: dict[int, Lead]  # unit id -> leader
    plt: list[tuple[int, Person, Unit]]  # (penugasan id, pegawai, unit)
    admin: Person
    demo: list[tuple[str, Person]]


class JabatanRegistry:
    """Jabatan are shared by every instansi; the few missing ones are created once through the ORM."""

    def __init__(self):
        self.by_key = {(j.nama, j.jenjang): (j.pk, j.jenis) for j in Jabatan.objects.all()}

    def get(self, nama: str, j: J) -> tuple[int, str]:
        key = (nama, j.jenjang)
        if key not in self.by_key:
            obj, _ = Jabatan.objects.get_or_create(nama=nama, jenjang=j.jenjang, defaults={"jenis": j.jenis})
            self.by_key[key] = (obj.pk, obj.jenis)
        return self.by_key[key]


def _tree(rnd: random.Random, nama_root: str, tempat: str, size: int) -> list[tuple]:
    """(key, parent key, nama, eselon, jenis_induk, jabatan, template, staff pool, weight) for a tree of
    about size/14 units: root -> OPD (JPT) or kecamatan (Mandiri) -> sekretariat/bidang/seksi -> subbidang."""
    target = max(4, size // 14)
    small = target < 14
    rows = [("r", None, nama_root.upper(), "21", JenisInduk.JPT, "Sekretaris Daerah", names.SEKDA, (), 0)]
    opd = list(names.OPD)
    rnd.shuffle(opd)
    i = 0
    while len(rows) < target:
        key = f"o{i}"
        kecamatan = i >= len(opd) or (i >= 6 and rnd.random() < 0.25)
        if kecamatan:
            kec = f"KECAMATAN {names.AWALAN[rnd.randrange(len(names.AWALAN))]}{names.AKHIRAN[i % 20]}".upper()
            rows.append((key, "r", kec, "31", JenisInduk.MANDIRI, "Camat", names.CAMAT, names.POOL_STAF, 1))
            rows.append((f"{key}s", key, f"SEKRETARIAT {kec}", "41", "", "Sekretaris Kecamatan", names.KASUB,
                         names.POOL_STAF, 3))  # fmt: skip
            for s, seksi in enumerate(names.SEKSI_KECAMATAN[: 1 if small else 3]):
                rows.append((f"{key}k{s}", key, f"{seksi} {kec}", "41", "", f"Kepala {names.title(seksi)}",
                             names.KASUB, names.POOL_STAF, 3))  # fmt: skip
        else:
            nama, singkat = opd[i]
            pool = names.POOL_GURU + names.POOL_STAF if singkat == "DISDIK" else names.POOL_STAF
            rows.append((key, "r", nama, "22", JenisInduk.JPT, f"Kepala {names.title(nama)}", names.KEPALA_OPD,
                         pool, 1))  # fmt: skip
            rows.append((f"{key}s", key, f"SEKRETARIAT {singkat}", "31", "", f"Sekretaris {singkat}",
                         names.KABID, pool, 2))  # fmt: skip
            for s, sub in enumerate(names.SUB_SEKRETARIAT[: 1 if small else rnd.randint(2, 3)]):
                rows.append((f"{key}s{s}", f"{key}s", f"{sub} {singkat}", "42", "", f"Kepala {names.title(sub)}",
                             names.KASUB, pool, 4))  # fmt: skip
            bidang = rnd.sample(names.BIDANG, 1 if small else rnd.randint(2, 4))
            for b, bid in enumerate(bidang):
                bkey = f"{key}b{b}"
                rows.append((bkey, key, f"BIDANG {bid} {singkat}", "32", "", f"Kepala Bidang {names.title(bid)}",
                             names.KABID, pool, 2))  # fmt: skip
                for s, sub in enumerate(rnd.sample(names.SUB_BIDANG, 1 if small else rnd.randint(1, 3))):
                    rows.append((f"{bkey}s{s}", bkey, f"SUBBIDANG {sub} {bid} {singkat}", "42", "",
                                 f"Kepala Subbidang {names.title(sub)}", names.KASUB, pool, 4))  # fmt: skip
        i += 1
    return rows


def build(
    *,
    index: int,
    size: int,
    rnd: random.Random,
    ids,
    nip: names.NipGenerator,
    person_offset: int,
    jabatan: JabatanRegistry,
    tahun: int,
    demo_hash: str | None,
    sink,
) -> Org:
    """Plan instansi number `index` with `size` people and add its org rows to the sink."""
    instansi_id = ids["instansi"].take(1)[0]
    nama, tempat = names.nama_daerah(index)
    kode = f"SYN-{index + 1:05d}"
    sink.t["instansi"].add(instansi_id, kode, nama)
    plan = _tree(rnd, nama, tempat, size)
    unit_ids = ids["unit"].take(len(plan))
    by_key: dict[str, Unit] = {}
    units: list[Unit] = []
    for uid, (key, parent, unama, eselon, induk, jab_nama, j, pool, weight) in zip(
        unit_ids, plan, strict=True
    ):
        p = by_key.get(parent) if parent else None
        unit = Unit(uid, unama[:250], eselon, induk, p, (jab_nama, j), pool, weight)
        unit.chain = [*(p.chain if p else []), unit]
        if p:
            p.children.append(unit)
        by_key[key] = unit
        units.append(unit)
        sink.t["unit"].add(uid, instansi_id, f"SYN{index + 1:05d}-{len(units):05d}", unit.nama, eselon,
                           p.id if p else None, induk, True, unit.path, unit.depth)  # fmt: skip
    # A few units with children have no definitive leader: the leader of their first child acts (PLT).
    # Candidates lead only leaf units, so the acting child leader is always a definitive one.
    cands = [u for u in units if u.parent and u.children and not any(c.children for c in u.children)]
    vacant = set(rnd.sample(cands, max(1, round(len(cands) * 0.04)))) if cands else set()
    leaders_planned = [u for u in units if u not in vacant]
    staff_count = max(size - len(leaders_planned), 0)
    staff_units = [u for u in units if u.weight]
    placed = staff_units[:staff_count] if staff_count >= len(staff_units) else staff_units[:0]
    rest = staff_count - len(placed)
    if rest > 0:
        placed += rnd.choices(staff_units, weights=[u.weight for u in staff_units], k=rest)
    person_ids = ids["pegawai"].take(len(leaders_planned) + len(placed))
    user_ids = ids["user"].take(len(person_ids))
    people: list[Person] = []

    def add_person(unit: Unit, pimpinan: bool) -> Person:
        k = len(people)
        nama_p, kelamin = names.nama_orang(rnd)
        if pimpinan:
            jab_nama, j = unit.jabatan
            pppk = False
        else:
            pppk = rnd.random() < 0.36
            choices = [x for x in unit.pool if x.pppk] if pppk else unit.pool
            j = rnd.choice(choices or unit.pool)
            pppk = pppk and bool(j.pppk)
            jab_nama = j.nama
        jab_id, jab_jenis = jabatan.get(jab_nama, j)
        nip_s, lahir, tmt, tmt_pns = nip.person(person_offset + k, rnd, pppk=pppk, kelamin=kelamin)
        golongan = j.pppk if pppk else rnd.choice(j.golongan)
        atas = golongan.startswith(("III", "IV")) or pppk and golongan in ("IX", "X", "XI")
        gelar = rnd.choice(names.GELAR if atas else names.GELAR_MENENGAH)
        p = Person(person_ids[k], user_ids[k], nip_s, nama_p, gelar, kelamin, lahir, tmt, tmt_pns, pppk, golongan,
                   jab_id, jab_nama, jab_jenis, unit, pimpinan)  # fmt: skip
        people.append(p)
        return p

    leaders: dict[int, Lead] = {u.id: Lead(add_person(u, True), "definitif") for u in leaders_planned}
    for unit in placed:
        add_person(unit, False)
    plt: list[tuple[int, Person, Unit]] = []
    plt_ids = ids["plt"].take(len(vacant))
    for pid, unit in zip(plt_ids, sorted(vacant, key=lambda u: u.id), strict=True):
        acting = leaders[unit.children[0].id].person
        leaders[unit.id] = Lead(acting, "plt", pid)
        plt.append((pid, acting, unit))
        sink.t["plt"].add(pid, acting.id, unit.id, JenisPenugasan.PLT, f"800/{pid % 1000:03d}/SK/SINTETIS",
                          datetime.date(tahun, 1, 1), None)  # fmt: skip
    bkpsdm = [p for p in people if not p.pimpinan and "BKPSDM" in p.unit.nama]
    admin = (bkpsdm or [p for p in people if not p.pimpinan] or people)[0]
    demo = _demo_logins(units, leaders, people, plt, admin) if demo_hash else []
    demo_ids = {p.id for _, p in demo}
    for p in people:
        peran, admin_instansi = ("ADMIN_INSTANSI", instansi_id) if p is admin else ("PEGAWAI", None)
        password = demo_hash if p.id in demo_ids else f"!sintetis{p.user_id}"  # "!": unusable password
        sink.t["user"].add(p.user_id, password, p.nip, p.nama.title(), f"{p.nip}@{DOMAIN}", peran,
                           admin_instansi)  # fmt: skip
        sink.t["pegawai"].add(p.id, p.user_id, instansi_id, p.nip, p.nama, p.gelar, names.TEMPAT[p.id % len(names.TEMPAT)],
                              p.lahir, p.kelamin, "PPPK" if p.pppk else "PNS", p.tmt, p.tmt_pns, p.jabatan_id,
                              datetime.date(max(p.tmt.year, tahun - 3), 1, 1), p.golongan,
                              datetime.date(max(p.tmt.year, tahun - 2), 4, 1), p.unit.id,
                              JenisPegawai.PIMPINAN if p.pimpinan else JenisPegawai.PEGAWAI)  # fmt: skip
    return Org(instansi_id, nama, units, people, leaders, plt, admin, demo)


def _demo_logins(units, leaders, people, plt, admin) -> list[tuple[str, Person]]:
    """The handful of people who get the demo password: one of each kind worth trying."""
    staff = [p for p in people if not p.pimpinan and p is not admin]
    picks = [
        ("Admin Instansi", admin),
        ("Sekretaris Daerah (pimpinan tertinggi)", leaders[units[0].id].person),
        ("Pimpinan JPT", next((leaders[u.id].person for u in units if u.depth == 1), None)),
        ("Pimpinan bidang", next((leaders[u.id].person for u in units if u.depth == 2), None)),
        ("Pimpinan subbidang", next((leaders[u.id].person for u in units if u.depth == 3), None)),
        ("PLT", plt[0][1] if plt else None),
        ("Pegawai PNS", next((p for p in staff if not p.pppk), None)),
        ("Pegawai PPPK", next((p for p in staff if p.pppk), None)),
    ]
    seen: set[int] = set()
    result = []
    for label, p in picks:
        if p is not None and p.id not in seen:
            seen.add(p.id)
            result.append((label, p))
    return result


def resolve(person: Person, chain: list[Unit], leaders: dict[int, Lead], *, pimpinan: bool):
    """(Lead or None, unit or None, alasan): kinerja.org.atasan._resolve on the in-memory tree."""
    idx = len(chain) - 1 - (1 if pimpinan else 0)
    while idx >= 0 and (lead := leaders.get(chain[idx].id)) and lead.person is person:
        idx -= 1
    if idx < 0:
        return None, None, atasan.TOP_OF_TREE
    unit = chain[idx]
    lead = leaders.get(unit.id)
    if lead is None:
        alasan = atasan.NO_LEADER if idx == len(chain) - 1 else atasan.NO_PARENT_LEADER
        return None, unit, f"{alasan} ({unit.nama})."
    return lead, unit, ""
