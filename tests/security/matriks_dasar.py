"""The vocabulary of the authorization matrix: what a persona should get (Harap), one row of the matrix (Entri) and
the persona groups that most rows share. The rows are in matriks_web*.py, matriks_api.py and matriks_serangan.py.

Who may do what, as the rules (kinerja/*/permissions.py) and SPEC.md §Roles say, and as the rows expect it:
- the owner (pemilik): everything of their own; writes while the SKP is DRAFT / the period is open;
- their assessor (penilai): reads the SKP once submitted and every period they assess; approves, sets the
  Ekspektasi, gives feedback, ratings and coaching; through the API also writes the RHK and indicators of a
  subordinate's DRAFT SKP (the leader builds the cascade, skp.services.rhk._may_write);
- the assessor's superior (atasan_penilai): decides the keberatan and reads the Final period it is about
  (penilaian.selectors.penilaian._is_keberatan_atasan) and, as today's atasan pejabat penilai, the outputs
  (Angka Kredit, Keluaran: laporan.selectors.boleh_lihat). Nothing else of the owner: not the SKP itself, not
  the daily entries, not the printed forms (those are the assessor's and the admins', selectors/cetak.py);
- a colleague in the same unit (kolega): sees the owner in List Pegawai Satu Unit Kerja and gives peer feedback
  (Feedback Perilaku rekan kerja: anyone of the instansi, SPEC §3), never the content of the owner's SKP;
- someone in another unit (unit_lain): peer feedback too, nothing else;
- the admin of the instansi: reads everything of the instansi, manages it, never writes the owner's SKP or
  assessment; the admin of another instansi: nothing of it (404); the admin nasional: every instansi;
- anonymous: the login page (web) or 401 (API), except the public pages (login, healthz, the OpenAPI document).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .dunia import PEGAWAI


@dataclass(frozen=True)
class Harap:
    """`ok`: allowed (status in `kode`; a write may answer 200/201/204/302). `bersih`: allowed, and the answer
    holds none of the owner's secrets (their list or search shows only what is theirs). `tolak`: refused — 403 or
    404 (anonymous: the login page, or 401 from the API), or the statuses in `kode` for a refusal that answers
    normally (a foreign id dropped as an invalid choice); a refused write changes nothing."""

    jenis: str
    kode: tuple[int, ...] = ()


OK = Harap("ok")
BERSIH = Harap("bersih")
TOLAK = Harap("tolak")


def ok(*kode: int) -> Harap:
    return Harap("ok", kode)


def bersih(*kode: int) -> Harap:
    return Harap("bersih", kode)


def tolak_diam(*kode: int) -> Harap:
    """Refused without an error status: a form refuses the foreign choice, a bulk action skips what is not the
    caller's. Still nothing of the owner's changes and nothing of theirs is shown."""
    return Harap("tolak", kode or (200, 302))


def H(**harap: Harap) -> dict[str, Harap]:
    return harap


def semua(harap: Harap, personas=PEGAWAI) -> dict[str, Harap]:
    return dict.fromkeys(personas, harap)


ADMIN = ("admin", "admin_nasional")
SEMUA_ADMIN = ("admin", "admin_lain", "admin_nasional")
LOGIN = (*PEGAWAI, *SEMUA_ADMIN)

PEMILIK = H(pemilik=OK)
PENILAI = H(penilai=OK)
ATASAN = H(atasan_penilai=OK)
# skp.view / penilaian.view: the owner, the assessor (once submitted), the admins of the instansi.
BACA = H(pemilik=OK, penilai=OK, admin=OK, admin_nasional=OK)
# The same with the atasan pejabat penilai, who reads the Final period whose keberatan they decide.
BACA_KEBERATAN = {**BACA, **ATASAN}
# A page about one object of the instansi: its admins; the other instansi's admin gets 404.
ADMIN_OBJEK = semua(OK, ADMIN)
# An admin list or export: the other instansi's admin sees their own instansi only.
ADMIN_DAFTAR = {**semua(OK, ADMIN), "admin_lain": BERSIH}
# A form of the admin's own instansi (creates there): every admin may open it.
ADMIN_FORM = semua(OK, SEMUA_ADMIN)
# A page of one's own (profile, own lists): every employee; admins have no Pegawai (404).
DIRI = semua(OK)
# ... and the page of someone else than the owner shows nothing of the owner's.
DIRI_BERSIH = {**semua(BERSIH), **PEMILIK}


@dataclass
class Entri:
    """One row: a URL name (web) or `METHOD /api/v1/path` (API), how to build its arguments from the world, and
    per persona what GET (`get`) and the write (`tulis`, method `metode`) should answer. A persona not named is
    refused; `None` means the method is not tried (the view does not accept it). `label` tells apart rows of the
    same URL with other arguments; `rahasia` (world -> texts) replaces the owner's secrets for `bersih`."""

    nama: str
    get: dict[str, Harap] | None = None
    tulis: dict[str, Harap] | None = None
    metode: str = "POST"
    kw: Callable = lambda *a: {}
    query: Callable = lambda *a: {}
    data: Callable = lambda *a: {}
    label: str = ""
    publik: bool = False
    per_persona: bool = False  # kw / query / data take (world, persona): each knocks with their own SKP
    hanya: tuple[
        str, ...
    ] = ()  # knock with these personas only (a costly page that is the same for everyone)
    rahasia: Callable | None = None
    alasan: str = field(default="", repr=False)  # why an expectation is what it is, where not obvious

    def arg(self, nama: str, w, persona: str):
        fn = getattr(self, nama)
        return fn(w, persona) if self.per_persona else fn(w)

    @property
    def api(self) -> bool:
        return " /api/" in self.nama

    @property
    def judul(self) -> str:
        return f"{self.nama}[{self.label}]" if self.label else self.nama

    def harap(self, metode: str, persona: str) -> Harap:
        """An API key acts as an admin of its instansi (kinerja/api/auth.py): the read key of the owner's
        instansi as its admin, refused on every write; the other instansi's write key as that admin."""
        if persona == "kunci_baca":
            return self.harap(metode, "admin") if metode == "GET" or self.publik else TOLAK
        if persona == "kunci_lain":
            return self.harap(metode, "admin_lain")
        daftar = self.get if metode == "GET" else self.tulis
        if self.publik and persona == "anonim" and persona not in daftar:
            return OK
        return daftar.get(persona, TOLAK)

    def metode_dicoba(self) -> list[str]:
        return [m for m, d in (("GET", self.get), (self.metode, self.tulis)) if d is not None]


W = Entri  # a row of the web pages
A = Entri  # a row of the API (nama: "METHOD /api/v1/path", kw: the path parameters, data: the JSON body)
