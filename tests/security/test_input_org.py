"""Bad input to the organisation and admin services: Manajemen Unit Kerja, Manajemen Pegawai (edit), PLT / PLH,
API Key, Pengaturan Keluaran. Each call stores exactly what was sent (normalised as the service promises) or is
refused in Indonesian with nothing changed; a unit name at its maximum length still works everywhere it is
copied (the SKP's snapshot of the PLT's jabatan)."""

import datetime
import re

from hypothesis import given
from hypothesis import strategies as st

from kinerja.api.keys import apikey_create
from kinerja.api.models import ApiKey
from kinerja.core.models import AuditEvent
from kinerja.laporan.models import PengaturanKeluaran
from kinerja.laporan.services import pengaturan_keluaran_simpan
from kinerja.org import reference
from kinerja.org.models import Jabatan, Pegawai, PenugasanPlt, UnitKerja
from kinerja.org.services import akun, plt, profil, units
from kinerja.org.services import pegawai as pegawai_services
from kinerja.skp.models import Skp
from kinerja.skp.services import periode

from ..skp.conftest import AKHIR, AWAL
from .input_common import SETTINGS, attempt, check_fields, rolled_back, tanggal, teks


def _spasi(value: str) -> str:
    return " ".join(value.split())


# --- Manajemen Unit Kerja -----------------------------------------------------------------------------------------


@SETTINGS
@given(nama=teks(), id_unor=teks(70), eselon=st.one_of(teks(4), st.sampled_from(["22", "32", "١٢", "2a"])))
def test_unit_create(org, nama, id_unor, eselon):
    with rolled_back():
        unit, error = attempt(
            lambda: units.unit_create(
                actor=org.admin, instansi=org.instansi, nama=nama, id_unor=id_unor, eselon=eselon,
                parent=org.bidang, jenis_induk="",
            ),
            UnitKerja,
        )  # fmt: skip
        nama_ok = _spasi(nama) and "\x00" not in nama and len(_spasi(nama)) <= 250
        if not nama_ok:
            assert error is not None and error.field in ("nama", "id_unor", "eselon")
            return
        if error is not None:
            assert error.field in ("id_unor", "eselon"), error.message
            return
        saved = UnitKerja.objects.get(pk=unit.pk)
        assert saved.nama == _spasi(nama)
        assert re.fullmatch(r"[A-Za-z0-9._-]{1,64}", saved.id_unor)
        assert saved.eselon == "" or re.fullmatch(r"\d{2}", saved.eselon)


@SETTINGS
@given(nama=teks())
def test_unit_update(org, nama):
    with rolled_back():
        check_fields(
            lambda: units.unit_update(
                actor=org.admin, unit=org.subbidang, nama=nama, eselon="42", jenis_induk="", parent=org.bidang
            ),
            {"nama": (nama, {"maks": 250, "normal": _spasi})},
            lambda unit: {"nama": UnitKerja.objects.get(pk=unit.pk).nama},
            UnitKerja,
        )


# --- Manajemen Pegawai ------------------------------------------------------------------------------------------


def _ubah_pegawai(o, **kwargs):
    p = Pegawai.objects.get(pk=o.staf2.pk)
    data = {
        "nama": p.nama, "tanggal_lahir": p.tanggal_lahir, "jenis_kelamin": p.jenis_kelamin,
        "jenis_asn": p.jenis_asn, "tmt_cpns": p.tmt_cpns, "unit_kerja": p.unit_kerja, "golongan": p.golongan,
    }  # fmt: skip
    data.update(kwargs)
    return pegawai_services.pegawai_update(actor=o.admin, pegawai=p, **data)


@SETTINGS
@given(nama=teks(), gelar_depan=teks(), tempat_lahir=teks(), diperbantukan=teks())
def test_pegawai_texts(org, nama, gelar_depan, tempat_lahir, diperbantukan):
    def stored(_):
        p = Pegawai.objects.get(pk=org.staf2.pk)
        return {"nama": p.nama, "gelar_depan": p.gelar_depan, "tempat_lahir": p.tempat_lahir}

    with rolled_back():
        check_fields(
            lambda: _ubah_pegawai(org, nama=nama, gelar_depan=gelar_depan, tempat_lahir=tempat_lahir),
            {
                "nama": (nama, {"maks": 150}),
                "gelar_depan": (gelar_depan, {"required": False, "maks": 40}),
                "tempat_lahir": (tempat_lahir, {"required": False, "maks": 100}),
            },
            stored,
            Pegawai,
        )
    with rolled_back():
        _, error = attempt(lambda: _ubah_pegawai(org, diperbantukan_di=diperbantukan), Pegawai)
        if error is None:
            assert Pegawai.objects.get(pk=org.staf2.pk).diperbantukan_di == diperbantukan.strip()


@SETTINGS
@given(tanggal_lahir=tanggal(), tmt_cpns=tanggal(), tmt_pns=st.one_of(st.none(), tanggal()))
def test_pegawai_dates(org, tanggal_lahir, tmt_cpns, tmt_pns):
    with rolled_back():
        _, error = attempt(
            lambda: _ubah_pegawai(org, tanggal_lahir=tanggal_lahir, tmt_cpns=tmt_cpns, tmt_pns=tmt_pns),
            Pegawai,
        )
        if error is None:
            p = Pegawai.objects.get(pk=org.staf2.pk)
            assert (p.tanggal_lahir, p.tmt_cpns, p.tmt_pns) == (tanggal_lahir, tmt_cpns, tmt_pns)
        else:
            assert error.field in ("tanggal_lahir", "tmt_cpns", "tmt_pns"), error.message


# --- PLT / PLH ------------------------------------------------------------------------------------------------------


@SETTINGS
@given(nomor_sk=teks(), mulai=tanggal(), selesai=st.one_of(st.none(), tanggal()))
def test_plt(org, nomor_sk, mulai, selesai):
    with rolled_back():
        item, error = attempt(
            lambda: plt.plt_create(
                actor=org.admin, instansi=org.instansi, pegawai=org.staf2, unit_kerja=org.subbidang, jenis="PLT",
                nomor_sk=nomor_sk, tanggal_mulai=mulai, tanggal_selesai=selesai,
            ),
            PenugasanPlt,
        )  # fmt: skip
        nomor = _spasi(nomor_sk)
        valid = nomor and "\x00" not in nomor and len(nomor) <= 100 and (selesai is None or selesai >= mulai)
        if valid:
            assert error is None, error.message
            saved = PenugasanPlt.objects.get(pk=item.pk)
            assert (saved.nomor_sk, saved.tanggal_mulai, saved.tanggal_selesai) == (nomor, mulai, selesai)
        else:
            assert error is not None and error.field in ("nomor_sk", "tanggal_selesai")


def test_longest_unit_name_with_an_acting_leader_still_makes_skps(org):
    """A unit name of 250 characters (the maximum) is copied into "PLT. Pimpinan <unit>" on the SKPs of the PLT
    and of the unit's staff: the snapshot must fit its column, not refuse the SKP (or fail on PostgreSQL)."""
    panjang = "UNIT " + "X" * 245
    units.unit_update(
        actor=org.admin, unit=org.subbidang, nama=panjang, eselon="42", jenis_induk="", parent=org.bidang
    )
    penugasan = plt.plt_create(
        actor=org.admin, instansi=org.instansi, pegawai=org.staf2, unit_kerja=org.subbidang, jenis="PLT",
        nomor_sk="800/1/2026", tanggal_mulai=AWAL - datetime.timedelta(days=30),
    )  # fmt: skip
    skp_anggota = periode.skp_create(
        actor=org.anggota_sub.user, pegawai=org.anggota_sub, periode_awal=AWAL, periode_akhir=AKHIR,
        pendekatan="KUANTITATIF",
    )  # fmt: skip
    skp_plt = periode.skp_create(
        actor=org.staf2.user, pegawai=org.staf2, periode_awal=AWAL, periode_akhir=AKHIR, pendekatan="KUANTITATIF",
        status_pegawai="PLT", penugasan_plt=penugasan,
    )  # fmt: skip
    skp_anggota, skp_plt = Skp.objects.get(pk=skp_anggota.pk), Skp.objects.get(pk=skp_plt.pk)
    assert skp_anggota.penilai_id == org.staf2.pk
    assert skp_anggota.penilai_jabatan.startswith("PLT. Pimpinan UNIT XXX")
    assert len(skp_anggota.penilai_jabatan) <= 250
    assert (
        skp_plt.pegawai_jabatan.startswith("PLT. Pimpinan UNIT XXX") and len(skp_plt.pegawai_jabatan) <= 250
    )


# --- API Key, Pengaturan Keluaran ---------------------------------------------------------------------------------


@SETTINGS
@given(nama=teks(), akses=st.one_of(teks(8), st.sampled_from(["BACA", "TULIS"])))
def test_api_key(org, nama, akses):
    with rolled_back():
        call = lambda: apikey_create(actor=org.admin, instansi=org.instansi, nama=nama, akses=akses)  # noqa: E731
        if akses not in ("BACA", "TULIS"):
            _, error = attempt(call, ApiKey)
            assert error is not None and error.field in ("nama", "akses")
            return
        check_fields(
            call,
            {"nama": (nama, {"maks": 120})},
            lambda r: {"nama": ApiKey.objects.get(pk=r[0].pk).nama},
            ApiKey,
        )


@SETTINGS
@given(
    kode=st.dictionaries(teks(12), st.one_of(st.integers(-(2**40), 2**40), teks(5), st.floats()), max_size=4),
    nilai=st.dictionaries(
        st.sampled_from(["SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG", "\x00"]),
        st.one_of(st.integers(-5, 120), st.booleans(), teks(5)),
        max_size=5,
    ),
)
def test_pengaturan_keluaran(org, kode, nilai):
    with rolled_back():
        _, error = attempt(
            lambda: pengaturan_keluaran_simpan(
                actor=org.admin, instansi=org.instansi, kode_rating=kode, nilai_predikat=nilai
            ),  # fmt: skip
            PengaturanKeluaran,
        )
        if error is not None:
            assert error.field in ("kode_rating", "nilai_predikat")


# --- Profil, the end of a PLT, the password -------------------------------------------------------------------------


@SETTINGS
@given(golongan=st.one_of(teks(8), st.sampled_from(["III/a", "IV/e", "IX", "iii/a", "V/a"])))
def test_profil_golongan(org, golongan):
    with rolled_back():
        _, error = attempt(
            lambda: profil.profil_update(
                actor=org.staf.user, pegawai=org.staf, unit_kerja=org.bidang, jabatan=None, golongan=golongan
            ),
            Pegawai,
        )
        if error is None:
            assert Pegawai.objects.get(pk=org.staf.pk).golongan == golongan
            assert golongan == "" or golongan in dict(reference.GOLONGAN_PNS)
        else:
            assert error.field == "golongan"


@SETTINGS
@given(selesai=st.one_of(st.none(), tanggal()))
def test_plt_end(org, selesai):
    mulai = AWAL - datetime.timedelta(days=30)
    with rolled_back():
        penugasan = plt.plt_create(
            actor=org.admin, instansi=org.instansi, pegawai=org.staf2, unit_kerja=org.subbidang, jenis="PLH",
            nomor_sk="800/2/2026", tanggal_mulai=mulai,
        )  # fmt: skip
        _, error = attempt(
            lambda: plt.plt_end(actor=org.admin, penugasan=penugasan, tanggal_selesai=selesai), PenugasanPlt
        )
        if selesai is not None and selesai < mulai:
            assert error is not None and error.field == "tanggal_selesai"
        elif error is None:
            saved = PenugasanPlt.objects.get(pk=penugasan.pk).tanggal_selesai
            assert saved == (selesai or saved) and saved >= mulai


@SETTINGS
@given(password=teks())
def test_password_change(org, password):
    """The service stores a hash of whatever the form let through (the form checks the rules): never a crash."""
    with rolled_back():
        _, error = attempt(lambda: akun.password_change(user=org.staf.user, new_password=password))
        assert error is None
        org.staf.user.refresh_from_db()
        assert org.staf.user.check_password(password)


def test_every_model_save_refuses_nul_and_overlong_text(org):
    """kinerja.core.teks.guard: whatever writes a model of ours (a service, a sync, a job), a NUL byte or a text
    longer than its column is the same Indonesian refusal on SQLite and PostgreSQL, never a database error."""
    for data, field in (
        ({"nama": "x" * 251, "jenis": "JA"}, "nama"),
        ({"nama": "Analis\x00", "jenis": "JA"}, "nama"),
        ({"nama": "Analis", "jenis": "JA", "jenjang": "a\x00"}, "jenjang"),
    ):
        _, error = attempt(lambda d=data: Jabatan.objects.create(**d), Jabatan)
        assert error is not None and error.field == field
    _, error = attempt(
        lambda: AuditEvent.objects.create(action="uji", object_type="x", object_id="1", after={"a": "b\x00"})
    )
    assert error is not None
    saved = Jabatan.objects.create(nama="x" * 250, jenis="JA")  # at the limit: stored
    assert Jabatan.objects.get(pk=saved.pk).nama == "x" * 250
