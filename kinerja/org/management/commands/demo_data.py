from django.core.management.base import BaseCommand

from kinerja.harian import demo as harian_demo
from kinerja.integrasi import demo as integrasi_demo
from kinerja.org import demo
from kinerja.org.models import Instansi
from kinerja.penilaian import demo as penilaian_demo
from kinerja.penilaian import ringkasan
from kinerja.skp import demo as skp_demo


class Command(BaseCommand):
    help = "Load the fictional demo organisation (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        if demo.demo_exists():
            self.stdout.write("Data demo sudah ada; tidak ada yang diubah.")
        else:
            demo.build()
            self.stdout.write(self.style.SUCCESS("Data demo Pemerintah Kabupaten Sukamaju dimuat."))
        instansi = Instansi.objects.get(kode=demo.KODE)
        if not skp_demo.demo_exists(instansi):
            skp_demo.build(instansi)
            self.stdout.write(self.style.SUCCESS("Data demo SKP dimuat."))
        if not penilaian_demo.demo_exists(instansi):
            penilaian_demo.build(instansi)
            self.stdout.write(self.style.SUCCESS("Data demo penilaian dimuat."))
        if not integrasi_demo.demo_exists(instansi):
            hasil = integrasi_demo.build(instansi)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Data demo integrasi dimuat: {hasil['pengguna']} user PMM, {hasil['log']} baris Log Sinkronisasi."
                )
            )
        if not harian_demo.demo_exists(instansi):
            hasil = harian_demo.build(instansi)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Data demo kinerja harian dimuat: {hasil['target']} target bulanan, {hasil['catatan']} catatan "
                    f"harian, {hasil['bulan_ditutup']} bulan ditutup dengan nilai TPP."
                )
            )
        # parts of the demo are written directly (history, as an import would): recount the dashboard summary
        ringkasan.hitung_semua(instansi_ids=[instansi.pk])
        self.stdout.write(f"\nAkun demo (password semua akun: {demo.PASSWORD})")
        self.stdout.write(f"{'PERAN':<16} {'NIP / USERNAME':<20} {'NAMA':<26} KETERANGAN")
        for login in demo.logins():
            self.stdout.write(f"{login.peran:<16} {login.username:<20} {login.nama:<26} {login.keterangan}")
        self.stdout.write("\nBuka http://127.0.0.1:8000/ lalu masuk dengan NIP dan password di atas.\n")
