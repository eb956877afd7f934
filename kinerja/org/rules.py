"""Pure rules of the organisation: NIP structure. No ORM, no request."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from kinerja.core.dates import BULAN

PNS = "PNS"
PPPK = "PPPK"
PRIA = "L"
WANITA = "P"
PPPK_MARKER = "21"  # PPPK NIPs carry year of appointment + "21" where PNS carry YYYYMM of TMT CPNS


@dataclass(frozen=True)
class NipParts:
    tanggal_lahir: datetime.date
    tahun_tmt: int
    bulan_tmt: int | None  # None for PPPK
    jenis_asn: str
    jenis_kelamin: str
    urut: str


def parse_nip(nip: str) -> tuple[NipParts | None, list[str]]:
    """Split a NIP into its parts; return (parts, problems). Parts is None when unusable."""
    nip = (nip or "").strip()
    if len(nip) != 18 or not nip.isdigit():
        return None, ["NIP harus terdiri dari 18 digit angka."]
    problems: list[str] = []
    try:
        lahir = datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return None, ["8 digit pertama NIP harus tanggal lahir yang valid (TTTTBBHH)."]
    if lahir.year < 1940:
        problems.append("Tahun lahir pada NIP tidak wajar (sebelum 1940).")
    tahun_tmt = int(nip[8:12])
    kode_bulan = nip[12:14]
    if kode_bulan == PPPK_MARKER:
        jenis_asn, bulan_tmt = PPPK, None
    else:
        jenis_asn, bulan_tmt = PNS, int(kode_bulan)
        if not 1 <= bulan_tmt <= 12:
            problems.append(
                "Digit ke-9 s.d. ke-14 NIP harus bulan TMT CPNS (TTTTBB), atau tahun diikuti 21 untuk PPPK."
            )
    if tahun_tmt < lahir.year + 15:
        problems.append("Tahun TMT pada NIP harus sesudah tahun lahir (minimal usia 15 tahun).")
    seks = nip[14]
    if seks not in ("1", "2"):
        problems.append("Digit ke-15 NIP (jenis kelamin) harus 1 (pria) atau 2 (wanita).")
    if nip[15:18] == "000":
        problems.append("Tiga digit terakhir NIP (nomor urut) tidak boleh 000.")
    parts = NipParts(
        tanggal_lahir=lahir,
        tahun_tmt=tahun_tmt,
        bulan_tmt=bulan_tmt,
        jenis_asn=jenis_asn,
        jenis_kelamin=PRIA if seks == "1" else WANITA,
        urut=nip[15:18],
    )
    return parts, problems


def nip_problems(
    nip: str,
    *,
    tanggal_lahir: datetime.date | None = None,
    jenis_kelamin: str | None = None,
    jenis_asn: str | None = None,
    tmt_cpns: datetime.date | None = None,
) -> list[str]:
    """Every reason why `nip` is not a valid NIP for a person with the given data (empty when valid)."""
    parts, problems = parse_nip(nip)
    if parts is None:
        return problems
    if tanggal_lahir and parts.tanggal_lahir != tanggal_lahir:
        problems.append("Tanggal lahir pada NIP tidak sama dengan tanggal lahir pegawai.")
    if jenis_kelamin and parts.jenis_kelamin != jenis_kelamin:
        problems.append("Digit jenis kelamin pada NIP tidak sesuai dengan jenis kelamin pegawai.")
    if jenis_asn and parts.jenis_asn != jenis_asn:
        if jenis_asn == PPPK:
            problems.append("NIP PPPK harus memuat tahun pengangkatan diikuti 21 pada digit ke-9 s.d. ke-14.")
        else:
            problems.append("NIP PNS harus memuat bulan TMT CPNS (TTTTBB) pada digit ke-9 s.d. ke-14.")
    elif tmt_cpns and parts.jenis_asn == PNS and parts.bulan_tmt and 1 <= parts.bulan_tmt <= 12:
        if (parts.tahun_tmt, parts.bulan_tmt) != (tmt_cpns.year, tmt_cpns.month):
            problems.append(
                f"Bulan TMT CPNS pada NIP ({BULAN[parts.bulan_tmt - 1]} {parts.tahun_tmt}) "
                "tidak sama dengan TMT CPNS pegawai."
            )
    elif tmt_cpns and parts.jenis_asn == PPPK and parts.tahun_tmt != tmt_cpns.year:
        problems.append("Tahun pengangkatan pada NIP PPPK tidak sama dengan TMT pengangkatan pegawai.")
    return problems


def make_nip(
    *, tanggal_lahir: datetime.date, tmt: datetime.date, jenis_asn: str, jenis_kelamin: str, urut: int
) -> str:
    """Compose a NIP from its parts (used for fictional demo data)."""
    tengah = f"{tmt.year:04d}{PPPK_MARKER}" if jenis_asn == PPPK else f"{tmt.year:04d}{tmt.month:02d}"
    seks = "1" if jenis_kelamin == PRIA else "2"
    return f"{tanggal_lahir:%Y%m%d}{tengah}{seks}{urut:03d}"
