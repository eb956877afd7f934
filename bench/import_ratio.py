"""Benchmark 3: import of 100,000 employees from CSV vs a raw PostgreSQL COPY of the same rows.

The import goes through the real service (`kinerja.org.services.impor.impor_data`) in files of at most
20,000 rows (the limit of one upload, docs/import.md). The COPY writes the same typed rows straight into
`org_pegawai` (no parsing, no checks, no logins, no audit, no history) in a transaction that is rolled back.
Ratio = COPY time / import time: 1.0 would be COPY speed; the target is at least 1/3.
"""

from __future__ import annotations

import csv
import datetime
import io
import time

from kinerja.org import rules
from kinerja.org.services.impor_parse import KOLOM_PEGAWAI, KOLOM_UNIT, MAX_ROWS

NAME = "import_ratio"
TITLE = "Benchmark 3: import of 100,000 employees vs raw COPY"
PEGAWAI = 100_000
TARGET = 1 / 3
BEFORE = (
    "Before the batched write path (`kinerja/org/services/impor_bulk.py`: logins, employees, history rows and "
    "audit events by COPY instead of bulk_create + one audit INSERT per row), on the same machine, one file of "
    "20,000 rows: import 15.7 s (1,276 rows/s) vs COPY 0.24 s, ratio 0.02; after: 8.6 s (2,338 rows/s), "
    "ratio 0.05. What is left is Python work per row (parsing and NIP checks ≈ 1.5 s per 20,000, model "
    "instances and value conversion for four tables), not queries."
)

JABATAN = [  # (nama, jenis, jenjang)
    ("Analis Kebijakan", "JF", "Ahli Muda"),
    ("Analis Kebijakan", "JF", "Ahli Pertama"),
    ("Guru", "JF", "Ahli Pertama"),
    ("Perawat", "JF", "Terampil"),
    ("Pengadministrasi Perkantoran", "JA", ""),
    ("Penata Layanan Operasional", "JA", ""),
    ("Kepala Bidang", "JA", ""),
]
NAMA = ["AGUS", "BUDI", "CITRA", "DEWI", "EKA", "FAJAR", "GEDE", "HANA", "INDAH", "JOKO", "KADEK", "LINA"]
TEMPAT = ["Singaraja", "Tabanan", "Denpasar", "Mataram", "Kupang", "Makassar"]


def unit_rows(n: int) -> list[tuple]:
    """A tree of `n` units (root, dinas, bidang, subbidang), parents before children."""
    rows = [(_id(0), "PEMERINTAH PROVINSI BENCH", "", "", "")]
    level, i = [_id(0)], 1
    for eselon, nama in (("22", "DINAS"), ("32", "BIDANG"), ("42", "SUBBIDANG")):
        nxt = []
        for parent in level:
            for _ in range(6):
                if i >= n:
                    return rows
                rows.append((_id(i), f"{nama} BENCH {i}", eselon, parent, "JPT" if eselon == "22" else ""))
                nxt.append(_id(i))
                i += 1
        level = nxt
    return rows


def _id(i: int) -> str:
    return f"bench{i:027x}"


def pegawai_row(i: int, id_unor: str) -> tuple:
    """Employee number `i` as a CSV row; the NIP is valid and unique for i < 999 * 20,000."""
    lahir = datetime.date(1965, 1, 1) + datetime.timedelta(days=i // 999)
    pppk = i % 4 == 0
    jk = "L" if i % 2 else "P"
    tmt = datetime.date(lahir.year + 23, i % 12 + 1, 1)
    nip = rules.make_nip(
        tanggal_lahir=lahir, tmt=tmt, jenis_asn="PPPK" if pppk else "PNS", jenis_kelamin=jk, urut=i % 999 + 1
    )
    jabatan, jenis, jenjang = JABATAN[i % len(JABATAN)]
    return (
        nip, f"{NAMA[i % len(NAMA)]} BENCH {i}", "", "S.Pd." if i % 3 == 0 else "", TEMPAT[i % len(TEMPAT)],
        lahir.isoformat(), jk, "PPPK" if pppk else "PNS", tmt.isoformat(),
        "" if pppk else tmt.replace(year=tmt.year + 1).isoformat(), jabatan, jenis, jenjang,
        "2020-01-02", "IX" if pppk else "III/b", "2021-04-01", id_unor, "",
    )  # fmt: skip


def csv_bytes(header: tuple, rows: list[tuple]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def pegawai_files(n: int, units: list[str], *, per_file: int = MAX_ROWS) -> list[bytes]:
    """`n` employees spread over `units`, as CSV files of at most `per_file` rows."""
    rows = [pegawai_row(i, units[i % len(units)]) for i in range(n)]
    return [csv_bytes(KOLOM_PEGAWAI, rows[k : k + per_file]) for k in range(0, n, per_file)]


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def _copy_seconds(instansi, files: list[bytes]) -> float:
    """COPY the typed rows into org_pegawai, timed, then roll back."""
    from django.db import connection, transaction

    from kinerja.org.models import Jabatan, UnitKerja

    units = dict(UnitKerja.objects.filter(instansi=instansi).values_list("id_unor", "pk"))
    jabatan = {
        (nama, jenjang): pk for pk, nama, jenjang in Jabatan.objects.values_list("pk", "nama", "jenjang")
    }
    kolom = (
        "instansi_id, nip, nama, gelar_depan, gelar_belakang, nomor_kartu_asn, tempat_lahir, tanggal_lahir, "
        "jenis_kelamin, jenis_asn, tmt_cpns, tmt_pns, jabatan_id, tmt_jabatan, golongan, tmt_golongan, "
        "unit_kerja_id, jenis_pegawai, diperbantukan_di, aktif, siasn_id"
    )
    records = []
    for data in files:
        for r in csv.DictReader(io.StringIO(data.decode("utf-8"))):
            records.append((
                instansi.pk, r["nip"], r["nama"], r["gelar_depan"], r["gelar_belakang"], r["nomor_kartu_asn"],
                r["tempat_lahir"], r["tanggal_lahir"], r["jenis_kelamin"], r["jenis_asn"], r["tmt_cpns"],
                r["tmt_pns"] or None, jabatan[(r["jabatan"], r["jenjang"])], r["tmt_jabatan"], r["golongan"],
                r["tmt_golongan"], units[r["id_unor"]], "PEGAWAI", "", True, "",
            ))  # fmt: skip
    sid = transaction.savepoint()
    try:
        with connection.cursor() as cur:
            started = time.perf_counter()
            with cur.cursor.copy(f"COPY org_pegawai ({kolom}) FROM STDIN") as copy:
                for record in records:
                    copy.write_row(record)
            return time.perf_counter() - started
    finally:
        transaction.savepoint_rollback(sid)


def measure(n: int = PEGAWAI, n_units: int = 250) -> dict:
    """Import `n` employees into a new instansi and COPY the same rows; return the figures."""
    from django.db import connection, transaction

    from kinerja.core.models import AuditEvent
    from kinerja.org.models import Jabatan, Pegawai, Peran
    from kinerja.org.services.impor import impor_data
    from tests.factories import InstansiFactory, UserFactory

    instansi = InstansiFactory(nama="Pemerintah Provinsi Bench")
    admin = UserFactory(username="admin-bench", peran=Peran.ADMIN_INSTANSI, instansi=instansi)
    units = unit_rows(n_units)
    hasil = impor_data(
        actor=admin, instansi=instansi, jenis="unit", berkas=_upload("unit.csv", csv_bytes(KOLOM_UNIT, units))
    )
    assert not hasil.ditolak, hasil.masalah[:3]
    files = pegawai_files(n, [u[0] for u in units])
    for nama, jenis, jenjang in JABATAN:  # positions exist already, so both sides write the same rows
        Jabatan.objects.get_or_create(nama=nama, jenjang=jenjang, defaults={"jenis": jenis})
    copy_s = None
    if connection.vendor == "postgresql":
        with transaction.atomic():
            copy_s = _copy_seconds(instansi, files)
    Pegawai.objects.filter(instansi=instansi).delete()
    started = time.perf_counter()
    added = 0
    for k, data in enumerate(files):
        hasil = impor_data(actor=admin, instansi=instansi, jenis="pegawai", berkas=_upload(f"p{k}.csv", data))
        assert not hasil.ditolak, hasil.masalah[:3]
        added += hasil.ditambahkan
    import_s = time.perf_counter() - started
    assert Pegawai.objects.filter(instansi=instansi).count() == n
    return {
        "pegawai": n,
        "berkas": len(files),
        "units": len(units),
        "ditambahkan": added,
        "copy_s": copy_s,
        "import_s": import_s,
        "ratio": copy_s / import_s if copy_s else None,
        "audit": AuditEvent.objects.filter(instansi=instansi, action="impor.pegawai_create").count(),
    }


def report(f: dict) -> str:
    ok = "yes" if f["ratio"] >= TARGET else "**no**"
    return (
        f"{f['pegawai']:,} employees in {f['berkas']} CSV files of at most {MAX_ROWS:,} rows, "
        f"{f['units']} units (imported first, not timed).\n\n"
        "| path | seconds | rows/s |\n|---|---:|---:|\n"
        f"| `impor_data` (parse, check, logins, pegawai, history, audit) | {f['import_s']:.1f} | "
        f"{f['pegawai'] / f['import_s']:,.0f} |\n"
        f"| raw `COPY org_pegawai … FROM STDIN` (typed rows, rolled back) | {f['copy_s']:.1f} | "
        f"{f['pegawai'] / f['copy_s']:,.0f} |\n\n"
        f"Ratio COPY / import = **{f['ratio']:.2f}** (target ≥ {TARGET:.2f}: {ok}); "
        f"{f['audit']:,} `impor.pegawai_create` audit events written.\n\n"
        f"{BEFORE}\n"
    )


def run() -> str:
    return report(measure())
