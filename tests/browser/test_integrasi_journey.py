"""Journey: Sinkro SIASN on the profile, Sinkro PMM from Daftar SKP, then the admin's Log Sinkronisasi and
Manajemen User PMM — against the local emulator (real HTTP), in real Chromium."""

import datetime

import pytest

from kinerja.integrasi.emulator import dataset as ds
from kinerja.integrasi.models import PenggunaPmm

from ..integrasi.conftest import emulator, emulator_server  # noqa: F401  (fixtures)
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = datetime.date.today().year


def test_sinkro_siasn_sinkro_pmm_and_log(page, org, emulator, shot):  # noqa: F811
    staf = org.staf
    PenggunaPmm.objects.create(pegawai=staf, instansi=org.instansi, jenis_ptk="Guru Kelas")
    emulator.data["siasn"]["pns"][staf.nip] = ds.data_utama(
        staf, gelarBelakang="S.Pd.", unorId=org.badan.id_unor, unorNama=org.badan.nama
    )
    emulator.data["pmm"]["pengguna"][staf.nip] = ds.pengguna(staf)
    emulator.data["pmm"]["skp"][staf.nip] = [
        ds.skp(
            id=f"skp-{staf.nip}",
            awal=datetime.date(YEAR, 1, 1),
            akhir=datetime.date(YEAR, 12, 31),
            unor_id=org.bidang.id_unor,
            unor_nama=org.bidang.nama,
            atasan=org.kabid,
            rhk_list=[
                ds.rhk(
                    "rhk-1",
                    "Terlaksananya pembelajaran yang berpusat pada murid",
                    indikator_list=[ds.indikator("ind-1", "Persentase murid mencapai tujuan pembelajaran")],
                )
            ],
        )
    ]
    emulator.load()

    # 1. The employee compares SIASN with e-Kinerja and applies, keeping the e-Kinerja unit.
    login(page, staf.nip)
    page.get_by_role("link", name="Sinkro SIASN").click()
    table = page.get_by_test_id("tabel-banding")
    assert "S.Pd." in table.inner_text()
    assert "Terdapat perbedaan Nama dan/atau ID Unit Kerja (Unor) antara SIASN dan e-Kinerja" in (
        page.get_by_test_id("pesan-unor").inner_text()
    )
    shot(page, "integrasi-1-sinkro-siasn")
    page.get_by_test_id("siasn-ok").click()
    page.wait_for_url(f"{page.base}/profil/**")
    staf.refresh_from_db()
    assert staf.gelar_belakang == "S.Pd." and staf.unit_kerja_id == org.bidang.pk

    # 2. Daftar SKP shows the PMM banner; Sinkro PMM brings the SKP from PMM.
    page.goto(f"{page.base}/skp/")
    assert "Akun Anda Terdaftar Sebagai Pengguna Aplikasi PMM" in page.content()
    page.get_by_test_id("sinkro-pmm").click()
    page.get_by_role("link", name="Sinkro data SKP PMM").first.click()
    assert org.bidang.nama in page.get_by_test_id("banding").inner_text()
    page.get_by_test_id("lakukan-sinkro").click()
    result = page.get_by_test_id("hasil-berhasil")
    assert "Berhasil Melakukan Sinkro dengan data" in result.inner_text()
    assert "RHK Masuk" in result.inner_text()
    shot(page, "integrasi-2-sinkro-pmm")
    assert staf.skp.filter(sumber="PMM").count() == 1

    # 3. The admin sees both attempts in the log and cannot remove a user PMM still lists.
    page.context.clear_cookies()
    page.goto(f"{page.base}/masuk/")
    page.fill("input[name=username]", org.admin.username)
    page.fill("input[name=password]", "rahasia-uji-123")
    page.click("button[type=submit]")
    page.goto(f"{page.base}/admin/sinkron/log/")
    log = page.get_by_test_id("tabel-log").inner_text()
    assert staf.nip in log and "Berhasil" in log
    shot(page, "integrasi-3-log-sinkronisasi")
    page.goto(f"{page.base}/admin/pmm/pengguna/")
    page.get_by_role("link", name="Hapus").first.click()
    page.select_option("select[name=alasan]", label="Bukan Guru")
    page.get_by_role("button", name="Hapus").click()
    assert "Gagal menghapus pengguna PMM dikarenakan Pegawai masih terdaftar pengguna PMM" in page.content()
    shot(page, "integrasi-4-hapus-user-pmm-ditolak")
    assert PenggunaPmm.objects.filter(pegawai=staf).exists()
