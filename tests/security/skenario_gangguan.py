"""The worker side of the fault tests (test_gangguan.py): run as its own process against a database of its own.

    python -m tests.security.skenario_gangguan siapkan-impor BERKAS.csv N
    python -m tests.security.skenario_gangguan siapkan-sinkron EMULATOR_URL N    → prints the job id
    python -m tests.security.skenario_gangguan periksa-impor | periksa-sinkron JOB_ID   → prints JSON

The database comes from DATABASE_URL / SQLITE_PATH like every other process of the project.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402

from kinerja.core.models import AuditEvent  # noqa: E402
from kinerja.integrasi.emulator import dataset as ds  # noqa: E402
from kinerja.integrasi.models import JobSinkronisasi, LogSinkronisasi  # noqa: E402
from kinerja.org.models import Instansi, Pegawai, Peran, User  # noqa: E402
from tests.factories import InstansiFactory, PegawaiFactory, UnitKerjaFactory, UserFactory  # noqa: E402
from tests.org.test_import import peg, pegawai_rows  # noqa: E402

KODE = "GANGGUAN"


def _instansi():
    instansi = InstansiFactory(kode=KODE, nama="Pemerintah Kab. Gangguan")
    unit = UnitKerjaFactory(instansi=instansi, nama="DINAS GANGGUAN", eselon="22", jenis_induk="JPT")
    UserFactory(username="admin-gangguan", peran=Peran.ADMIN_INSTANSI, instansi=instansi)
    return instansi, unit


def siapkan_impor(berkas: str, n: int) -> None:
    _, unit = _instansi()
    header, rows = pegawai_rows(*(peg(unit.id_unor, i + 1) for i in range(n)))
    with open(berkas, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def periksa_impor() -> dict:
    instansi = Instansi.objects.get(kode=KODE)
    nips = list(Pegawai.objects.filter(instansi=instansi).values_list("nip", flat=True))
    return {
        "pegawai": len(nips),
        "nip_unik": len(set(nips)),
        "audit_impor": AuditEvent.objects.filter(action="impor.selesai").count(),
        "history_per_pegawai": sorted(
            Counter(Pegawai.history.filter(nip__in=nips).values_list("nip", flat=True)).values()
        ),
    }


def siapkan_sinkron(url: str, n: int) -> int:
    instansi, unit = _instansi()
    data = ds.empty()
    people = []
    for i in range(n):
        p = PegawaiFactory(unit_kerja=unit, nama=f"PEGAWAI GANGGUAN {i}")
        data["siasn"]["pns"][p.nip] = ds.data_utama(p, nama=f"PEGAWAI GANGGUAN {i} SIASN")
        people.append(p.pk)
    httpx.post(f"{url}/_emulator/reset", json=data).raise_for_status()
    admin = User.objects.get(username="admin-gangguan")
    job = JobSinkronisasi.objects.create(
        instansi=instansi, jenis="PROFIL", pegawai_ids=people, total=len(people), dimulai_oleh=admin
    )
    return job.pk


def periksa_sinkron(job_id: int) -> dict:
    job = JobSinkronisasi.objects.get(pk=job_id)
    logs = Counter(LogSinkronisasi.objects.filter(job=job).values_list("pegawai_id", flat=True))
    pegawai = Pegawai.objects.filter(pk__in=job.pegawai_ids)
    audit = Counter(
        AuditEvent.objects.filter(action="siasn.profil_terapkan").values_list("object_id", flat=True)
    )
    return {
        "status": job.status,
        "total": job.total,
        "diproses": job.diproses,
        "berhasil": job.berhasil,
        "log_per_pegawai": sorted(logs[pk] for pk in job.pegawai_ids),
        "audit_per_pegawai": sorted(audit[str(pk)] for pk in job.pegawai_ids),
        "history_per_pegawai": sorted(
            Counter(Pegawai.history.filter(id__in=job.pegawai_ids).values_list("id", flat=True)).values()
        ),
        "nama_siasn": sum(1 for nama in pegawai.values_list("nama", flat=True) if nama.endswith(" SIASN")),
    }


def main(argv: list[str]) -> None:
    cmd, *args = argv
    if cmd == "siapkan-impor":
        siapkan_impor(args[0], int(args[1]))
    elif cmd == "siapkan-sinkron":
        print(siapkan_sinkron(args[0], int(args[1])))
    elif cmd == "periksa-impor":
        print(json.dumps(periksa_impor()))
    elif cmd == "periksa-sinkron":
        print(json.dumps(periksa_sinkron(int(args[0]))))
    else:
        raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
    main(sys.argv[1:])
