"""Table tests: RULES.md §1, §2, §6, §7 reproduced exactly."""

import datetime

import pytest

from kinerja.penilaian import rules as r

D = datetime.date


@pytest.mark.parametrize(
    ("hasil", "perilaku", "predikat"),
    [
        ("DIATAS", "DIBAWAH", "KURANG"),
        ("DIATAS", "SESUAI", "BAIK"),
        ("DIATAS", "DIATAS", "SANGAT_BAIK"),
        ("SESUAI", "DIBAWAH", "KURANG"),
        ("SESUAI", "SESUAI", "BAIK"),
        ("SESUAI", "DIATAS", "BAIK"),
        ("DIBAWAH", "DIBAWAH", "SANGAT_KURANG"),
        ("DIBAWAH", "SESUAI", "BUTUH_PERBAIKAN"),
        ("DIBAWAH", "DIATAS", "BUTUH_PERBAIKAN"),
    ],
)
def test_predikat_matrix_all_nine_cells(hasil, perilaku, predikat):
    assert r.predikat_for(hasil, perilaku) == predikat


def test_predikat_needs_both_ratings_and_order_and_labels():
    assert r.predikat_for("DIATAS", None) is None and r.predikat_for(None, "SESUAI") is None
    assert [r.PREDIKAT_LABEL[p] for p in r.PREDIKAT_ORDER] == [
        "Sangat Kurang",
        "Kurang/Misconduct",
        "Butuh Perbaikan",
        "Baik",
        "Sangat Baik",
    ]


@pytest.mark.parametrize(
    ("org", "rating"),
    [
        ("ISTIMEWA", "DIATAS"),
        ("BAIK", "SESUAI"),
        ("BUTUH_PERBAIKAN", "DIBAWAH"),
        ("KURANG", "DIBAWAH"),
        ("SANGAT_KURANG", "DIBAWAH"),
        (None, None),
    ],
)
def test_leader_rating_from_predikat_organisasi(org, rating):
    assert r.rating_dari_organisasi(org) == rating


def counts(**kw):
    return {p: kw.get(p.lower(), 0) for p in r.PREDIKAT_ORDER}


def labels(org, c):
    return [b.label for b in r.broken_bounds(org, c)]


@pytest.mark.parametrize(
    ("org", "c", "broken"),
    [
        # Istimewa: Sangat Baik <= 70%
        ("ISTIMEWA", counts(sangat_baik=70, baik=30), []),
        ("ISTIMEWA", counts(sangat_baik=71, baik=29), ["Sangat Baik paling banyak 70%"]),
        # Baik: Baik <= 70%; at least one Butuh Perbaikan or Kurang
        ("BAIK", counts(baik=70, sangat_baik=29, butuh_perbaikan=1), []),
        ("BAIK", counts(baik=71, sangat_baik=28, kurang=1), ["Baik paling banyak 70%"]),
        (
            "BAIK",
            counts(baik=70, sangat_baik=30),
            ["Paling sedikit satu pegawai Butuh Perbaikan atau Kurang"],
        ),
        # Butuh Perbaikan: BP >= 60%; SB <= 10%
        ("BUTUH_PERBAIKAN", counts(butuh_perbaikan=60, baik=30, sangat_baik=10), []),
        (
            "BUTUH_PERBAIKAN",
            counts(butuh_perbaikan=59, baik=30, sangat_baik=11),
            ["Butuh Perbaikan paling sedikit 60%", "Sangat Baik paling banyak 10%"],
        ),
        # Kurang: K >= 60%; BP >= 10%; SB <= 10%
        ("KURANG", counts(kurang=60, butuh_perbaikan=10, baik=20, sangat_baik=10), []),
        (
            "KURANG",
            counts(kurang=59, butuh_perbaikan=9, baik=21, sangat_baik=11),
            [
                "Kurang paling sedikit 60%",
                "Butuh Perbaikan paling sedikit 10%",
                "Sangat Baik paling banyak 10%",
            ],
        ),
        # Sangat Kurang: SK >= 60%; K + BP >= 10%; no SB
        ("SANGAT_KURANG", counts(sangat_kurang=60, kurang=5, butuh_perbaikan=5, baik=30), []),
        (
            "SANGAT_KURANG",
            counts(sangat_kurang=59, kurang=5, butuh_perbaikan=4, baik=31, sangat_baik=1),
            [
                "Sangat Kurang paling sedikit 60%",
                "Kurang dan Butuh Perbaikan paling sedikit 10%",
                "Tidak ada Sangat Baik",
            ],
        ),
        # nobody assessed yet: nothing to warn about
        ("BAIK", counts(), []),
        (None, counts(baik=10), []),
    ],
)
def test_curve_bounds_at_their_edges(org, c, broken):
    assert labels(org, c) == broken


def test_ideal_curve_peaks_at_the_matching_predikat_and_sums_to_100():
    peaks = {
        "ISTIMEWA": "SANGAT_BAIK",
        "BAIK": "BAIK",
        "BUTUH_PERBAIKAN": "BUTUH_PERBAIKAN",
        "KURANG": "KURANG",
        "SANGAT_KURANG": "SANGAT_KURANG",
    }
    for org, peak in peaks.items():
        ideal = r.ideal_counts(org, 100)
        assert max(ideal, key=ideal.get) == peak
        assert sum(ideal.values()) == 100
        assert r.broken_bounds(org, {p: round(v) for p, v in ideal.items()}) == []


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("12-31", (12, 31)),
        ("01-05", (1, 5)),
        ("02-29", (2, 29)),
        ("02-30", None),
        ("13-01", None),
        ("1-05", None),
        ("", None),
        ("ab-cd", None),
    ],
)
def test_mmdd(value, parsed):
    assert r.parse_mmdd(value) == parsed


def test_period_dates_and_batas_in_next_year():
    assert r.tanggal_periode("10-01", "12-31", "01-05", 2024) == (
        D(2024, 10, 1),
        D(2024, 12, 31),
        D(2025, 1, 5),
    )
    assert r.tanggal_periode("01-01", "03-31", "04-05", 2025) == (
        D(2025, 1, 1),
        D(2025, 3, 31),
        D(2025, 4, 5),
    )
    assert r.tanggal_periode("02-01", "02-29", "03-05", 2025)[1] == D(2025, 2, 28)


def P(jenis="PERIODIK", tipe="TRIWULANAN", angka=1, tahun=None):
    return r.PeriodeData(jenis, tipe, angka, tahun)


@pytest.mark.parametrize(
    ("periods", "problems"),
    [
        ([P(angka=i) for i in (1, 2, 3, 4)] + [P("FINAL", None, None, 2025)], []),
        ([P(angka=1), P("PERIODIK", "BULANAN", 2)], ["Terdapat 2 tipe periodik di periode"]),
        ([P(angka=1), P(angka=1)], ["Terdapat angka periodik yang duplikat di periode"]),
        (
            [P(angka=1), P(angka=1), P("PERIODIK", "BULANAN", 1)],
            ["Terdapat 2 tipe periodik di periode", "Terdapat angka periodik yang duplikat di periode"],
        ),
        (
            [P("FINAL", None, None, 2025)],
            ["Tidak terdapat periode yang memiliki data tipe periodik/angka periodik"],
        ),
        ([], ["Tidak terdapat periode yang memiliki data tipe periodik/angka periodik"]),
        # a period of another year does not count
        ([P(angka=1), P("PERIODIK", "BULANAN", 2, tahun=2024)], []),
    ],
)
def test_period_set_messages(periods, problems):
    assert r.periode_set_problems(periods, 2025) == problems


def test_period_names():
    assert r.nama_periode("PERIODIK", "TRIWULANAN", 4, None) == "Triwulan IV"
    assert r.nama_periode("PERIODIK", "BULANAN", 12, None) == "Periode XII"
    assert r.nama_periode("FINAL", None, None, 2025) == "Tahun 2025"


def test_keberatan_window_last_day_and_the_day_after():
    set_on = D(2025, 1, 10)
    assert r.keberatan_batas(set_on) == D(2025, 1, 24)
    assert r.keberatan_terbuka(set_on, D(2025, 1, 24))
    assert not r.keberatan_terbuka(set_on, D(2025, 1, 25))
    assert r.keberatan_terbuka(set_on, set_on)
    assert not r.keberatan_terbuka(None, set_on)
    assert r.keberatan_terbuka(set_on, D(2025, 1, 31), hari=21)
