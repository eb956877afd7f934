"""Hasil Kerja (RHK, indicators), Ekspektasi Pimpinan and Lampiran SKP services: every action and refusal."""

import datetime
import decimal

import pytest

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.skp.models import EkspektasiPimpinan, Indikator, LampiranItem, Rhk
from kinerja.skp.selectors.detail import detail_skp
from kinerja.skp.services import perilaku, workflow
from kinerja.skp.services import rhk as services

from .conftest import YEAR, add_rhk, make_skp

LALU_AWAL, LALU_AKHIR = datetime.date(YEAR - 1, 1, 1), datetime.date(YEAR - 1, 12, 31)


def events(action, obj=None):
    qs = AuditEvent.objects.filter(action=action)
    return qs.filter(object_id=str(obj.pk)) if obj is not None else qs


def rhk_kwargs(**extra):
    return {"jenis": "UTAMA", "klasifikasi": "INDIVIDU", "teks": "Tersusunnya dokumen uji", **extra}


def ajukan(skp):
    return workflow.skp_ajukan(actor=skp.pegawai.user, skp=skp)


# --- RHK ---------------------------------------------------------------------------------------------------


def test_jajf_rhk_links_the_assessors_rhk_and_is_audited(skp_org):
    o = skp_org
    rhk = services.rhk_create(
        actor=o.staf.user, skp=o.skp_staf, jenis="TAMBAHAN", klasifikasi="ORGANISASI",
        teks="  Terlaksananya rapat koordinasi  ", penugasan_dari="diabaikan", rhk_atasan=o.rhk_kabid,
    )  # fmt: skip
    assert rhk.teks == "Terlaksananya rapat koordinasi"
    assert rhk.rhk_atasan == o.rhk_kabid and rhk.rhk_atasan_teks == o.rhk_kabid.teks
    assert rhk.penugasan_dari == ""  # JA/JF have no Penugasan dari
    event = events("rhk.create", rhk).get()
    assert event.actor == o.staf.user and event.instansi == o.instansi
    assert event.after["teks"] == rhk.teks and event.after["rhk_atasan"] == o.rhk_kabid.pk


def test_jpt_rhk_keeps_penugasan_dari_and_needs_no_atasan(skp_org):
    o = skp_org
    rhk = services.rhk_create(actor=o.kaban.user, skp=o.skp_kaban, **rhk_kwargs(penugasan_dari=" Bupati "))
    assert rhk.penugasan_dari == "Bupati" and rhk.rhk_atasan is None and rhk.rhk_atasan_teks == ""
    # An RHK the JPT's own assessor does not have is refused here too.
    with pytest.raises(DomainError) as exc:
        services.rhk_create(actor=o.kaban.user, skp=o.skp_kaban, **rhk_kwargs(), rhk_atasan=o.rhk_kabid)
    assert exc.value.field == "rhk_atasan"


def test_jajf_rhk_needs_an_atasan_rhk(skp_org):
    o = skp_org
    before = Rhk.objects.count()
    with pytest.raises(DomainError) as exc:
        services.rhk_create(actor=o.staf.user, skp=o.skp_staf, **rhk_kwargs())
    assert exc.value.field == "rhk_atasan"
    assert Rhk.objects.count() == before and events("rhk.create").filter(actor=o.staf.user).count() == 1


def test_an_rhk_outside_the_assessors_skp_is_refused(skp_org):
    o = skp_org
    # The JPT above the assessor is not the assessor.
    with pytest.raises(DomainError) as exc:
        services.rhk_create(actor=o.staf.user, skp=o.skp_staf, **rhk_kwargs(), rhk_atasan=o.rhk_kaban)
    assert exc.value.field == "rhk_atasan" and "pejabat penilai" in exc.value.message
    # The assessor's SKP of another year does not cover this period.
    lalu = make_skp(o.kabid, awal=LALU_AWAL, akhir=LALU_AKHIR)
    rhk_lalu = Rhk.objects.create(skp=lalu, teks="RHK tahun lalu")
    with pytest.raises(DomainError) as exc:
        services.rhk_create(actor=o.staf.user, skp=o.skp_staf, **rhk_kwargs(), rhk_atasan=rhk_lalu)
    assert exc.value.field == "rhk_atasan"
    # A colleague's RHK is no atasan RHK either.
    skp2 = make_skp(o.staf2)
    rhk2 = add_rhk(skp2, "RHK rekan", atasan=o.rhk_kabid)
    with pytest.raises(DomainError):
        services.rhk_create(actor=o.staf.user, skp=o.skp_staf, **rhk_kwargs(), rhk_atasan=rhk2)
    assert list(services.rhk_atasan_choices(o.skp_staf)) == [o.rhk_kabid]
    assert o.skp_staf.rhk.count() == 1


@pytest.mark.parametrize(
    ("field", "values"),
    [("teks", {"teks": "   "}), ("jenis", {"jenis": "LAINNYA"}), ("klasifikasi", {"klasifikasi": "TIM"})],
)
def test_rhk_bad_input_names_the_field(skp_org, field, values):
    o = skp_org
    with pytest.raises(DomainError) as exc:
        services.rhk_create(actor=o.kaban.user, skp=o.skp_kaban, **rhk_kwargs(**values))
    assert exc.value.field == field
    assert o.skp_kaban.rhk.count() == 1


def test_only_the_owner_or_the_assessor_writes_rhk(skp_org):
    o = skp_org
    for actor in (o.staf2.user, o.kaban.user, o.admin):
        with pytest.raises(PermissionDeniedError):
            services.rhk_create(actor=actor, skp=o.skp_staf, **rhk_kwargs(), rhk_atasan=o.rhk_kabid)
        with pytest.raises(PermissionDeniedError):
            services.rhk_delete(actor=actor, rhk=o.rhk_staf)
    # The assessor may add an RHK to a subordinate's DRAFT (Tambah RHK of the Matriks Peran Hasil).
    rhk = services.rhk_create(actor=o.kabid.user, skp=o.skp_staf, **rhk_kwargs(), rhk_atasan=o.rhk_kabid)
    assert rhk.dibuat_oleh == o.kabid.user and o.skp_staf.rhk.count() == 2


def test_rhk_update_audits_before_and_after_and_a_noop_writes_nothing(skp_org):
    o = skp_org
    kedua = add_rhk(o.skp_kabid, "RHK kedua kabid", atasan=o.rhk_kaban)
    rhk = services.rhk_update(
        actor=o.staf.user, rhk=o.rhk_staf, jenis="TAMBAHAN", klasifikasi="ORGANISASI", teks="Teks baru",
        rhk_atasan=kedua,
    )  # fmt: skip
    rhk.refresh_from_db()
    assert (rhk.jenis, rhk.teks, rhk.rhk_atasan, rhk.rhk_atasan_teks) == (
        "TAMBAHAN",
        "Teks baru",
        kedua,
        kedua.teks,
    )
    event = events("rhk.update", rhk).get()
    assert (
        event.before["teks"] == "Tersusunnya laporan penilaian kinerja" and event.after["teks"] == "Teks baru"
    )
    assert event.before["rhk_atasan"] == o.rhk_kabid.pk and event.after["rhk_atasan"] == kedua.pk
    services.rhk_update(actor=o.staf.user, rhk=rhk, jenis="TAMBAHAN", klasifikasi="ORGANISASI", teks="Teks baru",
                        rhk_atasan=kedua)  # fmt: skip
    assert events("rhk.update", rhk).count() == 1


def test_rhk_delete_takes_its_indicators_and_is_audited(skp_org):
    o = skp_org
    rhk = add_rhk(o.skp_kaban, "RHK untuk dihapus", indikator=2)
    pk = rhk.pk
    services.rhk_delete(actor=o.kaban.user, rhk=rhk)
    assert not Rhk.objects.filter(pk=pk).exists() and not Indikator.objects.filter(rhk_id=pk).exists()
    event = events("rhk.delete").get(object_id=str(pk))
    assert event.before["teks"] == "RHK untuk dihapus" and len(event.before["indikator"]) == 2


def test_deleting_an_atasan_rhk_leaves_the_child_marked_until_relinked(skp_org):
    o = skp_org
    services.rhk_delete(actor=o.kabid.user, rhk=o.rhk_kabid)
    child = Rhk.objects.get(pk=o.rhk_staf.pk)
    assert child.rhk_atasan is None and child.atasan_hilang
    assert child.rhk_atasan_teks == "Terlaksananya penilaian kinerja"  # the text is kept, never silently lost
    assert detail_skp(o.skp_staf).utama[0].atasan_hilang
    # It cannot be submitted like this...
    with pytest.raises(DomainError) as exc:
        ajukan(o.skp_staf)
    assert "belum memilih RHK atasan" in exc.value.message
    # ...until it is relinked to an RHK the assessor has now.
    baru = add_rhk(o.skp_kabid, "Terlaksananya evaluasi kinerja", atasan=o.rhk_kaban)
    services.rhk_update(actor=o.staf.user, rhk=child, jenis=child.jenis, klasifikasi=child.klasifikasi,
                        teks=child.teks, rhk_atasan=baru)  # fmt: skip
    child.refresh_from_db()
    assert child.rhk_atasan == baru and not child.atasan_hilang and child.rhk_atasan_teks == baru.teks
    assert ajukan(o.skp_staf).status == "PENGAJUAN"


def test_relinking_to_the_same_text_still_saves_when_the_atasan_was_lost(skp_org):
    o = skp_org
    services.rhk_delete(actor=o.kabid.user, rhk=o.rhk_kabid)
    again = add_rhk(o.skp_kabid, "Terlaksananya penilaian kinerja", atasan=o.rhk_kaban)
    child = Rhk.objects.get(pk=o.rhk_staf.pk)
    services.rhk_update(actor=o.staf.user, rhk=child, jenis=child.jenis, klasifikasi=child.klasifikasi,
                        teks=child.teks, rhk_atasan=again)  # fmt: skip
    child.refresh_from_db()
    assert child.rhk_atasan == again and events("rhk.update", child).count() == 1


def test_a_submitted_skp_refuses_every_hasil_kerja_change(skp_org):
    o = skp_org
    ajukan(o.skp_staf)
    indikator = o.rhk_staf.indikator.get()
    calls = [
        lambda: services.rhk_create(
            actor=o.staf.user, skp=o.skp_staf, **rhk_kwargs(), rhk_atasan=o.rhk_kabid
        ),
        lambda: services.rhk_update(
            actor=o.staf.user, rhk=o.rhk_staf, **rhk_kwargs(), rhk_atasan=o.rhk_kabid
        ),
        lambda: services.rhk_delete(actor=o.staf.user, rhk=o.rhk_staf),
        lambda: services.indikator_create(
            actor=o.staf.user, rhk=o.rhk_staf, teks="X", aspek="Waktu", target_nilai=1, target_satuan="Bulan"
        ),  # fmt: skip
        lambda: services.indikator_update(
            actor=o.staf.user,
            indikator=indikator,
            teks="X",
            aspek="Waktu",
            target_nilai=1,
            target_satuan="Bulan",
        ),  # fmt: skip
        lambda: services.indikator_delete(actor=o.staf.user, indikator=indikator),
        lambda: perilaku.lampiran_add(actor=o.staf.user, skp=o.skp_staf, jenis="KONSEKUENSI", teks="X"),
    ]
    count = AuditEvent.objects.count()
    for call in calls:
        with pytest.raises(DomainError) as exc:
            call()
        assert "SKP berstatus PENGAJUAN tidak dapat diubah" in exc.value.message
    assert AuditEvent.objects.count() == count
    assert o.skp_staf.rhk.get().teks == "Tersusunnya laporan penilaian kinerja"


# --- Indicators ----------------------------------------------------------------------------------------------


def test_jajf_indicator_has_aspek_target_and_satuan(skp_org):
    o = skp_org
    ind = services.indikator_create(
        actor=o.staf.user, rhk=o.rhk_staf, teks=" Persentase laporan tepat waktu ", aspek="Waktu",
        target_nilai="92.5", target_satuan=" % ", perspektif="Anggaran",
    )  # fmt: skip
    assert (ind.teks, ind.aspek, ind.target_nilai, ind.target_satuan, ind.perspektif) == (
        "Persentase laporan tepat waktu", "Waktu", decimal.Decimal("92.5"), "%", "",
    )  # fmt: skip
    assert ind.target_label == "92.5 %" and ind.urutan == 2
    assert events("indikator.create", ind).get().after["aspek"] == "Waktu"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"aspek": ""}, "aspek"),
        ({"aspek": "Kecepatan"}, "aspek"),
        ({"teks": " "}, "teks"),
        ({"target_nilai": None}, "target_nilai"),
        ({"target_nilai": "dua belas"}, "target_nilai"),
        ({"target_nilai": "-1"}, "target_nilai"),
        ({"target_satuan": ""}, "target_satuan"),
    ],
)
def test_jajf_indicator_refusals_name_the_field(skp_org, values, field):
    o = skp_org
    data = {"teks": "Jumlah laporan", "aspek": "Kuantitas", "target_nilai": "12", "target_satuan": "Laporan",
            **values}  # fmt: skip
    with pytest.raises(DomainError) as exc:
        services.indikator_create(actor=o.staf.user, rhk=o.rhk_staf, **data)
    assert exc.value.field == field and o.rhk_staf.indikator.count() == 1


def test_jpt_indicator_has_target_and_perspektif_but_no_aspek(skp_org):
    o = skp_org
    ind = services.indikator_create(actor=o.kaban.user, rhk=o.rhk_kaban, teks="Indeks kepuasan", aspek="Biaya",
                                    target_nilai="95", perspektif="Proses Bisnis")  # fmt: skip
    assert (ind.aspek, ind.target_nilai, ind.perspektif) == ("", decimal.Decimal("95"), "Proses Bisnis")
    with pytest.raises(DomainError) as exc:
        services.indikator_create(actor=o.kaban.user, rhk=o.rhk_kaban, teks="Indeks", target_nilai="95")
    assert exc.value.field == "perspektif"
    with pytest.raises(DomainError) as exc:
        services.indikator_create(actor=o.kaban.user, rhk=o.rhk_kaban, teks="Indeks", perspektif="Anggaran")
    assert exc.value.field == "target_nilai"


def test_kualitatif_indicators_carry_no_target_nor_perspektif(skp_org):
    o = skp_org
    jpt = make_skp(o.kaban, awal=LALU_AWAL, akhir=LALU_AKHIR, pendekatan="KUALITATIF")
    rhk = add_rhk(jpt, "RHK kualitatif JPT", indikator=0)
    ind = services.indikator_create(actor=o.kaban.user, rhk=rhk, teks="Kepuasan pengguna layanan",
                                    target_nilai="90", perspektif="Anggaran")  # fmt: skip
    assert (ind.target_nilai, ind.target_satuan, ind.perspektif, ind.target_label) == (None, "", "", "-")
    jajf = make_skp(o.staf2, pendekatan="KUALITATIF")
    rhk = add_rhk(jajf, "RHK kualitatif JF", atasan=o.rhk_kabid, indikator=0)
    ind = services.indikator_create(actor=o.staf2.user, rhk=rhk, teks="Laporan diterima pimpinan",
                                    aspek="Kualitas", target_nilai="3", target_satuan="Laporan")  # fmt: skip
    assert (ind.aspek, ind.target_nilai, ind.target_satuan) == ("Kualitas", None, "")
    with pytest.raises(DomainError) as exc:  # JA/JF still choose the aspek
        services.indikator_create(actor=o.staf2.user, rhk=rhk, teks="Tanpa aspek")
    assert exc.value.field == "aspek"


def test_indicator_update_and_delete_are_audited(skp_org):
    o = skp_org
    ind = o.rhk_staf.indikator.get()
    data = {
        "teks": "Jumlah laporan final",
        "aspek": "Kuantitas",
        "target_nilai": "10",
        "target_satuan": "Laporan",
    }
    services.indikator_update(actor=o.staf.user, indikator=ind, **data)
    ind.refresh_from_db()
    assert ind.teks == "Jumlah laporan final" and ind.target_nilai == 10
    event = events("indikator.update", ind).get()
    assert event.before["target_nilai"] == "12.00" and event.after["target_nilai"] == "10.00"
    services.indikator_update(actor=o.staf.user, indikator=ind, **data)  # no change, no event
    assert events("indikator.update", ind).count() == 1
    pk = ind.pk
    services.indikator_delete(actor=o.staf.user, indikator=ind)
    assert not Indikator.objects.filter(pk=pk).exists()
    assert events("indikator.delete").get(object_id=str(pk)).before["teks"] == "Jumlah laporan final"


def test_indicators_of_someone_else_are_refused(skp_org):
    o = skp_org
    ind = o.rhk_staf.indikator.get()
    for actor in (o.staf2.user, o.admin, o.kaban.user):
        with pytest.raises(PermissionDeniedError):
            services.indikator_create(actor=actor, rhk=o.rhk_staf, teks="X", aspek="Waktu", target_nilai=1,
                                      target_satuan="Bulan")  # fmt: skip
        with pytest.raises(PermissionDeniedError):
            services.indikator_delete(actor=actor, indikator=ind)
    assert o.rhk_staf.indikator.count() == 1


# --- Ekspektasi Pimpinan ---------------------------------------------------------------------------------------


def test_the_assessor_writes_changes_and_clears_an_expectation(skp_org):
    o = skp_org
    ajukan(o.skp_staf)
    obj = perilaku.ekspektasi_set(
        actor=o.kabid.user, skp=o.skp_staf, nilai=3, teks=" Aktif mengikuti pelatihan "
    )
    assert obj.teks == "Aktif mengikuti pelatihan" and obj.nilai == 3
    event = events("ekspektasi.set", o.skp_staf).get()
    assert event.before is None and event.after == {"nilai": 3, "teks": "Aktif mengikuti pelatihan"}
    perilaku.ekspektasi_set(actor=o.kabid.user, skp=o.skp_staf, nilai=3, teks="Aktif mengikuti pelatihan")
    assert events("ekspektasi.set").count() == 1  # same text: nothing to record
    perilaku.ekspektasi_set(actor=o.kabid.user, skp=o.skp_staf, nilai=3, teks="Membagikan ilmu")
    assert events("ekspektasi.set").first().before["teks"] == "Aktif mengikuti pelatihan"
    assert detail_skp(o.skp_staf).perilaku[2].ekspektasi == "Membagikan ilmu"
    assert perilaku.ekspektasi_set(actor=o.kabid.user, skp=o.skp_staf, nilai=3, teks="  ") is None
    assert not EkspektasiPimpinan.objects.filter(skp=o.skp_staf).exists()
    assert events("ekspektasi.hapus", o.skp_staf).get().before["teks"] == "Membagikan ilmu"
    perilaku.ekspektasi_set(actor=o.kabid.user, skp=o.skp_staf, nilai=3, teks="")  # nothing to clear
    assert events("ekspektasi.hapus").count() == 1


def test_only_the_assessor_writes_expectations(skp_org):
    o = skp_org
    for actor in (o.staf.user, o.staf2.user, o.kaban.user, o.admin):
        with pytest.raises(PermissionDeniedError):
            perilaku.ekspektasi_set(actor=actor, skp=o.skp_staf, nilai=1, teks="Ramah")
    assert not EkspektasiPimpinan.objects.exists()


def test_expectations_are_closed_once_approved_and_values_are_1_to_7(skp_org):
    o = skp_org
    for nilai in (0, 8):
        with pytest.raises(DomainError) as exc:
            perilaku.ekspektasi_set(actor=o.kabid.user, skp=o.skp_staf, nilai=nilai, teks="X")
        assert exc.value.field == "nilai"
    ajukan(o.skp_staf)
    workflow.skp_setujui(actor=o.kabid.user, skp=o.skp_staf)
    with pytest.raises(DomainError) as exc:
        perilaku.ekspektasi_set(actor=o.kabid.user, skp=o.skp_staf, nilai=1, teks="Ramah")
    assert "sudah disetujui" in exc.value.message and not EkspektasiPimpinan.objects.exists()


# --- Lampiran SKP ----------------------------------------------------------------------------------------------


def test_lampiran_items_are_numbered_per_jenis_and_audited(skp_org):
    o = skp_org
    a = perilaku.lampiran_add(actor=o.staf.user, skp=o.skp_staf, jenis="DUKUNGAN_SUMBER_DAYA", teks=" SDM ")
    b = perilaku.lampiran_add(
        actor=o.staf.user, skp=o.skp_staf, jenis="DUKUNGAN_SUMBER_DAYA", teks="Anggaran"
    )
    c = perilaku.lampiran_add(actor=o.staf.user, skp=o.skp_staf, jenis="KONSEKUENSI", teks="Teguran")
    assert (a.teks, a.urutan, b.urutan, c.urutan) == ("SDM", 1, 2, 1)
    assert events("lampiran.create", b).get().after == {"jenis": "DUKUNGAN_SUMBER_DAYA", "teks": "Anggaran"}
    lampiran = detail_skp(o.skp_staf).lampiran
    assert [i.teks for i in lampiran["DUKUNGAN_SUMBER_DAYA"]] == ["SDM", "Anggaran"]
    pk = a.pk
    perilaku.lampiran_delete(actor=o.staf.user, item=a)
    assert not LampiranItem.objects.filter(pk=pk).exists()
    assert events("lampiran.delete").get(object_id=str(pk)).before["teks"] == "SDM"


@pytest.mark.parametrize(
    ("jenis", "teks", "field"), [("LAINNYA", "X", "jenis"), ("KONSEKUENSI", "  ", "teks")]
)
def test_lampiran_bad_input_names_the_field(skp_org, jenis, teks, field):
    o = skp_org
    with pytest.raises(DomainError) as exc:
        perilaku.lampiran_add(actor=o.staf.user, skp=o.skp_staf, jenis=jenis, teks=teks)
    assert exc.value.field == field and not LampiranItem.objects.exists()


def test_lampiran_is_the_owners_and_only_while_draft(skp_org):
    o = skp_org
    item = perilaku.lampiran_add(actor=o.staf.user, skp=o.skp_staf, jenis="KONSEKUENSI", teks="Teguran")
    for actor in (o.kabid.user, o.staf2.user, o.admin):
        with pytest.raises(PermissionDeniedError):
            perilaku.lampiran_add(actor=actor, skp=o.skp_staf, jenis="KONSEKUENSI", teks="X")
        with pytest.raises(PermissionDeniedError):
            perilaku.lampiran_delete(actor=actor, item=item)
    ajukan(o.skp_staf)
    with pytest.raises(DomainError):
        perilaku.lampiran_delete(actor=o.staf.user, item=item)
    assert LampiranItem.objects.filter(skp=o.skp_staf).count() == 1
