import datetime

import pytest

from kinerja.org import rules

D = datetime.date


@pytest.mark.parametrize(
    ("nip", "kwargs", "expected"),
    [
        # valid PNS: born 8 Nov 1989, CPNS Dec 2020, female, sequence 002
        (
            "198911082020122002",
            {
                "tanggal_lahir": D(1989, 11, 8),
                "jenis_kelamin": "P",
                "jenis_asn": "PNS",
                "tmt_cpns": D(2020, 12, 1),
            },
            [],
        ),
        # valid PPPK: year of appointment 2023 then 21
        (
            "198409102023212026",
            {
                "tanggal_lahir": D(1984, 9, 10),
                "jenis_kelamin": "P",
                "jenis_asn": "PPPK",
                "tmt_cpns": D(2023, 4, 1),
            },
            [],
        ),
        ("19891108202012200", {}, ["NIP harus terdiri dari 18 digit angka."]),
        ("19891108202012200X", {}, ["NIP harus terdiri dari 18 digit angka."]),
        ("1989110820201220021", {}, ["NIP harus terdiri dari 18 digit angka."]),
        ("", {}, ["NIP harus terdiri dari 18 digit angka."]),
        ("198902302020122002", {}, ["8 digit pertama NIP harus tanggal lahir yang valid (TTTTBBHH)."]),
        ("198913082020122002", {}, ["8 digit pertama NIP harus tanggal lahir yang valid (TTTTBBHH)."]),
        (
            "198911082020132002",
            {},
            ["Digit ke-9 s.d. ke-14 NIP harus bulan TMT CPNS (TTTTBB), atau tahun diikuti 21 untuk PPPK."],
        ),
        (
            "198911082020002002",
            {},
            ["Digit ke-9 s.d. ke-14 NIP harus bulan TMT CPNS (TTTTBB), atau tahun diikuti 21 untuk PPPK."],
        ),
        ("198911082020123002", {}, ["Digit ke-15 NIP (jenis kelamin) harus 1 (pria) atau 2 (wanita)."]),
        ("198911082020122000", {}, ["Tiga digit terakhir NIP (nomor urut) tidak boleh 000."]),
        ("193511082020122002", {}, ["Tahun lahir pada NIP tidak wajar (sebelum 1940)."]),
        ("198911081995122002", {}, ["Tahun TMT pada NIP harus sesudah tahun lahir (minimal usia 15 tahun)."]),
        (
            "198911082020122002",
            {"tanggal_lahir": D(1989, 11, 9)},
            ["Tanggal lahir pada NIP tidak sama dengan tanggal lahir pegawai."],
        ),
        (
            "198911082020122002",
            {"jenis_kelamin": "L"},
            ["Digit jenis kelamin pada NIP tidak sesuai dengan jenis kelamin pegawai."],
        ),
        (
            "198911082020122002",
            {"tmt_cpns": D(2021, 1, 1)},
            ["Bulan TMT CPNS pada NIP (Desember 2020) tidak sama dengan TMT CPNS pegawai."],
        ),
        (
            "198911082020122002",
            {"jenis_asn": "PPPK"},
            ["NIP PPPK harus memuat tahun pengangkatan diikuti 21 pada digit ke-9 s.d. ke-14."],
        ),
        (
            "198409102023212026",
            {"jenis_asn": "PNS"},
            ["NIP PNS harus memuat bulan TMT CPNS (TTTTBB) pada digit ke-9 s.d. ke-14."],
        ),
        (
            "198409102023212026",
            {"jenis_asn": "PPPK", "tmt_cpns": D(2024, 1, 1)},
            ["Tahun pengangkatan pada NIP PPPK tidak sama dengan TMT pengangkatan pegawai."],
        ),
    ],
)
def test_nip_problems(nip, kwargs, expected):
    assert rules.nip_problems(nip, **kwargs) == expected


def test_make_nip_round_trips():
    for asn, tmt in (("PNS", D(2010, 3, 1)), ("PPPK", D(2023, 4, 1))):
        nip = rules.make_nip(tanggal_lahir=D(1990, 2, 28), tmt=tmt, jenis_asn=asn, jenis_kelamin="L", urut=7)
        parts, problems = rules.parse_nip(nip)
        assert problems == []
        assert (parts.tanggal_lahir, parts.jenis_asn, parts.jenis_kelamin, parts.urut) == (
            D(1990, 2, 28),
            asn,
            "L",
            "007",
        )
        assert (
            rules.nip_problems(
                nip, tanggal_lahir=D(1990, 2, 28), jenis_kelamin="L", jenis_asn=asn, tmt_cpns=tmt
            )
            == []
        )
