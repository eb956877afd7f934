"""manage.py synth_nation: generate (or --reset) the synthetic nation. See docs/performance.md."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from kinerja.org.demo import PASSWORD
from kinerja.synth import nation
from kinerja.synth.reset import hapus_sintetis


class Command(BaseCommand):
    help = (
        "Membuat data sintetis (fiktif) berskala nasional: instansi, unit kerja, pegawai, SKP, periode, penilaian. "
        "PostgreSQL memakai COPY; basis data lain memakai bulk_create."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pegawai", type=int, default=50_000, help="Jumlah pegawai (bawaan 50000).")
        parser.add_argument(
            "--instansi", type=int, default=None,
            help=f"Jumlah instansi (bawaan: pegawai / {nation.PEGAWAI_PER_INSTANSI}, minimal 1).",
        )  # fmt: skip
        parser.add_argument(
            "--tahun", type=int, default=None, help="Tahun SKP dan penilaian (bawaan: tahun ini)."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Benih acak; seed sama = data sama.")
        parser.add_argument(
            "--detail-sample", type=float, default=None,
            help=f"Porsi instansi yang mendapat RHK, indikator, triwulan, realisasi, bukti, feedback (bawaan 1.0 "
            f"di bawah {nation.DETAIL_BATAS:,} pegawai, {nation.DETAIL_SAMPLE_BESAR} di atasnya).",
        )  # fmt: skip
        parser.add_argument(
            "--reset", action="store_true", help="Hapus data sintetis (kode instansi SYN-) dulu."
        )
        parser.add_argument("--chunk", type=int, default=50_000, help="Baris per penulisan (bawaan 50000).")

    def handle(self, *args, **opts):
        pegawai = opts["pegawai"]
        instansi = opts["instansi"] or nation.default_instansi(pegawai)
        tahun = opts["tahun"] or nation.today_year()
        sample = opts["detail_sample"]
        sample = nation.default_detail_sample(pegawai) if sample is None else sample
        if opts["reset"]:
            counts = hapus_sintetis(out=self.stdout.write)
            for table, rows in counts.items():
                self.stdout.write(f"  {table}: {rows:,}")
            if pegawai == 0:
                return
        if errors := nation.problems(pegawai=pegawai, instansi=instansi, tahun=tahun, detail_sample=sample):
            raise CommandError(" ".join(errors))
        if nation.synthetic_exists():
            raise CommandError(
                "Data sintetis (instansi SYN-) sudah ada. Jalankan dengan --reset untuk menggantinya."
            )
        result = nation.generate(
            pegawai=pegawai, instansi=instansi, tahun=tahun, seed=opts["seed"], detail_sample=sample,
            out=self.stdout.write, chunk=opts["chunk"],
        )  # fmt: skip
        self.stdout.write("Per tabel (waktu tulis):")
        for line in result.table_lines:
            self.stdout.write(f"  {line}")
        rate = result.rows / result.seconds if result.seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Selesai: {result.rows:,} baris dalam {result.seconds:,.1f} dtk ({rate:,.0f} baris/dtk, "
                "termasuk pembuatan data)."
            )
        )
        self.stdout.write(f"Akun contoh (kata sandi {PASSWORD!r}); akun lain tidak dapat login:")
        for label, nip, nama in result.demo:
            self.stdout.write(f"  {label:<40} {nip}  {nama}")
