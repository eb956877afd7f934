"""Benchmark 2: query counts of every main page at two data sizes.

One instansi as in the tests' `nilai_org` (kaban JPT > kabid > staf, cascading SKPs, approved, periods
Triwulan I-IV + Final), plus `n` more staff in kabid's unit, each with an approved SKP whose RHK hangs from
kabid's. Each page is rendered with the Django test client as the user who would open it, counting queries
with CaptureQueriesContext. The target (issue 7): the same count at both sizes, and at most 15.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

NAME = "query_counts"
TITLE = "Benchmark 2: query counts of every main page"
SIZES = (3, 12)
LIMIT = 15


class _Rollback(Exception):
    pass


def build(extra: int):
    """The instansi with `extra` more staff in the bidang (each with an approved SKP); returns a namespace."""
    from kinerja.harian.models import PengaturanHarian
    from kinerja.org.models import Jabatan, Peran
    from kinerja.penilaian.services.penilaian import penilaian_tambah
    from kinerja.skp.services import periode, rhk, workflow
    from tests.factories import InstansiFactory, PegawaiFactory, UnitKerjaFactory, UserFactory

    o = type("Org", (), {})()
    o.instansi = InstansiFactory(nama="Pemerintah Kab. Bench")
    root = UnitKerjaFactory(instansi=o.instansi, nama="PEMERINTAH KAB. BENCH", eselon="00")
    badan = UnitKerjaFactory(
        instansi=o.instansi, parent=root, nama="BADAN BENCH", eselon="22", jenis_induk="MANDIRI"
    )
    bidang = UnitKerjaFactory(instansi=o.instansi, parent=badan, nama="BIDANG BENCH", eselon="32")
    jpt = Jabatan.objects.create(nama="Kepala Badan Bench", jenis="JPT", jenjang="Pratama")
    ja = Jabatan.objects.create(nama="Kepala Bidang Bench", jenis="JA", jenjang="Administrator")
    o.kaban = PegawaiFactory(unit_kerja=badan, nama="KEPALA BADAN", jenis_pegawai="PIMPINAN", jabatan=jpt)
    o.kabid = PegawaiFactory(unit_kerja=bidang, nama="KEPALA BIDANG", jenis_pegawai="PIMPINAN", jabatan=ja)
    staf = [PegawaiFactory(unit_kerja=bidang, nama=f"STAF BENCH {i}") for i in range(extra + 1)]
    o.staf = staf[0]
    o.admin = UserFactory(username=f"admin-bench-{extra}", peran=Peran.ADMIN_INSTANSI, instansi=o.instansi)
    o.nasional = UserFactory(username=f"nasional-bench-{extra}", peran=Peran.ADMIN_NASIONAL)

    def skp_with_rhk(pegawai, teks, atasan=None):
        skp = periode.skp_create(
            actor=pegawai.user,
            pegawai=pegawai,
            periode_awal=AWAL,
            periode_akhir=AKHIR,
            pendekatan="KUANTITATIF",
        )
        r = rhk.rhk_create(
            actor=pegawai.user, skp=skp, jenis="UTAMA", klasifikasi="INDIVIDU", teks=teks,
            penugasan_dari="Bupati" if skp.is_jpt else "", rhk_atasan=atasan,
        )  # fmt: skip
        extra_kw = (
            {"target_nilai": "90", "perspektif": "Penerima Layanan"}
            if skp.is_jpt
            else {"aspek": "Kuantitas", "target_nilai": "12", "target_satuan": "Laporan"}
        )
        rhk.indikator_create(actor=pegawai.user, rhk=r, teks=f"Jumlah {teks}", **extra_kw)
        return skp, r

    o.skp_kaban, r_kaban = skp_with_rhk(o.kaban, "Meningkatnya kinerja aparatur")
    o.skp_kabid, r_kabid = skp_with_rhk(o.kabid, "Terlaksananya penilaian kinerja", r_kaban)
    skps = [skp_with_rhk(p, f"Tersusunnya laporan {i}", r_kabid)[0] for i, p in enumerate(staf)]
    o.skp_staf = skps[0]
    for skp in (o.skp_kabid, *skps):
        workflow.skp_ajukan(actor=skp.pegawai.user, skp=skp)
        workflow.skp_setujui(actor=skp.penilai.user, skp=skp)
        skp.refresh_from_db()
    o.periode = make_periods(o.instansi)
    PengaturanHarian.objects.create(instansi=o.instansi, aktif=True)  # Kinerja Harian on
    for skp in skps:
        tw1 = penilaian_tambah(actor=skp.pegawai.user, skp=skp, periode=o.periode[1])
        if skp == o.skp_staf:
            o.tw1 = tw1
    return o


def make_periods(instansi):
    from kinerja.penilaian.models import PeriodePenilaian

    periods = {}
    for i, (awal, akhir, batas) in enumerate(
        (("01-01", "03-31", "04-05"), ("04-01", "06-30", "07-05"), ("07-01", "09-30", "10-05"),
         ("10-01", "12-31", "01-05")), start=1,
    ):  # fmt: skip
        periods[i] = PeriodePenilaian.objects.create(
            instansi=instansi, nama=f"Triwulan {['I', 'II', 'III', 'IV'][i - 1]}", jenis="PERIODIK",
            tipe_periodik="TRIWULANAN", angka_periodik=i, awal=awal, akhir=akhir, batas=batas,
        )  # fmt: skip
    periods["final"] = PeriodePenilaian.objects.create(
        instansi=instansi, nama=f"Tahun {AWAL.year}", jenis="FINAL", awal="01-01", akhir="12-31", batas="01-31",
        tahun=AWAL.year,
    )  # fmt: skip
    return periods


def _dates():
    import datetime

    year = datetime.date.today().year
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


AWAL, AKHIR = _dates()


def pages(o) -> list[tuple[str, str, object]]:
    """(page, url, user) for every main page."""
    kabid, staf, admin = o.kabid.user, o.staf.user, o.admin
    skp, sk = o.skp_kabid.pk, o.skp_staf.pk
    tw = o.periode[1].pk
    return [
        ("Profil: Data Pribadi", reverse("org:profil"), staf),
        ("Profil: Atasan", reverse("org:profil_atasan"), staf),
        ("Profil: Satu Unit", reverse("org:profil_satu_unit"), staf),
        ("Profil: Bawahan", reverse("org:profil_bawahan"), kabid),
        ("Profil: Struktur", reverse("org:profil_struktur"), kabid),
        ("Daftar SKP", reverse("skp:daftar"), staf),
        ("Detail SKP", reverse("skp:detail", args=[skp]), kabid),
        ("SKP Bawahan", reverse("skp:bawahan", args=[skp]), kabid),
        ("Matriks Peran Hasil", reverse("skp:matriks", args=[skp]), kabid),
        ("Penilaian SKP", reverse("penilaian:skp", args=[sk]), staf),
        ("Pengisian", reverse("penilaian:pengisian", args=[o.tw1.pk]), staf),
        ("Penilaian Bawahan", reverse("penilaian:penilaian_bawahan", args=[skp, tw]), kabid),
        ("Rekap (bawahan)", reverse("penilaian:rekap_bawahan", args=[skp, tw]), kabid),
        ("Keberatan", reverse("penilaian:keberatan_list"), staf),
        ("Rekap Keberatan (admin)", reverse("penilaian:rekap_keberatan"), admin),
        ("Admin: Pegawai", reverse("org:admin_pegawai_list"), admin),
        ("Admin: Unit Kerja", reverse("org:admin_unit_list"), admin),
        ("Admin: PLT/PLH", reverse("org:admin_plt_list"), admin),
        ("Admin: Daftar SKP", reverse("skp:admin_list"), admin),
        ("Admin: Rekap SKP", reverse("skp:admin_rekap"), admin),
        ("Admin: Periode", reverse("penilaian:periode_list"), admin),
        ("Admin: Dashboard", reverse("penilaian:dashboard"), admin),
        ("Dashboard Nasional", reverse("penilaian:dashboard_nasional"), o.nasional),
        ("Buka Kembali per Unit", reverse("penilaian:buka_kembali_unit"), admin),
        ("Cetak SKP Massal", reverse("laporan:cetak_massal"), admin),
        ("Admin: Log Audit", reverse("core:audit_list"), admin),
        ("Log Sinkronisasi", reverse("sinkron_log"), admin),
        ("Keluaran Kinerja", reverse("laporan:keluaran_admin"), admin),
        ("CKHP", reverse("harian:ckhp"), staf),
        ("Kinerja Bawahan", reverse("harian:kinerja_bawahan"), kabid),
        ("Matriks Target Bulanan", reverse("harian:matriks", args=[sk]), staf),
        ("Rekap TPP", reverse("harian:tpp_admin"), admin),
    ]


def count(o) -> dict[str, tuple[int, int]]:
    """page -> (status, queries), each page opened once to warm caches then counted."""
    result = {}
    for name, url, user in pages(o):
        client = Client()
        client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        result[name] = (response.status_code, len(ctx.captured_queries))
    return result


def measure(sizes=SIZES) -> dict[str, list[tuple[int, int]]]:
    """Counts per page at each size; each size is built and rolled back in its own transaction."""
    table: dict[str, list[tuple[int, int]]] = {}
    for size in sizes:
        try:
            with transaction.atomic():
                for name, value in count(build(size)).items():
                    table.setdefault(name, []).append(value)
                raise _Rollback
        except _Rollback:
            pass
    return table


def report(table, sizes=SIZES) -> str:
    lines = [
        f"Sizes: A = {sizes[0] + 1} staff under the assessor, B = {sizes[1] + 1} (each with an approved SKP and "
        "a Triwulan I assessment). Counted on the second request (the first warms per-process caches).\n",
        "| page | size A | size B | constant? | ≤ 15? |",
        "|---|---:|---:|:-:|:-:|",
    ]
    over = []
    for name, ((sa, a), (sb, b)) in table.items():
        bad = "" if sa == sb == 200 else f" (HTTP {sa}/{sb})"
        lines.append(f"| {name}{bad} | {a} | {b} | {'yes' if a == b else '**no**'} | "
                     f"{'yes' if max(a, b) <= LIMIT else '**no**'} |")  # fmt: skip
        if a != b or max(a, b) > LIMIT:
            over.append(name)
    lines.append(f"\nPages missing the target: {', '.join(over) if over else 'none'}.")
    return "\n".join(lines) + "\n"


def run() -> str:
    return report(measure())
