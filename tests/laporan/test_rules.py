"""RULES.md §3 conversions as tables: angka kredit, months of a period, nilai, codes, IP ASN, kuadran."""

import datetime
from decimal import Decimal

import pytest

from kinerja.laporan import rules

D = datetime.date


@pytest.mark.parametrize(
    "predikat, jenjang, bulan, expected",
    [
        # The examples of RULES.md §3.
        ("SANGAT_BAIK", "AHLI_PERTAMA", 12, "18.75"),
        ("BAIK", "AHLI_PERTAMA", 2, "2.08"),
        # Full year Baik gives the coefficient itself, for every jenjang.
        ("BAIK", "PEMULA", 12, "3.75"),
        ("BAIK", "TERAMPIL", 12, "5.00"),
        ("BAIK", "MAHIR", 12, "12.50"),
        ("BAIK", "PENYELIA", 12, "25.00"),
        ("BAIK", "AHLI_PERTAMA", 12, "12.50"),
        ("BAIK", "AHLI_MUDA", 12, "25.00"),
        ("BAIK", "AHLI_MADYA", 12, "37.50"),
        ("BAIK", "AHLI_UTAMA", 12, "50.00"),
        # Every percentage.
        ("SANGAT_BAIK", "AHLI_MUDA", 12, "37.50"),
        ("BUTUH_PERBAIKAN", "AHLI_MUDA", 12, "18.75"),
        ("KURANG", "AHLI_MUDA", 12, "12.50"),
        ("SANGAT_KURANG", "AHLI_MUDA", 12, "6.25"),
        # Rounding half up to two decimals (0.625 -> 0.63, 0.46875 -> 0.47, 9.375 -> 9.38).
        ("BAIK", "PEMULA", 2, "0.63"),
        ("SANGAT_BAIK", "PEMULA", 1, "0.47"),
        ("SANGAT_BAIK", "AHLI_PERTAMA", 6, "9.38"),
        ("BUTUH_PERBAIKAN", "TERAMPIL", 1, "0.31"),
        ("BAIK", "AHLI_PERTAMA", 0, "0.00"),
    ],
)
def test_angka_kredit_table(predikat, jenjang, bulan, expected):
    result = rules.angka_kredit(predikat, jenjang, bulan)
    assert result == Decimal(expected)
    assert str(result) == expected  # always two decimals


@pytest.mark.parametrize("predikat, jenjang", [("", "AHLI_PERTAMA"), (None, "AHLI_MUDA"), ("BAIK", None)])
def test_angka_kredit_needs_a_predikat_and_a_jenjang(predikat, jenjang):
    assert rules.angka_kredit(predikat, jenjang, 12) is None


def test_angka_kredit_refuses_impossible_months():
    with pytest.raises(ValueError):
        rules.angka_kredit("BAIK", "AHLI_MUDA", 13)


@pytest.mark.parametrize(
    "teks, expected",
    [
        ("Ahli Pertama", "AHLI_PERTAMA"),
        ("AHLI  PERTAMA", "AHLI_PERTAMA"),
        ("  ahli-pertama ", "AHLI_PERTAMA"),
        ("Ahli_Muda", "AHLI_MUDA"),
        ("ahli madya", "AHLI_MADYA"),
        ("Ahli Utama", "AHLI_UTAMA"),
        ("Jenjang Terampil", "TERAMPIL"),
        ("PEMULA", "PEMULA"),
        ("Mahir", "MAHIR"),
        ("penyelia", "PENYELIA"),
        ("Pratama", None),
        ("Administrator", None),
        ("Ahli", None),
        ("", None),
        (None, None),
    ],
)
def test_jenjang_names_are_read_robustly(teks, expected):
    assert rules.jenjang_key(teks) == expected


@pytest.mark.parametrize(
    "periode, expected",
    [
        ([(D(2024, 1, 1), D(2024, 12, 31))], [12]),
        ([(D(2024, 11, 1), D(2024, 12, 31))], [2]),
        ([(D(2024, 1, 1), D(2024, 1, 14))], [0]),  # 14 days: the month does not count
        ([(D(2024, 1, 1), D(2024, 1, 15))], [1]),  # 15 days: it counts
        ([(D(2023, 2, 1), D(2023, 2, 14))], [0]),  # February 2023 has 28 days: 14 is not enough
        ([(D(2024, 3, 17), D(2024, 12, 31))], [10]),  # 15 days of March (17-31): March-December
        ([(D(2024, 3, 18), D(2024, 12, 31))], [9]),  # 14 days of March: April-December
        # A mutasi on 21 June: June goes to the old period (20 days), the new one counts July-December.
        ([(D(2024, 1, 1), D(2024, 6, 20)), (D(2024, 6, 21), D(2024, 12, 31))], [6, 6]),
        # A mutasi on 16 June: 15 days each, the later period takes June; the month is never counted twice.
        ([(D(2024, 1, 1), D(2024, 6, 15)), (D(2024, 6, 16), D(2024, 12, 31))], [5, 7]),
        # A mutasi on 17 January: the old period has 16 days of January.
        ([(D(2024, 1, 1), D(2024, 1, 16)), (D(2024, 1, 17), D(2024, 12, 31))], [1, 11]),
        # Order given is kept in the result.
        ([(D(2024, 7, 1), D(2024, 12, 31)), (D(2024, 1, 1), D(2024, 6, 30))], [6, 6]),
        ([], []),
    ],
)
def test_months_of_periods(periode, expected):
    result = rules.bulan_per_periode(periode, 2024 if not periode or periode[0][0].year == 2024 else 2023)
    assert result == expected
    assert sum(result) <= 12


def test_nilai_codes_ip_and_kuadran_defaults():
    assert [
        rules.nilai_predikat(p) for p in ("SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG")
    ] == [
        100,
        80,
        60,
        40,
        20,
    ]
    assert [rules.kode_rating(r) for r in ("DIBAWAH", "SESUAI", "DIATAS")] == [1, 2, 3]
    assert rules.kode_rating("") is None and rules.nilai_predikat("") is None
    assert rules.indeks_profesionalitas(100) == Decimal("30.00")
    assert rules.indeks_profesionalitas(80) == Decimal("24.00")
    assert rules.indeks_profesionalitas(85) == Decimal("25.50")
    assert rules.indeks_profesionalitas(None) is None
    assert [
        rules.kuadran(p) for p in ("SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG")
    ] == [
        1,
        2,
        3,
        4,
        5,
    ]
    assert rules.kuadran("") is None


def test_instansi_tables_override_defaults_key_by_key():
    assert rules.nilai_predikat("BAIK", {"BAIK": 85}) == 85
    assert rules.nilai_predikat("SANGAT_BAIK", {"BAIK": 85}) == 100
    assert rules.kode_rating("DIATAS", {"DIATAS": 9}) == 9


def test_table_validation():
    assert rules.validasi_nilai_predikat({"BAIK": 85})["BAIK"] == 85
    assert rules.validasi_kode_rating({}) == rules.KODE_RATING_BAWAAN
    with pytest.raises(ValueError, match="naik"):
        rules.validasi_nilai_predikat({"BAIK": 100, "SANGAT_BAIK": 90})
    with pytest.raises(ValueError, match="0 sampai 100"):
        rules.validasi_nilai_predikat({"BAIK": 101})
    with pytest.raises(ValueError, match="kunci tidak dikenal"):
        rules.validasi_kode_rating({"LUAR_BIASA": 4})
    with pytest.raises(ValueError, match="bilangan bulat"):
        rules.validasi_kode_rating({"SESUAI": "2"})
