"""Recount the dashboard summary (`RingkasanUnit`, `RingkasanSkp`) from the source tables.

The services keep the summary current; run this after loading data outside them (a restore, a bulk SQL fix) or
from cron as a nightly check. One transaction per instansi-year.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from kinerja.org.models import Instansi
from kinerja.penilaian import ringkasan


class Command(BaseCommand):
    help = "Hitung ulang ringkasan dashboard dan Rekap SKP dari data SKP dan penilaian."

    def add_arguments(self, parser):
        parser.add_argument(
            "--tahun", type=int, help="Hanya tahun ini (bawaan: setiap tahun yang memiliki data)."
        )
        parser.add_argument(
            "--instansi", action="append", help="Kode instansi (boleh diulang); bawaan: semua."
        )

    def handle(self, *args, tahun=None, instansi=None, **options):
        if tahun is not None and not 2000 <= tahun <= 2100:
            raise CommandError("Tahun harus antara 2000 dan 2100.")
        ids = None
        if instansi:
            found = dict(Instansi.objects.filter(kode__in=instansi).values_list("kode", "pk"))
            missing = sorted(set(instansi) - set(found))
            if missing:
                raise CommandError(f"Instansi tidak ditemukan: {', '.join(missing)}")
            ids = list(found.values())
        started = time.perf_counter()
        rows = ringkasan.hitung_semua(tahun=tahun, instansi_ids=ids)
        self.stdout.write(
            f"Ringkasan dihitung ulang: {rows:,} baris dalam {time.perf_counter() - started:.1f} dtk."
        )
