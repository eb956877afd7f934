"""Matriks Target Bulanan: target sums and warnings, refusals (bad numbers, months outside the SKP, closed months),
aggregation of approved entries, manual realisation where allowed, rights, feature off, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.harian import rules
from kinerja.harian.models import BulanDitutup, CatatanHarian, RealisasiBulanan, Tahapan, TargetBulanan
from kinerja.harian.selectors.matriks import data_matriks, realisasi_bulanan
from kinerja.harian.services import target as services
from kinerja.skp.models import Indikator, Rhk

from ..penilaian.conftest import approve
from ..skp.conftest import YEAR, add_rhk, make_skp


@pytest.fixture
def o(harian_org):
    harian_org.url = reverse("harian:matriks", args=[harian_org.skp_staf.pk])
    return harian_org


def f(ind, bulan) -> str:
    return f"t_{ind.pk}_{bulan}"


def catat(o, tanggal, realisasi, status="SETUJU", indikator=None):
    ind = indikator or o.ind_staf
    return CatatanHarian.objects.create(
        skp_id=ind.rhk.skp_id,
        indikator=ind,
        pegawai=o.staf,
        tanggal=tanggal,
        uraian="Menyusun laporan",
        realisasi=Decimal(realisasi),
        status=status,
    )


def targets(ind) -> dict[int, Decimal]:
    return dict(TargetBulanan.objects.filter(indikator=ind).values_list("bulan", "target"))


# --- targets ------------------------------------------------------------------------------------------------------


def test_owner_saves_the_whole_matrix_and_the_warning_follows_the_total(client, o):
    client.force_login(o.staf.user)
    html = client.get(o.url).content.decode()
    assert (
        "Matriks Target Bulanan SKP" in html and "TOTAL RENCANA TARGET" in html and "TOTAL REALISASI" in html
    )
    for singkat in rules.BULAN_SINGKAT:
        assert f">{singkat}" in html
    assert f'name="{f(o.ind_staf, 1)}"' in html and f'name="{f(o.ind_staf, 12)}"' in html
    response = client.post(o.url, {f(o.ind_staf, b): "2" for b in range(1, 6)} | {f(o.ind_staf, 6): "1,5"})
    assert response.status_code == 302
    assert targets(o.ind_staf) == {1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: Decimal("1.5")}
    html = client.get(o.url).content.decode()
    pesan = rules.pesan_total_target(Decimal(12), Decimal("11.5"))
    assert pesan in html and 'data-testid="ringkasan-peringatan"' in html
    assert f'data-testid="total-target-{o.ind_staf.pk}">11,5 Laporan' in html
    client.post(o.url, {f(o.ind_staf, 6): "2", f(o.ind_staf, 7): ""})
    assert sum(targets(o.ind_staf).values()) == 12
    html = client.get(o.url).content.decode()
    assert "belum sama dengan target tahunan" not in html
    event = AuditEvent.objects.filter(action="harian.target.simpan").order_by("id").last()
    key = f"{o.ind_staf.pk}/6"
    assert event.before == {key: "1.50"} and event.after == {key: "2.00"}
    client.post(o.url, {f(o.ind_staf, 1): ""})  # an emptied cell removes the month's target
    assert 1 not in targets(o.ind_staf)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "Target harus berupa angka."),
        ("-1", "Target tidak boleh negatif."),
        ("1,234", "paling banyak dua angka di belakang koma"),
        ("NaN", "Target harus berupa angka."),
    ],
)
def test_bad_numbers_are_shown_next_to_the_cell_and_nothing_is_saved(client, o, value, message):
    client.force_login(o.staf.user)
    response = client.post(o.url, {f(o.ind_staf, 1): "3", f(o.ind_staf, 2): value})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-field-error="{f(o.ind_staf, 2)}"' in html and message in html
    assert f'value="{value}"' in html and 'value="3"' in html  # the input is kept
    assert targets(o.ind_staf) == {}


def test_months_outside_the_skp_are_greyed_and_refused(client, harian_org):
    o = harian_org
    skp = make_skp(o.staf2, awal=datetime.date(YEAR, 1, 1), akhir=datetime.date(YEAR, 6, 30))
    rhk = add_rhk(skp, "Tersusunnya arsip", atasan=o.rhk_kabid)
    approve(skp)
    ind = rhk.indikator.get()
    client.force_login(o.staf2.user)
    url = reverse("harian:matriks", args=[skp.pk])
    html = client.get(url).content.decode()
    assert f'name="{f(ind, 6)}"' in html and f'name="{f(ind, 7)}"' not in html
    assert html.count("Di luar periode SKP") == 6
    with pytest.raises(DomainError) as exc:
        services.target_simpan(actor=o.staf2.user, skp=skp, nilai={(ind.pk, 7): "1"})
    assert exc.value.field == f(ind, 7) and "di luar periode SKP" in exc.value.message
    client.post(url, {f(ind, 1): "4", f(ind, 7): "5"})  # a hand-made field outside the SKP is ignored
    assert targets(ind) == {1: 4}


def test_a_closed_month_is_frozen(client, o):
    services.target_simpan(actor=o.staf.user, skp=o.skp_staf, nilai={(o.ind_staf.pk, 3): "1"})
    BulanDitutup.objects.create(instansi=o.instansi, tahun=YEAR, bulan=3)
    with pytest.raises(DomainError) as exc:
        services.target_simpan(actor=o.staf.user, skp=o.skp_staf, nilai={(o.ind_staf.pk, 3): "2"})
    assert exc.value.field == f(o.ind_staf, 3) and "sudah ditutup" in exc.value.message
    # unchanged values of a closed month pass; the other months save
    services.target_simpan(
        actor=o.staf.user, skp=o.skp_staf, nilai={(o.ind_staf.pk, 3): "1", (o.ind_staf.pk, 4): "1"}
    )
    client.force_login(o.staf.user)
    html = client.get(o.url).content.decode()
    assert 'aria-label="ditutup"' in html
    assert f'name="{f(o.ind_staf, 3)}" value="1"' in html and "disabled" in html
    response = client.post(o.url, {f(o.ind_staf, 3): "9", f(o.ind_staf, 5): "1"})  # forced through the form
    html = response.content.decode()
    assert response.status_code == 200 and f"Bulan {rules.BULAN[2]} {YEAR} sudah ditutup" in html
    assert targets(o.ind_staf) == {3: 1, 4: 1}


def test_service_refusals(o, other_org):
    skp = o.skp_staf
    with pytest.raises(PermissionDeniedError):
        services.target_simpan(actor=o.kabid.user, skp=skp, nilai={(o.ind_staf.pk, 1): "1"})
    with pytest.raises(DomainError, match="tidak termasuk SKP"):
        services.target_simpan(actor=o.staf.user, skp=skp, nilai={(o.rhk_kabid.indikator.get().pk, 1): "1"})
    draft = make_skp(o.staf2)
    with pytest.raises(DomainError, match="PERSETUJUAN"):
        services.target_simpan(actor=o.staf2.user, skp=draft, nilai={})
    skp.sumber = "PMM"
    skp.save(update_fields=["sumber"])
    with pytest.raises(DomainError, match="PMM"):
        services.target_set(actor=o.staf.user, indikator=o.ind_staf, bulan=1, target="1")
    skp.sumber = "EKINERJA"
    skp.save(update_fields=["sumber"])
    o.pengaturan.aktif = False
    o.pengaturan.save()
    with pytest.raises(DomainError, match="tidak diaktifkan"):
        services.target_set(actor=o.staf.user, indikator=o.ind_staf, bulan=1, target="1")
    assert not TargetBulanan.objects.exists()


# --- realisation --------------------------------------------------------------------------------------------------


def test_real_is_the_sum_of_approved_entries_per_month(client, o, django_assert_num_queries):
    catat(o, datetime.date(YEAR, 1, 5), "2")
    catat(o, datetime.date(YEAR, 1, 20), "1.5")
    catat(o, datetime.date(YEAR, 1, 21), "7", status="PERIKSA")
    catat(o, datetime.date(YEAR, 1, 22), "7", status="KONSEP")
    catat(o, datetime.date(YEAR, 1, 23), "7", status="DIKEMBALIKAN")
    catat(o, datetime.date(YEAR, 2, 1), "3")
    catat(o, datetime.date(YEAR, 12, 31), "1")
    with django_assert_num_queries(1):
        sums = realisasi_bulanan(
            o.skp_staf, [o.ind_staf.pk], datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
        )
    assert sums == {o.ind_staf.pk: {1: Decimal("3.5"), 2: Decimal(3), 12: Decimal(1)}}
    assert realisasi_bulanan(o.skp_staf, None, datetime.date(YEAR, 2, 1), datetime.date(YEAR, 11, 30)) == {
        o.ind_staf.pk: {2: Decimal(3)}
    }
    client.force_login(o.staf.user)
    html = client.get(o.url).content.decode()
    assert f'data-sel="r-{o.ind_staf.pk}-1">' in html
    cell = html.split(f'data-sel="r-{o.ind_staf.pk}-1">')[1].split("</td>")[0]
    assert ">3,5<" in cell
    assert f'data-testid="total-realisasi-{o.ind_staf.pk}">7,5 Laporan' in html


def test_manual_realisation_only_where_allowed(client, o):
    catat(o, datetime.date(YEAR, 2, 3), "4")
    url = reverse("harian:realisasi_bulanan", args=[o.skp_staf.pk, o.ind_staf.pk, 2])
    with pytest.raises(DomainError, match="tidak mengizinkan"):
        services.realisasi_set(actor=o.staf.user, indikator=o.ind_staf, bulan=2, nilai="5")
    client.force_login(o.staf.user)
    assert url not in client.get(o.url).content.decode()
    assert client.get(url).status_code == 404
    o.pengaturan.realisasi_bulanan_diubah = True
    o.pengaturan.save()
    assert url in client.get(o.url).content.decode()
    response = client.post(url, {"nilai": "-2"})
    assert "Realisasi tidak boleh negatif." in response.content.decode()
    assert client.post(url, {"nilai": "6,5"}).status_code == 302
    assert RealisasiBulanan.objects.get().nilai == Decimal("6.5")
    m = data_matriks(o.skp_staf, o.pengaturan)
    assert m.sel(o.ind_staf.pk, 2).realisasi == Decimal("6.5") and m.sel(o.ind_staf.pk, 2).realisasi_ckhp == 4
    assert "6,5*" in client.get(o.url).content.decode()
    client.post(url, {"hapus": "1"})
    assert not RealisasiBulanan.objects.exists()
    assert data_matriks(o.skp_staf, o.pengaturan).sel(o.ind_staf.pk, 2).realisasi == 4
    actions = list(
        AuditEvent.objects.filter(action__startswith="harian.realisasi").values_list("action", flat=True)
    )
    assert sorted(actions) == ["harian.realisasi.hapus", "harian.realisasi.ubah"]
    BulanDitutup.objects.create(instansi=o.instansi, tahun=YEAR, bulan=2)
    with pytest.raises(DomainError, match="sudah ditutup"):
        services.realisasi_set(actor=o.staf.user, indikator=o.ind_staf, bulan=2, nilai="1")
    with pytest.raises(PermissionDeniedError):
        services.realisasi_set(actor=o.kabid.user, indikator=o.ind_staf, bulan=4, nilai="1")
    client.force_login(o.kabid.user)
    assert client.get(url).status_code == 403


# --- rights and switch --------------------------------------------------------------------------------------------


def test_assessor_and_admin_read_only_others_404(client, o, other_org, admin_nasional):
    services.target_simpan(actor=o.staf.user, skp=o.skp_staf, nilai={(o.ind_staf.pk, 1): "12"})
    for user in (o.kabid.user, o.admin, admin_nasional):
        client.force_login(user)
        html = client.get(o.url).content.decode()
        assert 'data-testid="baca-saja"' in html and "<input" not in html.split("matriks-target")[1]
        assert client.post(o.url, {f(o.ind_staf, 1): "1"}).status_code == 403
    for user in (o.staf2.user, other_org.admin, other_org.pegawai.user):
        client.force_login(user)
        assert client.get(o.url).status_code == 404
        assert client.post(o.url, {f(o.ind_staf, 1): "1"}).status_code == 404
    assert targets(o.ind_staf) == {1: 12}


def test_feature_off_is_404_and_a_draft_is_explained(client, o):
    client.force_login(o.staf.user)
    draft = make_skp(o.staf, awal=datetime.date(YEAR + 1, 1, 1), akhir=datetime.date(YEAR + 1, 12, 31))
    html = client.get(reverse("harian:matriks", args=[draft.pk])).content.decode()
    assert 'data-testid="belum-disetujui"' in html and "<input" not in html.split("belum-disetujui")[1]
    o.pengaturan.aktif = False
    o.pengaturan.save()
    assert client.get(o.url).status_code == 404
    assert client.post(o.url, {f(o.ind_staf, 1): "1"}).status_code == 404
    url = reverse("harian:realisasi_bulanan", args=[o.skp_staf.pk, o.ind_staf.pk, 1])
    assert client.get(url).status_code == 404


# --- query count --------------------------------------------------------------------------------------------------


def _grow(o, rhk_count: int):
    """More RHK (each with two indicators and a Tahapan), monthly targets and daily entries in every status."""
    for i in range(rhk_count):
        rhk = Rhk.objects.create(
            skp=o.skp_staf, jenis="TAMBAHAN" if i % 2 else "UTAMA", teks=f"RHK besar {i}"
        )
        Tahapan.objects.create(rhk=rhk, nama=f"Tahap {i}", bulan=1 + i % 12)
        for j in range(2):
            ind = Indikator.objects.create(
                rhk=rhk, teks=f"Indikator {i}.{j}", target_nilai=12, target_satuan="Dok"
            )
            for bulan in (1, 2, 3):
                TargetBulanan.objects.create(indikator=ind, bulan=bulan, target=1)
                for status in ("SETUJU", "PERIKSA", "SETUJU"):
                    catat(o, datetime.date(YEAR, bulan, 10), "1", status=status, indikator=ind)
            RealisasiBulanan.objects.create(indikator=ind, bulan=4, nilai=2)


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("diubah", [False, True])
def test_matrix_runs_the_same_queries_for_few_and_many_indicators(client, o, diubah):
    o.pengaturan.realisasi_bulanan_diubah = diubah
    o.pengaturan.save()
    _grow(o, 1)
    small = {}
    for user in (o.staf.user, o.kabid.user):
        client.force_login(user)
        small[user.pk] = _queries(client, o.url)[0]
    _grow(o, 8)
    assert Indikator.objects.filter(rhk__skp=o.skp_staf).count() == 19
    assert CatatanHarian.objects.count() == 9 * 2 * 9
    for user in (o.staf.user, o.kabid.user):
        client.force_login(user)
        large, html = _queries(client, o.url)
        assert large == small[user.pk]
        assert "Indikator 7.1" in html and "Tahap 7" in html
