"""Lihat Kurva: the server-side SVG (ideal red vs realised green), the SE 3/2023 bounds of the unit's predikat
organisasi with a warning per broken bound (at the edges), no predikat organisasi, and query counts."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from kinerja.penilaian import rules
from kinerja.penilaian.models import CapaianOrganisasi, Penilaian
from kinerja.penilaian.selectors import evaluasi as selectors

from .conftest import YEAR
from .test_evaluasi_views import bulk_subordinates, count_queries

SVG = "{http://www.w3.org/2000/svg}"
SB, B, BP, K, SK = rules.SANGAT_BAIK, rules.BAIK, rules.BUTUH_PERBAIKAN, rules.KURANG, rules.SANGAT_KURANG


@pytest.fixture
def o(nilai_org):
    nilai_org.url = reverse("penilaian:kurva", args=[nilai_org.skp_kabid.pk, nilai_org.periode[1].pk])
    return nilai_org


def capaian(o, predikat, unit=None):
    return CapaianOrganisasi.objects.create(
        unit_kerja=unit or o.bidang, periode=o.periode[1], tahun=YEAR, predikat=predikat
    )


def get(client, o) -> str:
    client.force_login(o.kabid.user)
    response = client.get(o.url)
    assert response.status_code == 200
    return response.content.decode()


def svg_of(page: str) -> ET.Element:
    match = re.search(r"<svg xmlns=.*?</svg>", page, re.S)
    assert match, "no chart"
    return ET.fromstring(match.group(0))  # well-formed XML


def warnings(page: str) -> list[str]:
    return re.findall(r'data-testid="peringatan-batas".*?<strong>(.*?)</strong>', page, re.S)


# --- geometry -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "maks, langkah", [(0, 1), (1, 1), (3, 1), (4, 1), (5, 2), (9, 5), (40, 10), (120, 50)]
)
def test_grid_step_is_round(maks, langkah):
    assert selectors._langkah(maks) == langkah


def test_points_run_left_to_right_and_scale_to_the_top(o):
    bulk_subordinates(o, 6, predikat=[SB, SB, SB, B, B, BP])
    capaian(o, "BAIK")
    k = selectors.konteks_or_404(o.skp_kabid, o.periode[1].pk)
    kurva = selectors.kurva(k)
    xs = [t.x for t in kurva.titik_realisasi]
    assert xs == sorted(xs) and len(xs) == 5
    assert [t.nilai for t in kurva.titik_realisasi] == [0, 0, 1, 2, 3]  # SK, K, BP, B, SB
    zero = kurva.titik_realisasi[0]
    assert zero.y == kurva.bawah_plot
    top = max(kurva.titik_realisasi + kurva.titik_ideal, key=lambda t: t.nilai)
    assert top.y >= kurva.atas
    # ideal over all 7 subordinates (staf has not been assessed), Baik: 5/10/15/60/10 %
    assert [t.nilai for t in kurva.titik_ideal] == pytest.approx([0.35, 0.7, 1.05, 4.2, 0.7])
    assert [t.teks for t in kurva.titik_ideal] == ["0,4", "0,7", "1,1", "4,2", "0,7"]


# --- the page ------------------------------------------------------------------------------------------------------


def test_chart_with_ideal_and_realised_curves(client, o):
    bulk_subordinates(o, 10, predikat=[SB] * 2 + [B] * 6 + [BP] * 2)
    capaian(o, "BAIK")
    page = get(client, o)
    svg = svg_of(page)
    lines = {el.get("data-testid"): el for el in svg.iter(f"{SVG}polyline")}
    assert lines["kurva-ideal"].get("stroke") == "#dc3545"  # red
    assert lines["kurva-realisasi"].get("stroke") == "#198754"  # green
    assert len(lines["kurva-realisasi"].get("points").split()) == 5
    texts = [t for el in svg.iter() for t in [el.text] if t]
    for label in (
        "Sangat",
        "Kurang",
        "Kurang/",
        "Misconduct",
        "Butuh",
        "Perbaikan",
        "Baik",
        "Jumlah pegawai",
    ):
        assert label in texts, label
    assert "Predikat organisasi" in page and "<strong>Baik</strong>" in page
    assert "Kurva ideal (merah)" in page and "Kurva realisasi (hijau)" in page
    assert "10 dari 11 bawahan sudah dinilai" in page
    assert (
        "Baik paling banyak 70%" in page and "Paling sedikit satu pegawai Butuh Perbaikan atau Kurang" in page
    )
    assert warnings(page) == []


def test_no_predikat_organisasi_draws_only_the_realised_curve(client, o):
    bulk_subordinates(o, 3, predikat=[B, B, SB])
    page = get(client, o)
    assert 'data-testid="tanpa-predikat-organisasi"' in page
    assert 'data-testid="kurva-ideal"' not in page and 'data-testid="kurva-realisasi"' in page
    assert 'data-testid="daftar-batas"' not in page and warnings(page) == []
    svg_of(page)


def test_capaian_inherited_from_the_unit_kerja_induk(client, o):
    capaian(o, "ISTIMEWA", unit=o.badan)
    page = get(client, o)
    assert "dari Unit Kerja Induk BADAN UJI" in page and "<strong>Istimewa</strong>" in page
    assert "Sangat Baik paling banyak 70%" in page


@pytest.mark.parametrize("sangat_baik, broken", [(70, False), (71, True)])
def test_istimewa_bound_at_its_edge(client, o, sangat_baik, broken):
    bulk_subordinates(o, 100, predikat=[SB] * sangat_baik + [B] * (100 - sangat_baik))
    capaian(o, "ISTIMEWA")
    page = get(client, o)
    assert warnings(page) == (["Sangat Baik paling banyak 70%"] if broken else [])
    assert f"{sangat_baik} dari 100 ({sangat_baik}%)" in page


@pytest.mark.parametrize(
    "organisasi, predikat, expected",
    [
        ("BAIK", [B] * 10, ["Baik paling banyak 70%", "Paling sedikit satu pegawai Butuh Perbaikan atau Kurang"]),
        ("BAIK", [B] * 7 + [SB] * 2 + [K], []),
        ("BUTUH_PERBAIKAN", [BP] * 6 + [B] * 3 + [SB], []),
        ("BUTUH_PERBAIKAN", [BP] * 5 + [B] * 3 + [SB] * 2, ["Butuh Perbaikan paling sedikit 60%", "Sangat Baik paling banyak 10%"]),
        ("KURANG", [K] * 6 + [BP] + [B] * 3, []),
        ("KURANG", [K] * 6 + [B] * 3 + [SB], ["Butuh Perbaikan paling sedikit 10%"]),
        ("SANGAT_KURANG", [SK] * 6 + [K] + [B] * 3, []),
        ("SANGAT_KURANG", [SK] * 6 + [B] * 3 + [SB], ["Kurang dan Butuh Perbaikan paling sedikit 10%", "Tidak ada Sangat Baik"]),
    ],
)  # fmt: skip
def test_a_warning_per_broken_bound(client, o, organisasi, predikat, expected):
    bulk_subordinates(o, len(predikat), predikat=predikat)
    capaian(o, organisasi)
    page = get(client, o)
    assert warnings(page) == expected
    assert page.count("bi-exclamation-triangle-fill") == len(expected)  # marked in the bounds list too
    assert len(re.findall(r"bi-check-circle-fill", page)) == len(rules.CURVE_BOUNDS[organisasi]) - len(
        expected
    )


def test_warnings_never_block_a_rating(client, o):
    """A distribution that breaks its bounds still accepts ratings (guidance only)."""
    bulk_subordinates(o, 3, predikat=[SB, SB, SB])
    capaian(o, "SANGAT_KURANG")
    client.force_login(o.kabid.user)
    target = reverse("penilaian:rating", args=[o.skp_kabid.pk, o.periode[1].pk, o.tw1.pk, "hasil-kerja"])
    assert client.post(target, {"rating": "DIATAS"}).status_code == 302
    assert client.post(target.replace("hasil-kerja", "perilaku"), {"rating": "DIATAS"}).status_code == 302
    assert Penilaian.objects.get(pk=o.tw1.pk).predikat == SB
    assert "Tidak ada Sangat Baik" in warnings(get(client, o))


def test_kurva_query_count_is_the_same_at_5_and_200(client, o):
    capaian(o, "BAIK", unit=o.badan)
    client.force_login(o.kabid.user)
    bulk_subordinates(o, 4)
    small = count_queries(client, o.url)
    bulk_subordinates(o, 195)
    assert count_queries(client, o.url) == small
    page = client.get(o.url).content.decode()
    assert "dari 200 bawahan sudah dinilai" in page
