"""Import of unit kerja and pegawai from CSV/XLSX: service, parsing, views, rights."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.org import rules
from kinerja.org.models import Jabatan, Pegawai, UnitKerja, User
from kinerja.org.services.impor import impor_data
from kinerja.org.services.impor_parse import KOLOM_PEGAWAI, KOLOM_UNIT
from tests.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory, UserFactory

URL = reverse("org:admin_import")


def csv_file(header, rows, *, delimiter=",", name="data.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(header, rows, *, name="data.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def unit_rows(*rows):
    return KOLOM_UNIT, [list(r) for r in rows]


def peg(
    id_unor,
    urut,
    *,
    lahir=datetime.date(1988, 5, 17),
    tmt=datetime.date(2012, 2, 1),
    jk="L",
    asn="PNS",
    **over,
):
    row = {
        "nip": rules.make_nip(tanggal_lahir=lahir, tmt=tmt, jenis_asn=asn, jenis_kelamin=jk, urut=urut),
        "nama": f"PEGAWAI IMPOR {urut}",
        "gelar_depan": "",
        "gelar_belakang": "S.E.",
        "tempat_lahir": "Denpasar",
        "tanggal_lahir": lahir.isoformat(),
        "jenis_kelamin": jk,
        "jenis_asn": asn,
        "tmt_cpns": tmt.isoformat(),
        "tmt_pns": "" if asn == "PPPK" else tmt.replace(year=tmt.year + 1).isoformat(),
        "jabatan": "Analis Impor",
        "jenis_jabatan": "JF",
        "jenjang": "Ahli Pertama",
        "tmt_jabatan": "2020-01-02",
        "golongan": "IX" if asn == "PPPK" else "III/a",
        "tmt_golongan": "2020-04-01",
        "id_unor": id_unor,
        "nomor_kartu_asn": "",
    }
    row.update(over)
    return row


def pegawai_rows(*dicts):
    return KOLOM_PEGAWAI, [[d[k] for k in KOLOM_PEGAWAI] for d in dicts]


def run(actor, instansi, jenis, berkas, **kw):
    return impor_data(actor=actor, instansi=instansi, jenis=jenis, berkas=berkas, **kw)


def reasons(hasil):
    return {(m.baris, m.kolom): m.alasan for m in hasil.masalah}


# ---- unit kerja ----------------------------------------------------------------------------------


def test_unit_csv_creates_tree_with_parent_later_in_file(org):
    berkas = csv_file(
        *unit_rows(
            ["U-SEKSI", "SEKSI BARU", "42", "U-BIDANG", ""],
            ["U-BIDANG", "BIDANG BARU", "32", "U-DINAS", ""],
            ["U-DINAS", "DINAS BARU", "22", org.root.id_unor, "jpt"],
        )
    )
    hasil = run(org.admin, org.instansi, "unit", berkas)
    assert (hasil.ditambahkan, hasil.diubah, hasil.tidak_berubah, hasil.ditolak) == (3, 0, 0, 0)
    seksi = UnitKerja.objects.get(id_unor="U-SEKSI")
    dinas = UnitKerja.objects.get(id_unor="U-DINAS")
    assert seksi.parent.parent == dinas and dinas.parent == org.root and dinas.jenis_induk == "JPT"
    assert seksi.path == f"{org.root.path}{dinas.pk}/{seksi.parent_id}/{seksi.pk}/" and seksi.depth == 3
    assert AuditEvent.objects.filter(action="impor.unit_create", instansi=org.instansi).count() == 3
    summary = AuditEvent.objects.get(action="impor.selesai")
    assert summary.object_id == str(org.instansi.pk) and summary.after["ditambahkan"] == 3


def test_unit_xlsx_update_moves_subtree_and_reimport_changes_nothing(org):
    rows = unit_rows([org.bidang.id_unor, "BIDANG UJI BARU", "32", org.root.id_unor, ""])
    hasil = run(org.admin, org.instansi, "unit", xlsx_file(*rows))
    assert (hasil.ditambahkan, hasil.diubah) == (0, 1)
    org.bidang.refresh_from_db()
    org.subbidang.refresh_from_db()
    assert org.bidang.parent == org.root and org.bidang.nama == "BIDANG UJI BARU"
    assert org.subbidang.path == f"/{org.root.pk}/{org.bidang.pk}/{org.subbidang.pk}/"
    event = AuditEvent.objects.get(action="impor.unit_update")
    assert event.before == {"nama": "BIDANG UJI", "parent": org.badan.pk}
    assert event.after == {"nama": "BIDANG UJI BARU", "parent": org.root.pk}
    jumlah = AuditEvent.objects.count()
    again = run(org.admin, org.instansi, "unit", xlsx_file(*rows))
    assert (again.ditambahkan, again.diubah, again.tidak_berubah) == (0, 0, 1)
    assert AuditEvent.objects.count() == jumlah
    assert again.ringkasan.startswith("Tidak ada perubahan")


def test_unit_bad_rows_are_reported_with_line_numbers_and_nothing_is_imported(org, other_org):
    lain = UnitKerjaFactory(parent=other_org.unit)
    berkas = csv_file(
        *unit_rows(
            ["U-OK", "UNIT BAIK", "32", org.root.id_unor, ""],  # 2
            ["U-DUA", "DUA", "32", org.root.id_unor, ""],  # 3
            ["U-DUA", "DUA LAGI", "32", org.root.id_unor, ""],  # 4
            ["U-YATIM", "TANPA ATASAN", "32", "TIDAK-ADA", ""],  # 5
            [other_org.unit.id_unor, "MILIK LAIN", "22", "", ""],  # 6
            ["U-SALAH", "", "32", "", "induk"],  # 7
            ["U-ANAK", "ANAK", "42", "U-SALAH", ""],  # 8
            ["U-DIRI", "DIRI", "42", "U-DIRI", ""],  # 9
            [org.root.id_unor, "ROOT", "00", org.subbidang.id_unor, ""],  # 10: loop through existing units
            ["U-LUAR", "LUAR", "42", lain.id_unor, ""],  # 11
        )
    )
    hasil = run(org.admin, org.instansi, "unit", berkas)
    r = reasons(hasil)
    assert hasil.dibatalkan and hasil.ditolak == 9 and hasil.valid == 1
    assert (
        r[(3, "id_unor")] == r[(4, "id_unor")] == "ID unit kerja U-DUA muncul lebih dari sekali (baris 3, 4)."
    )
    assert "TIDAK-ADA tidak ditemukan" in r[(5, "id_unor_atasan")]
    assert r[(6, "id_unor")] == "ID unit kerja ini sudah dipakai oleh instansi lain."
    assert r[(7, "nama")] == "Kolom nama wajib diisi."
    assert "'induk' pada kolom jenis_induk tidak dikenal" in r[(7, "jenis_induk")]
    assert "U-SALAH (baris 7) tidak valid" in r[(8, "id_unor_atasan")]
    assert r[(9, "id_unor_atasan")] == "Unit kerja tidak boleh menjadi atasan dirinya sendiri."
    assert "melingkar" in r[(10, "id_unor_atasan")]
    assert "tidak ditemukan di instansi ini" in r[(11, "id_unor_atasan")]
    assert not UnitKerja.objects.filter(id_unor__startswith="U-").exists()
    assert not AuditEvent.objects.exists()


def test_unit_only_valid_rows(org):
    berkas = csv_file(
        *unit_rows(["U-OK", "UNIT BAIK", "32", org.root.id_unor, ""], ["", "TANPA ID", "", "", ""])
    )
    hasil = run(org.admin, org.instansi, "unit", berkas, hanya_valid=True)
    assert (hasil.ditambahkan, hasil.ditolak, hasil.dibatalkan) == (1, 1, False)
    assert reasons(hasil)[(3, "id_unor")] == "Kolom id_unor wajib diisi."
    assert UnitKerja.objects.filter(id_unor="U-OK").exists()
    assert AuditEvent.objects.get(action="impor.selesai").after["ditolak"] == 1


# ---- pegawai -------------------------------------------------------------------------------------


def test_pegawai_csv_semicolon_creates_employee_user_and_jabatan(org):
    existing_jabatan = JabatanFactory(nama="Analis Impor", jenjang="Ahli Pertama", jenis="JF")
    a = peg(org.bidang.id_unor, 11, tanggal_lahir="17-05-1988")
    b = peg(
        org.subbidang.id_unor,
        12,
        lahir=datetime.date(1993, 9, 2),
        tmt=datetime.date(2022, 3, 1),
        jk="P",
        asn="PPPK",
        tanggal_lahir="02/09/1993",
        jabatan="Guru",
        jenjang="Ahli Muda",
        golongan="ix",
    )
    hasil = run(org.admin, org.instansi, "pegawai", csv_file(*pegawai_rows(a, b), delimiter=";"))
    assert (hasil.ditambahkan, hasil.ditolak) == (2, 0), hasil.masalah
    pa, pb = Pegawai.objects.get(nip=a["nip"]), Pegawai.objects.get(nip=b["nip"])
    assert pa.jabatan == existing_jabatan and pa.unit_kerja == org.bidang and pa.tanggal_lahir.day == 17
    assert (
        pb.jabatan.nama == "Guru" and pb.jabatan.jenis == "JF" and pb.golongan == "IX" and pb.tmt_pns is None
    )
    assert pa.user.username == a["nip"] and pa.user.peran == "PEGAWAI" and not pa.user.has_usable_password()
    assert pa.instansi == org.instansi and pa.jenis_pegawai == "PEGAWAI"
    assert AuditEvent.objects.filter(action="impor.pegawai_create").count() == 2
    assert AuditEvent.objects.filter(action="impor.jabatan_create").count() == 1


def test_pegawai_xlsx_with_real_dates(org):
    row = peg(org.bidang.id_unor, 21)
    header, rows = pegawai_rows(row)
    for kolom in ("tanggal_lahir", "tmt_cpns", "tmt_pns"):
        i = header.index(kolom)
        rows[0][i] = datetime.datetime.fromisoformat(rows[0][i])
    hasil = run(org.admin, org.instansi, "pegawai", xlsx_file(header, rows))
    assert hasil.ditambahkan == 1, hasil.masalah
    assert Pegawai.objects.get(nip=row["nip"]).tmt_cpns == datetime.date(2012, 2, 1)


def test_pegawai_bad_rows_with_reasons_and_line_numbers(org, other_org):
    good = peg(org.bidang.id_unor, 31)
    dup = peg(org.bidang.id_unor, 32)
    header, rows = pegawai_rows(
        good,  # 2
        peg(org.bidang.id_unor, 33, tanggal_lahir="1988-05-18"),  # 3: NIP does not match
        peg(org.bidang.id_unor, 34, golongan="III/e", jenis_kelamin="X"),  # 4
        peg(other_org.unit.id_unor, 35),  # 5: unit of another instansi
        dup,
        dup,  # 7, 8
        peg(org.bidang.id_unor, 36, nip=other_org.pegawai.nip),  # 9
        peg(org.bidang.id_unor, 37, nama="", tmt_cpns="31-02-2012"),  # 10
        peg(org.bidang.id_unor, 38, jenis_jabatan="", jabatan="Analis Impor"),  # 11
    )
    rows.insert(4, [""] * len(header))  # line 6 is empty: skipped but counted
    hasil = run(org.admin, org.instansi, "pegawai", csv_file(header, rows))
    r = reasons(hasil)
    assert hasil.ditolak == 8 and hasil.dibatalkan
    assert r[(3, "nip")] == "Tanggal lahir pada NIP tidak sama dengan tanggal lahir pegawai."
    assert r[(4, "golongan")] == "Golongan III/e tidak dikenal untuk PNS."
    assert "isi dengan L atau P" in r[(4, "jenis_kelamin")]
    assert (
        r[(5, "id_unor")] == f"Unit kerja dengan ID {other_org.unit.id_unor} tidak ditemukan di instansi ini."
    )
    assert r[(7, "nip")] == f"NIP {dup['nip']} muncul lebih dari sekali (baris 7, 8)."
    assert "instansi lain" in r[(9, "nip")]
    assert r[(10, "nama")] == "Kolom nama wajib diisi."
    assert r[(10, "tmt_cpns")].startswith("Tanggal pada kolom tmt_cpns tidak dikenali")
    assert "jenis_jabatan wajib diisi" in r[(11, "jenis_jabatan")]
    assert not Pegawai.objects.filter(nip=good["nip"]).exists()
    assert not AuditEvent.objects.exists() and not Jabatan.objects.filter(nama="Analis Impor").exists()


def test_pegawai_nip_stored_as_number_in_excel(org):
    header, rows = pegawai_rows(peg(org.bidang.id_unor, 41))
    rows[0][0] = float(rows[0][0])
    hasil = run(org.admin, org.instansi, "pegawai", xlsx_file(header, rows))
    assert "tersimpan sebagai angka" in reasons(hasil)[(2, "nip")]


def test_pegawai_only_valid_rows_and_reimport_changes_nothing(org):
    good = peg(org.bidang.id_unor, 51)
    bad = peg(org.bidang.id_unor, 52, golongan="V/a")
    berkas = pegawai_rows(good, bad)
    hasil = run(org.admin, org.instansi, "pegawai", csv_file(*berkas), hanya_valid=True)
    assert (hasil.ditambahkan, hasil.ditolak) == (1, 1)
    assert (
        Pegawai.objects.filter(nip=good["nip"]).exists()
        and not Pegawai.objects.filter(nip=bad["nip"]).exists()
    )
    jumlah = AuditEvent.objects.count()
    again = run(org.admin, org.instansi, "pegawai", csv_file(*berkas), hanya_valid=True)
    assert (again.ditambahkan, again.diubah, again.tidak_berubah, again.ditolak) == (0, 0, 1, 1)
    assert AuditEvent.objects.count() == jumlah


def test_pegawai_update_new_unit_makes_leader_a_plain_pegawai(org):
    k = org.kabid
    as_is = {f: getattr(k, f) for f in ("nip", "nama", "gelar_belakang", "tempat_lahir", "golongan")}
    dates = {f: getattr(k, f).isoformat() for f in ("tanggal_lahir", "tmt_cpns", "tmt_pns")}
    jabatan = {"jabatan": k.jabatan.nama, "jenjang": k.jabatan.jenjang, "tmt_jabatan": "", "tmt_golongan": ""}
    row = peg(org.subbidang.id_unor, 0, **as_is, **dates, **jabatan)
    hasil = run(org.admin, org.instansi, "pegawai", csv_file(*pegawai_rows(row)))
    assert (hasil.ditambahkan, hasil.diubah) == (0, 1), hasil.masalah
    k.refresh_from_db()
    assert k.unit_kerja == org.subbidang and k.jenis_pegawai == "PEGAWAI"
    event = AuditEvent.objects.get(action="impor.pegawai_update")
    assert event.before == {"unit_kerja": org.bidang.pk, "jenis_pegawai": "PIMPINAN"}
    assert event.after == {"unit_kerja": org.subbidang.pk, "jenis_pegawai": "PEGAWAI"}


def test_reimport_uses_constant_queries(org):
    def unchanged_import(n):
        rows = [peg(org.bidang.id_unor, 100 + i + n) for i in range(n)]
        run(org.admin, org.instansi, "pegawai", csv_file(*pegawai_rows(*rows)))
        with CaptureQueriesContext(connection) as ctx:
            hasil = run(org.admin, org.instansi, "pegawai", csv_file(*pegawai_rows(*rows)))
        assert hasil.tidak_berubah == n
        return len(ctx.captured_queries)

    assert unchanged_import(3) == unchanged_import(15)


# ---- files and rights ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "pesan"),
    [
        ("data.pdf", b"%PDF-1.4 ...", "Jenis berkas tidak didukung"),
        ("data.csv", b"", "Berkas kosong."),
        ("data.csv", b"nip,nama\n1,A\n", "Baris judul tidak memuat kolom: gelar_depan"),
        ("data.csv", b"id_unor,nama,eselon,id_unor_atasan,jenis_induk\n", "hanya berisi baris judul"),
        ("data.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "Format .xls"),
        ("data.xlsx", b"bukan excel", "rusak atau bukan berkas Excel"),
        ("data.csv", "nama;é".encode("latin-1"), "UTF-8"),
    ],
)
def test_bad_file_is_refused(org, name, content, pesan):
    jenis = "unit" if b"id_unor,nama" in content else "pegawai"
    with pytest.raises(DomainError) as e:
        run(org.admin, org.instansi, jenis, SimpleUploadedFile(name, content))
    assert pesan in e.value.message and e.value.field == "berkas"


def test_file_of_the_other_kind_and_too_many_rows(org, monkeypatch):
    with pytest.raises(DomainError) as e:
        run(org.admin, org.instansi, "pegawai", csv_file(*unit_rows(["U-1", "SATU", "", "", ""])))
    assert e.value.message.startswith("Berkas ini berisi kolom data Unit Kerja; pilih jenis data Unit Kerja")
    monkeypatch.setattr("kinerja.org.services.impor_parse.MAX_ROWS", 2)
    berkas = csv_file(*unit_rows(*[[f"U-{i}", "N", "", "", ""] for i in range(3)]))
    with pytest.raises(DomainError, match="lebih dari 2 baris data"):
        run(org.admin, org.instansi, "unit", berkas)


def test_service_refuses_other_instansi_and_pegawai(org, other_org):
    berkas = csv_file(*unit_rows(["U-X", "X", "", "", ""]))
    with pytest.raises(PermissionDeniedError):
        run(other_org.admin, org.instansi, "unit", berkas)
    with pytest.raises(PermissionDeniedError):
        run(org.staf.user, org.instansi, "unit", berkas)
    assert not UnitKerja.objects.filter(id_unor="U-X").exists()


@pytest.mark.parametrize("url", [URL, reverse("org:admin_import_template", args=["unit"])])
def test_view_rights(client, org, url):
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(org.staf.user)
    assert client.get(url).status_code == 403


def test_view_import_then_result_page(client, org):
    client.force_login(org.admin)
    berkas = csv_file(*unit_rows(["U-BARU", "UNIT BARU", "32", org.root.id_unor, "MANDIRI"]))
    response = client.post(URL, {"jenis": "unit", "berkas": berkas})
    assert response.status_code == 302
    page = client.get(URL).content.decode()
    assert "Impor Unit Kerja selesai: 1 ditambahkan, 0 diubah, 0 tidak berubah, 0 ditolak." in page
    assert 'data-testid="jumlah-ditambahkan">1<' in page
    assert 'data-testid="impor-hasil"' not in client.get(URL).content.decode()  # shown once


def test_view_bad_rows_table_and_nothing_saved(client, org):
    client.force_login(org.admin)
    berkas = csv_file(
        *unit_rows(["U-BARU", "UNIT BARU", "32", org.root.id_unor, ""], ["U-2", "", "", "", ""])
    )
    response = client.post(URL, {"jenis": "unit", "berkas": berkas})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="tabel-masalah"' in page
    assert (
        "Kolom nama wajib diisi." in page
        and "Tidak ada data yang diimpor: 1 dari 2 baris tidak valid." in page
    )
    assert not UnitKerja.objects.filter(id_unor="U-BARU").exists()


def test_view_bad_file_message_next_to_field_and_input_kept(client, org):
    client.force_login(org.admin)
    berkas = SimpleUploadedFile("foto.png", b"\x89PNG\r\n")
    response = client.post(URL, {"jenis": "unit", "berkas": berkas, "hanya_valid": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-field-error="berkas">Jenis berkas tidak didukung' in page
    assert '<option value="unit" selected>' in page
    assert 'id="id_hanya_valid" class="form-check-input" checked' in page


def test_view_other_instansi_admin_cannot_import_into_another_instansi(client, org, other_org):
    client.force_login(other_org.admin)
    berkas = csv_file(*unit_rows(["U-SUSUP", "SUSUPAN", "32", org.root.id_unor, ""]))
    response = client.post(URL, {"jenis": "unit", "instansi": org.instansi.pk, "berkas": berkas})
    assert response.status_code == 200 and "tidak ditemukan di instansi ini" in response.content.decode()
    assert not UnitKerja.objects.filter(id_unor="U-SUSUP").exists()


def test_view_national_admin_chooses_instansi(client, org, admin_nasional):
    client.force_login(admin_nasional)
    response = client.post(URL, {"jenis": "unit", "berkas": csv_file(*unit_rows(["U-N", "N", "", "", ""]))})
    assert response.status_code == 200 and 'data-field-error="instansi"' in response.content.decode()
    berkas = csv_file(*unit_rows(["U-N", "N", "", org.root.id_unor, ""]))
    response = client.post(URL, {"jenis": "unit", "instansi": org.instansi.pk, "berkas": berkas})
    assert response.status_code == 302
    assert UnitKerja.objects.get(id_unor="U-N").instansi == org.instansi


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_example_files_import_cleanly(client, org, fmt):
    client.force_login(org.admin)
    for jenis in ("unit", "pegawai"):
        response = client.get(reverse("org:admin_import_template", args=[jenis]), {"format": fmt})
        assert (
            response.status_code == 200 and f"contoh-impor-{jenis}.{fmt}" in response["Content-Disposition"]
        )
        berkas = SimpleUploadedFile(f"contoh.{fmt}", response.content)
        hasil = run(org.admin, org.instansi, jenis, berkas)
        assert hasil.ditolak == 0 and hasil.ditambahkan >= 2, hasil.masalah
    assert client.get(reverse("org:admin_import_template", args=["lain"])).status_code == 404


def test_existing_login_without_employee_is_linked(org):
    user = UserFactory(username=peg(org.bidang.id_unor, 61)["nip"])
    hasil = run(org.admin, org.instansi, "pegawai", csv_file(*pegawai_rows(peg(org.bidang.id_unor, 61))))
    assert hasil.ditambahkan == 1 and Pegawai.objects.get(nip=user.username).user == user
    assert User.objects.filter(username=user.username).count() == 1


def test_unit_import_of_existing_unit_in_factory_tree_keeps_paths(org):
    extra = UnitKerjaFactory(parent=org.subbidang, nama="SEKSI LAMA")
    PegawaiFactory(unit_kerja=extra)
    berkas = csv_file(*unit_rows([org.subbidang.id_unor, "SUBBIDANG UJI", "42", org.root.id_unor, ""]))
    assert run(org.admin, org.instansi, "unit", berkas).diubah == 1
    extra.refresh_from_db()
    assert extra.path == f"/{org.root.pk}/{org.subbidang.pk}/{extra.pk}/" and extra.depth == 2


def test_jabatan_with_another_jenis_and_login_of_another_employee_are_refused(org):
    JabatanFactory(nama="Analis Impor", jenjang="Ahli Pertama", jenis="JF")
    row = peg(org.bidang.id_unor, 71, jenis_jabatan="JA")
    taken = UserFactory(username=peg(org.bidang.id_unor, 72)["nip"])
    org.staf.user = taken
    org.staf.save()
    hasil = run(org.admin, org.instansi, "pegawai", csv_file(*pegawai_rows(row, peg(org.bidang.id_unor, 72))))
    r = reasons(hasil)
    assert r[(2, "jenis_jabatan")] == (
        "Jabatan Analis Impor jenjang Ahli Pertama sudah terdaftar dengan jenis JF; "
        "isi jenis_jabatan dengan JF."
    )
    assert r[(3, "nip")] == "Akun dengan nama pengguna NIP ini sudah terhubung dengan pegawai lain."
