import datetime

import pytest
from django.template import Context, Template

from kinerja.core import dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2024, 1, 1), "1 Januari 2024"),
        (datetime.date(2024, 6, 21), "21 Juni 2024"),
        (datetime.date(2024, 12, 31), "31 Desember 2024"),
        (datetime.date(2023, 2, 28), "28 Februari 2023"),
        (datetime.date(2025, 8, 17), "17 Agustus 2025"),
        (None, "-"),
    ],
)
def test_tanggal(value, expected):
    assert dates.tanggal(value) == expected


def test_rentang_and_template_filters():
    assert (
        dates.rentang(datetime.date(2024, 6, 21), datetime.date(2024, 12, 31))
        == "21 Juni 2024 - 31 Desember 2024"
    )
    html = Template("{{ d|tanggal }} | {% rentang a b %}").render(
        Context(
            {"d": datetime.date(2024, 5, 3), "a": datetime.date(2024, 1, 1), "b": datetime.date(2024, 3, 31)}
        )
    )
    assert html == "3 Mei 2024 | 1 Januari 2024 - 31 Maret 2024"


def test_waktu_uses_jakarta_time():
    moment = datetime.datetime(2024, 1, 1, 1, 5, tzinfo=datetime.UTC)
    assert dates.waktu(moment) == "1 Januari 2024 08:05"
