"""Benchmark 5: PDF of SKP forms — one form through the Cetak SKP view, and a Cetak SKP Massal job of 1,000 forms
through the real Celery task (eagerly in this process, then once more through a real Celery worker consuming
queue `pdf` on Redis when Redis answers).

The instansi: a badan led by a JPT, a kabid (JA) whose approved SKP has three RHK, and `n - 1` staff in four
bidang units, each with an approved SKP written as rows in bulk (not through the services, which would dominate the run
time): three RHK utama intervening kabid's (two indicators each), one RHK tambahan, two expectations of the
assessor, the three lampiran and the approval's audit event — what a real approved JA/JF form holds.
"""

from __future__ import annotations

import datetime
import io
import os
import resource
import statistics
import time

from django.test import Client
from django.urls import reverse

NAME = "pdf"
TITLE = "Benchmark 5: PDF of SKP forms"
FORMS = 1000
SINGLE_RUNS = 7
BROKER = os.environ.get("BENCH_PDF_BROKER", "redis://127.0.0.1:6379/14")
WORKER_TIMEOUT = 3600


def _year() -> int:
    return datetime.date.today().year


def build(n: int):
    """The instansi with `n` approved SKPs (kabid's and n - 1 staff's); returns a namespace (instansi, admin,
    kabid, skps = the staff's)."""
    from kinerja.core.models import AuditEvent
    from kinerja.org import rules as org_rules
    from kinerja.org.models import Jabatan, Pegawai, Peran
    from kinerja.skp.models import EkspektasiPimpinan, Indikator, LampiranItem, Rhk, Skp
    from kinerja.skp.services import periode, rhk, workflow
    from tests.factories import InstansiFactory, PegawaiFactory, UnitKerjaFactory, UserFactory

    year = _year()
    awal, akhir = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    o = type("Org", (), {})()
    o.instansi = InstansiFactory(nama="Pemerintah Kab. Bench Cetak")
    root = UnitKerjaFactory(instansi=o.instansi, nama="PEMERINTAH KAB. BENCH CETAK", eselon="00")
    badan = UnitKerjaFactory(
        instansi=o.instansi, parent=root, nama="BADAN KEPEGAWAIAN BENCH", eselon="22", jenis_induk="MANDIRI"
    )
    bidang = [
        UnitKerjaFactory(instansi=o.instansi, parent=badan, nama=f"BIDANG PENILAIAN KINERJA {i}", eselon="32")
        for i in range(1, 5)
    ]
    kaban_jabatan = Jabatan.objects.get_or_create(
        nama="Kepala Badan Bench Cetak", jenis="JPT", jenjang="Pratama"
    )[0]
    kabid_jabatan = Jabatan.objects.create(
        nama="Kepala Bidang Bench Cetak", jenis="JA", jenjang="Administrator"
    )
    staf_jabatan = Jabatan.objects.get_or_create(
        nama="Analis SDM Aparatur", jenis="JF", jenjang="Ahli Pertama"
    )[0]
    kaban = PegawaiFactory(
        unit_kerja=badan, nama="KEPALA BADAN", jenis_pegawai="PIMPINAN", jabatan=kaban_jabatan
    )
    o.kabid = PegawaiFactory(
        unit_kerja=bidang[0], nama="KEPALA BIDANG", jenis_pegawai="PIMPINAN", jabatan=kabid_jabatan
    )
    o.admin = UserFactory(username=f"admin-cetak-{n}", peran=Peran.ADMIN_INSTANSI, instansi=o.instansi)

    def skp_with(pegawai, teks: str, atasan=None, jpt: bool = False):
        skp = periode.skp_create(
            actor=pegawai.user,
            pegawai=pegawai,
            periode_awal=awal,
            periode_akhir=akhir,
            pendekatan="KUANTITATIF",
        )
        made = []
        for i in range(3):
            r = rhk.rhk_create(
                actor=pegawai.user, skp=skp, jenis="UTAMA", klasifikasi="INDIVIDU", teks=f"{teks} {i + 1}",
                penugasan_dari="Bupati" if jpt else "", rhk_atasan=atasan[i] if atasan else None,
            )  # fmt: skip
            kw = (
                {"target_nilai": "90", "perspektif": "Penerima Layanan"}
                if jpt
                else {"aspek": "Kuantitas", "target_nilai": "12", "target_satuan": "Dokumen"}
            )
            rhk.indikator_create(actor=pegawai.user, rhk=r, teks=f"Persentase {teks.lower()} {i + 1}", **kw)
            made.append(r)
        return skp, made

    skp_kaban, rhk_kaban = skp_with(kaban, "Meningkatnya kualitas manajemen ASN", jpt=True)
    o.skp_kabid, rhk_kabid = skp_with(o.kabid, "Terlaksananya penilaian kinerja pegawai", rhk_kaban)
    workflow.skp_ajukan(actor=o.kabid.user, skp=o.skp_kabid)
    workflow.skp_setujui(actor=kaban.user, skp=o.skp_kabid)
    o.skp_kabid.refresh_from_db()
    penilai = o.skp_kabid.pegawai  # kabid assesses the staff

    born = datetime.date(1975, 1, 1)
    staff = Pegawai.objects.bulk_create(
        [
            Pegawai(
                instansi=o.instansi,
                unit_kerja=bidang[i % len(bidang)],
                nama=f"PEGAWAI CETAK {i + 1:04d}",
                tanggal_lahir=born + datetime.timedelta(days=11 * i),
                jenis_kelamin=org_rules.PRIA if i % 2 else org_rules.WANITA,
                jenis_asn=org_rules.PNS,
                tmt_cpns=datetime.date(2012, 3, 1),
                tmt_pns=datetime.date(2013, 3, 1),
                nip=org_rules.make_nip(
                    tanggal_lahir=born + datetime.timedelta(days=11 * i),
                    tmt=datetime.date(2012, 3, 1),
                    jenis_asn=org_rules.PNS,
                    jenis_kelamin=org_rules.PRIA if i % 2 else org_rules.WANITA,
                    urut=i % 999 + 1,
                ),
                jabatan=staf_jabatan,
                golongan="III/b",
                jenis_pegawai="PEGAWAI",
            )
            for i in range(n - 1)
        ],
        batch_size=1000,
    )
    o.skps = Skp.objects.bulk_create(
        [
            Skp(
                pegawai=p,
                instansi=o.instansi,
                periode_awal=awal,
                periode_akhir=akhir,
                pendekatan="KUANTITATIF",
                status="PERSETUJUAN",
                model="JA_JF",
                unit_kerja=p.unit_kerja,
                jenis_pegawai="PEGAWAI",
                pegawai_nama=p.nama,
                pegawai_nip=p.nip,
                pegawai_pangkat="Penata Muda Tingkat I (III/b)",
                pegawai_jabatan="Analis SDM Aparatur Ahli Pertama",
                pegawai_unit=p.unit_kerja.nama,
                penilai=penilai,
                penilai_unit_kerja=penilai.unit_kerja,
                penilai_nama=o.skp_kabid.pegawai_nama,
                penilai_nip=o.skp_kabid.pegawai_nip,
                penilai_pangkat=o.skp_kabid.pegawai_pangkat,
                penilai_jabatan=o.skp_kabid.pegawai_jabatan,
                penilai_unit=o.skp_kabid.pegawai_unit,
            )  # fmt: skip
            for p in staff
        ],
        batch_size=1000,
    )
    rhks = Rhk.objects.bulk_create(
        [
            Rhk(
                skp=skp,
                jenis="UTAMA" if i < 3 else "TAMBAHAN",
                teks=teks,
                urutan=i,
                rhk_atasan=rhk_kabid[i] if i < 3 else None,
                rhk_atasan_teks=rhk_kabid[i].teks if i < 3 else "",
            )  # fmt: skip
            for skp in o.skps
            for i, teks in enumerate(
                [
                    "Tersusunnya analisis kebutuhan pengembangan kompetensi pegawai",
                    "Terlaksananya evaluasi SKP pegawai di unit kerja",
                    "Tersedianya data kinerja pegawai yang mutakhir dan valid",
                    "Terbantunya panitia seleksi terbuka jabatan pimpinan tinggi",
                ]
            )
        ],
        batch_size=2000,
    )
    Indikator.objects.bulk_create(
        [
            Indikator(
                rhk=r,
                teks=f"Jumlah dokumen {r.teks.split()[0].lower()} yang diselesaikan tepat waktu ({j + 1})",
                aspek="Kuantitas" if j == 0 else "Waktu",
                target_nilai=12 if j == 0 else 100,
                target_satuan="Dokumen" if j == 0 else "Persen",
                urutan=j,
            )  # fmt: skip
            for r in rhks
            for j in range(2 if r.jenis == "UTAMA" else 1)
        ],
        batch_size=4000,
    )
    EkspektasiPimpinan.objects.bulk_create(
        [EkspektasiPimpinan(skp=skp, nilai=v, teks=t) for skp in o.skps for v, t in (
            (1, "Memberikan layanan kepegawaian yang cepat dan ramah kepada seluruh pegawai"),
            (5, "Menjaga kerahasiaan data kinerja pegawai"),
        )],
        batch_size=4000,
    )  # fmt: skip
    LampiranItem.objects.bulk_create(
        [LampiranItem(skp=skp, jenis=j, teks=t) for skp in o.skps for j, t in (
            ("DUKUNGAN_SUMBER_DAYA", "Anggaran kegiatan evaluasi kinerja dan aplikasi e-Kinerja"),
            ("SKEMA_PERTANGGUNGJAWABAN", "Laporan bulanan kepada Kepala Bidang"),
            ("KONSEKUENSI", "Teguran tertulis bila target tidak tercapai"),
        )],
        batch_size=4000,
    )  # fmt: skip
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=penilai.user,
                actor_label=penilai.user.username,
                action="skp.setujui",
                object_type=Skp._meta.label,
                object_id=str(skp.pk),
                object_label=str(skp)[:300],
                instansi=o.instansi,
            )  # fmt: skip
            for skp in o.skps
        ],
        batch_size=2000,
    )
    return o


def _pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def one_form(o, runs: int = SINGLE_RUNS) -> dict:
    """GET Cetak SKP of one staff form as the instansi's admin: one warm-up, then `runs` timed requests."""
    client = Client()
    client.force_login(o.admin)
    url = reverse("skp:cetak", args=[o.skps[0].pk])
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
    pages = _pages(response.content)
    median = statistics.median(times)
    return {"runs": runs, "median_s": median, "min_s": min(times), "max_s": max(times), "pages": pages}


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _job_figures(job, seconds: float) -> dict:
    return {
        "status": job.status,
        "forms": job.selesai,
        "gagal": job.gagal,
        "pages": job.halaman,
        "seconds": seconds,
        "bytes": job.file.size if job.file else 0,
        "pesan": job.pesan,
    }


def job_eager(o) -> dict:
    """The whole job through the real task, run eagerly in this process (on commit of the service)."""
    from django.db import transaction

    from config.celery import app
    from kinerja.laporan.services_cetak import cetak_massal_mulai

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        started = time.perf_counter()
        with transaction.atomic():
            job = cetak_massal_mulai(actor=o.admin, instansi=o.instansi, tahun=_year())
        seconds = time.perf_counter() - started  # the task ran on commit, inside this span
    finally:
        app.conf.task_always_eager = saved
    job.refresh_from_db()
    return _job_figures(job, seconds)


def job_worker(o, broker: str = BROKER) -> dict | None:
    """The same job through a real Celery worker (a thread here) consuming queue `pdf` on Redis; None when
    Redis does not answer."""
    import redis
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from kinerja.laporan.models import JobCetak
    from kinerja.laporan.services_cetak import cetak_massal_mulai

    try:
        redis.Redis.from_url(broker).delete("pdf")  # leftovers of an interrupted run
    except redis.exceptions.ConnectionError:
        return None
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend")}
    app.conf.update(broker_url=broker, task_always_eager=False, result_backend=None)
    app._pool, app.amqp._producer_pool = None, None
    try:
        with start_worker(app, perform_ping_check=False, queues=["pdf"], shutdown_timeout=60):
            started = time.perf_counter()
            job = cetak_massal_mulai(actor=o.admin, instansi=o.instansi, tahun=_year())  # autocommit: queued
            deadline = started + WORKER_TIMEOUT
            while time.perf_counter() < deadline:
                time.sleep(0.5)
                if JobCetak.objects.filter(pk=job.pk, status__in=["SELESAI", "GAGAL"]).exists():
                    break
            seconds = time.perf_counter() - started
    finally:
        app.conf.update(**saved)
        app._pool, app.amqp._producer_pool = None, None
    job.refresh_from_db()
    return _job_figures(job, seconds)


def measure(n: int = FORMS, runs: int = SINGLE_RUNS, worker: bool = True) -> dict:
    """Build, then time one form and the job (eager, then on a worker). The PDFs go to a temporary CETAK_ROOT."""
    import shutil
    import tempfile

    from django.test import override_settings

    from kinerja.laporan.cetak_job import batch_size

    root = tempfile.mkdtemp(prefix="bench-cetak-")
    try:
        with override_settings(CETAK_ROOT=root):
            started = time.perf_counter()
            o = build(n)
            figures = {"n": n, "build_s": time.perf_counter() - started, "batch": batch_size()}
            figures["load_before"] = os.getloadavg()
            figures["single"] = one_form(o, runs)
            figures["eager"] = job_eager(o)
            figures["peak_mib_eager"] = _peak_mib()
            figures["worker"] = job_worker(o) if worker else None
            figures["broker"] = BROKER if worker else None
            figures["load_after"] = os.getloadavg()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return figures


def _row(label: str, f: dict) -> str:
    pages, seconds = f["pages"], f["seconds"]
    per_page = seconds / pages if pages else float("nan")
    per_minute = 60 * f["forms"] / seconds if seconds else float("nan")
    mib = f["bytes"] / 2**20
    return (
        f"| {label} | {f['forms']:,} | {pages:,} | {seconds:,.1f} | {per_page:.3f} | {per_minute:,.0f} | "
        f"{mib:.1f} | {f['status']} |"
    )


def report(fig: dict) -> str:
    s = fig["single"]
    lines = [
        f"One instansi, {fig['n']:,} approved JA/JF SKPs (3 RHK utama with 2 indicators each, 1 RHK tambahan, "
        f"2 expectations, 3 lampiran) built in bulk in {fig['build_s']:.0f} s (not timed below).\n",
        "**One form** — `GET /skp/<pk>/cetak/` (Cetak SKP) as the instansi's admin through the Django test client, "
        f"one warm-up then {s['runs']} runs:\n",
        "| pages | median s | min s | max s | s per page |",
        "|---:|---:|---:|---:|---:|",
        f"| {s['pages']} | {s['median_s']:.3f} | {s['min_s']:.3f} | {s['max_s']:.3f} | "
        f"{s['median_s'] / s['pages']:.3f} |",
        "",
        f"**{fig['n']:,} forms as a background job** — Cetak SKP Massal (`cetak_massal_mulai` → task "
        f"`pdf_cetak_skp_massal`), batches of {fig['batch']} forms, one merged PDF; the time runs from the service "
        "call to the stored file:\n",
        "| run | forms | pages | seconds | s per page | forms per minute | PDF MiB | status |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        _row("task run eagerly in this process (no broker)", fig["eager"]),
    ]
    if fig["worker"] is not None:
        lines.append(
            _row(f"real Celery worker, queue `pdf` on Redis ({fig['broker']}), solo pool", fig["worker"])
        )
    lines.append("")
    lines.append(
        f"Peak memory of the benchmark process after the eager job: {fig['peak_mib_eager']:,.0f} MiB (each batch's "
        "layouts are freed before the next; a laid-out page holds ≈ 1.2 MB, so 1,000 forms at once would need "
        "≈ 3.6 GB)."
    )
    if fig["worker"] is None:
        lines.append("The worker run was skipped: Redis did not answer at the broker address.")
    else:
        lines.append(
            "The worker runs in a thread of the benchmark process (celery.contrib.testing.worker, one task at a "
            "time), so it shares the same 2 CPUs; a worker per CPU (`celery -A config worker -Q pdf -c 2`) prints "
            "two jobs at once, not one job faster."
        )
    if "load_before" in fig:
        before, after = fig["load_before"], fig["load_after"]
        lines.append(
            f"Load average (1/5/15 min) when the timings began: {before[0]:.1f} / {before[1]:.1f} / {before[2]:.1f}, "
            f"when they ended: {after[0]:.1f} / {after[1]:.1f} / {after[2]:.1f} ({os.cpu_count()} CPUs): with other "
            "work on the machine, every figure above is slower than on an idle one."
        )
    for key in ("eager", "worker"):
        f = fig.get(key)
        if f and (f["status"] != "SELESAI" or f["gagal"]):
            lines.append(f"**{key}: {f['status']}**, {f['gagal']} forms not printed: {f['pesan']}")
    return "\n".join(lines) + "\n"


def run() -> str:
    return report(measure())
