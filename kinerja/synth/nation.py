"""The synthetic nation: many fictional instansi written with COPY (PostgreSQL) or bulk_create (elsewhere).

`generate(...)` plans one instansi at a time in memory (ids reserved from the sequences), adds its rows to the
sink, and flushes the sink in chunks, so memory is bounded by one instansi plus one chunk. No per-row service is
called: the rows are what the services would have written (snapshots, predikat from `predikat_for`), without the
audit trail or history rows of a real session.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection

from kinerja.org.demo import PASSWORD
from kinerja.org.models import Instansi, Pegawai, PenugasanPlt, UnitKerja, User
from kinerja.penilaian import ringkasan
from kinerja.penilaian.models import (
    BuktiDukung,
    FeedbackIndikator,
    FeedbackPerilaku,
    Penilaian,
    PeriodePenilaian,
    Realisasi,
)
from kinerja.skp.models import Indikator, Rhk, Skp

from . import names, organisasi, skp_penilaian
from .sink import IdPool, Sink, Table, is_postgres

KODE_PREFIX = "SYN-"
PEGAWAI_PER_INSTANSI = 2500
MIN_PER_INSTANSI = 30
MAX_PER_INSTANSI = 300_000  # one instansi is planned in memory at once
DETAIL_BATAS = 200_000  # at and above this many pegawai the detail rows are sampled by default
DETAIL_SAMPLE_BESAR = 0.05

TABLES = (
    ("instansi", Instansi, "id kode nama"),
    ("user", User, "id password username first_name email peran instansi"),
    ("unit", UnitKerja, "id instansi id_unor nama eselon parent jenis_induk aktif path depth"),
    ("pegawai", Pegawai, "id user instansi nip nama gelar_belakang tempat_lahir tanggal_lahir jenis_kelamin "
                         "jenis_asn tmt_cpns tmt_pns jabatan tmt_jabatan golongan tmt_golongan unit_kerja "
                         "jenis_pegawai"),
    ("plt", PenugasanPlt, "id pegawai unit_kerja jenis nomor_sk tanggal_mulai tanggal_selesai"),
    ("periode", PeriodePenilaian, "id instansi nama jenis tipe_periodik angka_periodik awal akhir batas tahun"),
    ("skp", Skp, "id pegawai instansi periode_awal periode_akhir pendekatan status_pegawai penugasan_plt status "
                 "model unit_kerja jenis_pegawai pegawai_nama pegawai_nip pegawai_pangkat pegawai_jabatan "
                 "pegawai_unit penilai penilai_unit_kerja penilai_nama penilai_nip penilai_pangkat "
                 "penilai_jabatan penilai_unit penilai_alasan dibuat_pada diubah_pada"),
    ("rhk", Rhk, "id skp jenis klasifikasi teks rhk_atasan rhk_atasan_teks urutan dibuat_oleh"),
    ("indikator", Indikator, "id rhk teks aspek target_nilai target_satuan perspektif urutan"),
    ("penilaian", Penilaian, "id skp periode tahun awal akhir batas penilai penilai_nama penilai_nip "
                             "penilai_jabatan penilai_unit rating_hasil_kerja rating_perilaku predikat "
                             "dinilai_pada dinilai_oleh dibuat_pada"),
    ("realisasi", Realisasi, "id penilaian indikator realisasi diubah_pada"),
    ("bukti", BuktiDukung, "id penilaian indikator nama link dibuat_pada"),
    ("fb_indikator", FeedbackIndikator, "id penilaian indikator jempol teks diubah_pada"),
    ("fb_perilaku", FeedbackPerilaku, "id penilaian nilai jempol teks diubah_pada"),
)  # fmt: skip


@dataclass
class Result:
    instansi: int = 0
    pegawai: int = 0
    detail_instansi: int = 0
    seconds: float = 0.0
    rows: int = 0
    table_lines: list[str] = field(default_factory=list)
    demo: list[tuple[str, str, str]] = field(default_factory=list)  # (peran, NIP, nama)


def default_instansi(pegawai: int) -> int:
    return max(1, round(pegawai / PEGAWAI_PER_INSTANSI))


def default_detail_sample(pegawai: int) -> float:
    return 1.0 if pegawai < DETAIL_BATAS else DETAIL_SAMPLE_BESAR


def synthetic_exists() -> bool:
    return Instansi.objects.filter(kode__startswith=KODE_PREFIX).exists()


def sizes(pegawai: int, instansi: int, rnd: random.Random) -> list[int]:
    """Split the employees over the instansi, uneven like real ones (0.4x to 1.6x the mean)."""
    weights = [rnd.uniform(0.4, 1.6) for _ in range(instansi)]
    total = sum(weights)
    base = max(0, pegawai - MIN_PER_INSTANSI * instansi)
    result = [MIN_PER_INSTANSI + int(base * w / total) for w in weights]
    for i in range(pegawai - sum(result)):
        result[i % instansi] += 1
    return result


def problems(*, pegawai: int, instansi: int, tahun: int, detail_sample: float) -> list[str]:
    """Why these sizes cannot be generated (Indonesian, for the command line)."""
    out = []
    if pegawai < MIN_PER_INSTANSI * instansi:
        out.append(f"--pegawai minimal {MIN_PER_INSTANSI} per instansi ({MIN_PER_INSTANSI * instansi}).")
    if instansi < 1:
        out.append("--instansi minimal 1.")
    elif pegawai / instansi > MAX_PER_INSTANSI:
        out.append(f"Rata-rata pegawai per instansi melebihi {MAX_PER_INSTANSI:,}; tambah --instansi.")
    if not 2021 <= tahun <= 2100:
        out.append("--tahun harus antara 2021 dan 2100.")
    if not 0 <= detail_sample <= 1:
        out.append("--detail-sample harus antara 0 dan 1.")
    return out


def generate(
    *,
    pegawai: int,
    instansi: int,
    tahun: int,
    seed: int,
    detail_sample: float,
    out=print,
    chunk: int = 50_000,
) -> Result:
    started = time.perf_counter()
    rnd = random.Random(seed)
    per_instansi = sizes(pegawai, instansi, rnd)
    n_detail = min(instansi, max(1, round(detail_sample * instansi))) if detail_sample > 0 else 0
    detail = set(rnd.sample(range(instansi), n_detail))
    tables = {key: Table(model, fields.split()) for key, model, fields in TABLES}
    sink = Sink(tables, chunk=chunk)
    ids = {
        "instansi": IdPool(Instansi), "user": IdPool(User), "unit": IdPool(UnitKerja), "pegawai": IdPool(Pegawai),
        "plt": IdPool(PenugasanPlt), "periode": IdPool(PeriodePenilaian), "skp": IdPool(Skp), "rhk": IdPool(Rhk),
        "indikator": IdPool(Indikator), "penilaian": IdPool(Penilaian), "realisasi": IdPool(Realisasi),
        "bukti": IdPool(BuktiDukung), "fb_indikator": IdPool(FeedbackIndikator),
        "fb_perilaku": IdPool(FeedbackPerilaku),
    }  # fmt: skip
    taken = set(Pegawai.objects.values_list("nip", flat=True)) | set(
        User.objects.values_list("username", flat=True)
    )
    nip = names.NipGenerator(tahun=tahun, seed=seed, taken=taken)
    jabatan = organisasi.JabatanRegistry()
    demo_hash = make_password(PASSWORD)
    result = Result(instansi=instansi, pegawai=pegawai, detail_instansi=len(detail))
    out(
        f"Membuat {pegawai:,} pegawai di {instansi:,} instansi (tahun {tahun}, seed {seed}); rincian untuk "
        f"{len(detail):,} instansi; {'COPY PostgreSQL' if sink.postgres else 'bulk_create ' + connection.vendor}."
    )
    offset = 0
    for g, size in enumerate(per_instansi):
        irnd = random.Random(f"{seed}:{g}")
        org = organisasi.build(
            index=g, size=size, rnd=irnd, ids=ids, nip=nip, person_offset=offset, jabatan=jabatan, tahun=tahun,
            demo_hash=demo_hash if g == 0 else None, sink=sink,
        )  # fmt: skip
        skp_penilaian.build(org, rnd=irnd, ids=ids, tahun=tahun, detail=g in detail, sink=sink)
        offset += size
        result.demo += [(label, p.nip, p.nama) for label, p in org.demo]
        if sink.maybe_flush() or g == instansi - 1:
            sink.flush()
            elapsed = time.perf_counter() - started
            out(
                f"  instansi {g + 1:,}/{instansi:,}, pegawai {offset:,}/{pegawai:,}, "
                f"{sink.stats.total_rows:,} baris, {elapsed:,.1f} dtk ({sink.stats.total_rows / elapsed:,.0f} baris/dtk)"
            )
    if sink.postgres:
        analyze_started = time.perf_counter()
        with connection.cursor() as cursor:
            for table in sink.tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table.model._meta.db_table)}")
        out(f"  ANALYZE {time.perf_counter() - analyze_started:.1f} dtk")
    summary_started = time.perf_counter()
    synthetic = Instansi.objects.filter(kode__startswith=KODE_PREFIX).values_list("pk", flat=True)
    summary_rows = ringkasan.hitung_semua(tahun=tahun, instansi_ids=list(synthetic))
    if sink.postgres:  # an index-only scan needs the visibility map, which a bulk load leaves empty
        verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"  # VACUUM needs autocommit
        with connection.cursor() as cursor:
            cursor.execute(f"{verb} penilaian_ringkasanunit, penilaian_ringkasanskp")
    out(f"  ringkasan dashboard: {summary_rows:,} baris, {time.perf_counter() - summary_started:.1f} dtk")
    result.seconds = time.perf_counter() - started
    result.rows = sink.stats.total_rows
    result.table_lines = sink.stats.lines()
    return result


def today_year() -> int:
    return datetime.date.today().year


__all__ = ["KODE_PREFIX", "Result", "generate", "is_postgres", "problems", "synthetic_exists"]
