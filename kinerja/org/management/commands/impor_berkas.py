"""Import a CSV/XLSX file of unit kerja or pegawai from the command line (the admin page's service).

    manage.py impor_berkas --instansi KODE --jenis pegawai --admin USERNAME berkas.xlsx [--hanya-valid]

The whole file is one transaction: a process killed half-way leaves nothing, and running the same command again
applies every row once (rows match on NIP / ID unor). Exit status 1 when the file was refused.
"""

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.models import Instansi, User
from kinerja.org.services.impor import JENIS, impor_data


class Command(BaseCommand):
    help = "Impor data unit kerja atau pegawai dari berkas CSV/XLSX (satu transaksi)."

    def add_arguments(self, parser):
        parser.add_argument("berkas")
        parser.add_argument("--instansi", required=True, help="kode instansi")
        parser.add_argument("--jenis", required=True, choices=sorted(JENIS))
        parser.add_argument("--admin", required=True, help="username admin instansi yang tercatat di audit")
        parser.add_argument("--hanya-valid", action="store_true", help="impor baris yang valid saja")

    def handle(self, *args, berkas, instansi, jenis, admin, hanya_valid, **options):
        try:
            inst = Instansi.objects.get(kode=instansi)
            actor = User.objects.get(username=admin)
        except (Instansi.DoesNotExist, User.DoesNotExist) as exc:
            raise CommandError("Instansi atau admin tidak ditemukan.") from exc
        try:
            with open(berkas, "rb") as handle:
                hasil = impor_data(
                    actor=actor,
                    instansi=inst,
                    jenis=jenis,
                    berkas=File(handle, name=berkas),
                    hanya_valid=hanya_valid,
                )
        except (DomainError, PermissionDeniedError) as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(hasil.ringkasan)
        if hasil.dibatalkan:
            raise CommandError("Berkas ditolak: perbaiki baris yang tidak valid atau pakai --hanya-valid.")
