"""Serve the SIASN/PMM emulator on loopback (used by `make run`; tests start their own)."""

from django.core.management.base import BaseCommand

from kinerja.integrasi.demo import emulator_dataset
from kinerja.integrasi.emulator import Emulator


class Command(BaseCommand):
    help = "Jalankan emulator SIASN dan PMM lokal (data fiktif demo) di 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--print-env", action="store_true", help="Cetak variabel lingkungan lalu keluar.")

    def handle(self, *args, port, print_env, **options):
        emu = Emulator(port=port, dataset=None if print_env else emulator_dataset())
        if print_env:
            for key, value in emu.settings().items():
                self.stdout.write(f"{key}={value}")
            emu.httpd.server_close()
            return
        self.stdout.write(f"Emulator SIASN/PMM berjalan di {emu.url} (Ctrl+C untuk berhenti)")
        try:
            emu.httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            emu.httpd.server_close()
