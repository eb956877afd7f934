"""Table tests of kinerja/harian/rules.py: dates of daily entries, the target-sum warning, capaian, the TPP formula."""

import datetime
from decimal import Decimal as D

import pytest

from kinerja.harian import rules

HARI_INI = datetime.date(2026, 6, 15)
AWAL, AKHIR = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("tanggal", "awal", "akhir", "mundur", "pesan"),
    [
        (HARI_INI, AWAL, AKHIR, 5, None),
        (HARI_INI - datetime.timedelta(days=5), AWAL, AKHIR, 5, None),  # exactly at the limit
        (HARI_INI - datetime.timedelta(days=6), AWAL, AKHIR, 5, "paling lambat 5 hari"),
        (HARI_INI - datetime.timedelta(days=30), AWAL, AKHIR, 30, None),
        (HARI_INI + datetime.timedelta(days=1), AWAL, AKHIR, 5, "tanggal yang akan datang"),
        (HARI_INI, datetime.date(2026, 7, 1), AKHIR, 5, "dalam periode SKP"),  # before the SKP
        (HARI_INI, AWAL, datetime.date(2026, 6, 14), 5, "dalam periode SKP"),  # after the SKP
        (HARI_INI, AWAL, AKHIR, 0, None),
        (HARI_INI - datetime.timedelta(days=1), AWAL, AKHIR, 0, "paling lambat 0 hari"),
        # The future wins over the period; the period wins over the days-back limit.
        (datetime.date(2027, 1, 2), AWAL, AKHIR, 5, "akan datang"),
        (datetime.date(2025, 12, 1), AWAL, AKHIR, 5, "dalam periode SKP"),
    ],
)
def test_masalah_tanggal(tanggal, awal, akhir, mundur, pesan):
    got = rules.masalah_tanggal(
        tanggal, hari_ini=HARI_INI, skp_awal=awal, skp_akhir=akhir, hari_mundur=mundur
    )
    if pesan is None:
        assert got is None
    else:
        assert got is not None and pesan in got


@pytest.mark.parametrize(
    ("tahunan", "total", "pesan"),
    [
        (D("12"), D("12"), None),
        (D("12"), D("12.00"), None),
        (None, D("5"), None),
        (D("12"), D("10"), "Total Rencana Target (10) belum sama dengan target tahunan (12)."),
        (D("1"), D("1.5"), "Total Rencana Target (1.5) belum sama dengan target tahunan (1)."),
        (D("90.00"), D("0"), "Total Rencana Target (0) belum sama dengan target tahunan (90)."),
    ],
)
def test_pesan_total_target(tahunan, total, pesan):
    assert rules.pesan_total_target(tahunan, total) == pesan


def test_total_ignores_empty_months():
    assert rules.total([D("1"), None, D("2.5")]) == D("3.5")
    assert rules.total([]) == D(0)


@pytest.mark.parametrize(
    ("realisasi", "target", "batas", "hasil"),
    [
        (D("1"), D("1"), 100, D("100.00")),
        (D("1"), D("3"), 100, D("33.33")),
        (D("2"), D("3"), 100, D("66.67")),  # half up
        (D("1"), D("8"), 100, D("12.50")),
        (D("5"), D("2"), 100, D("100.00")),  # capped
        (D("5"), D("2"), 120, D("120.00")),  # instansi cap
        (D("3"), D("2"), 200, D("150.00")),
        (None, D("4"), 100, D("0.00")),
        (D("0"), D("4"), 100, D("0.00")),
        (D("3"), None, 100, None),  # no target: no capaian
        (D("3"), D("0"), 100, None),
    ],
)
def test_capaian(realisasi, target, batas, hasil):
    assert rules.capaian(realisasi, target, batas) == hasil


@pytest.mark.parametrize(
    ("items", "kwargs", "hasil"),
    [
        # RATA_RATA: plain mean of the capped capaian of indicators with a target.
        ([("UTAMA", D("1"), D("1")), ("UTAMA", D("1"), D("2"))], {}, D("75.00")),
        ([("UTAMA", D("3"), D("1")), ("TAMBAHAN", D("0"), D("1"))], {}, D("50.00")),
        ([("UTAMA", D("3"), D("1")), ("TAMBAHAN", D("0"), D("1"))], {"batas": 150}, D("75.00")),
        ([("UTAMA", D("1"), D("3")), ("UTAMA", D("1"), D("3")), ("UTAMA", D("1"), D("3"))], {}, D("33.33")),
        # Indicators without a target do not count.
        ([("UTAMA", D("1"), D("2")), ("UTAMA", D("5"), None)], {}, D("50.00")),
        # TERBOBOT: utama mean x bobot + tambahan mean x rest.
        (
            [("UTAMA", D("1"), D("1")), ("TAMBAHAN", D("0"), D("1"))],
            {"rumus": "TERBOBOT", "bobot_utama": 80},
            D("80.00"),
        ),
        (
            [("UTAMA", D("1"), D("2")), ("UTAMA", D("2"), D("2")), ("TAMBAHAN", D("1"), D("4"))],
            {"rumus": "TERBOBOT", "bobot_utama": 70},
            D("60.00"),  # 75 x .7 + 25 x .3
        ),
        (
            [("UTAMA", D("1"), D("1")), ("TAMBAHAN", D("1"), D("2"))],
            {"rumus": "TERBOBOT", "bobot_utama": 0},
            D("50.00"),
        ),
        # TERBOBOT with one kind only: that kind counts fully.
        ([("UTAMA", D("1"), D("2")), ("UTAMA", D("1"), D("1"))], {"rumus": "TERBOBOT"}, D("75.00")),
        ([("TAMBAHAN", D("1"), D("4"))], {"rumus": "TERBOBOT", "bobot_utama": 80}, D("25.00")),
        ([("UTAMA", D("1"), D("1")), ("TAMBAHAN", D("1"), None)], {"rumus": "TERBOBOT"}, D("100.00")),
        # No targets: no score.
        ([], {}, None),
        ([("UTAMA", D("3"), None), ("TAMBAHAN", D("1"), D("0"))], {}, None),
        ([("UTAMA", D("3"), None)], {"rumus": "TERBOBOT"}, None),
    ],
)
def test_nilai_tpp(items, kwargs, hasil):
    assert rules.nilai_tpp(items, **kwargs) == hasil


def test_nilai_tpp_rounds_half_up():
    # (100 + 100 + 33.33...) / 3 on the capped, rounded capaian: (100 + 100 + 33.33) / 3 = 77.776.. -> 77.78
    items = [("UTAMA", D("1"), D("1")), ("UTAMA", D("1"), D("1")), ("UTAMA", D("1"), D("3"))]
    assert rules.nilai_tpp(items) == D("77.78")


@pytest.mark.parametrize(
    ("awal", "akhir", "bulan"),
    [
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), list(range(1, 13))),
        (datetime.date(2026, 3, 15), datetime.date(2026, 5, 2), [3, 4, 5]),
        (datetime.date(2026, 7, 1), datetime.date(2026, 7, 31), [7]),
    ],
)
def test_bulan_dalam_periode(awal, akhir, bulan):
    assert rules.bulan_dalam_periode(awal, akhir) == bulan


def test_status_sets_and_month_names():
    assert {"KONSEP", "DIKEMBALIKAN"} == rules.STATUS_BOLEH_UBAH
    assert {"PERIKSA"} == rules.STATUS_BOLEH_PERIKSA
    assert len(rules.BULAN) == len(rules.BULAN_SINGKAT) == 12
    assert rules.BULAN[0] == "Januari" and rules.BULAN_SINGKAT[7] == "AGT"
