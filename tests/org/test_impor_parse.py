"""The fast paths of the import's cell parsing give exactly what the general path (strptime) gives."""

import datetime
import itertools
import random

import pytest

from kinerja.org.services.impor_parse import _DATE_FORMATS, _TIME_SUFFIX, _is_blank, tanggal, teks


def reference_tanggal(value):
    """`tanggal` as it was before the fast path: strptime for every text."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("angka")
    text = " ".join(str(value).split()) if value is not None else ""
    if not text:
        return None
    match = _TIME_SUFFIX.match(text)
    if match:
        text = match.group(1)
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not 1900 <= parsed.year <= 2100:
            raise ValueError("tahun")
        return parsed
    raise ValueError("format")


def outcome(func, value):
    try:
        return ("ok", func(value))
    except ValueError as e:
        return ("error", str(e))


def texts():
    fixed = [
        "1988-05-17", "17-05-1988", "17/05/1988", "2012-02-31", "31-02-2012", "1899-12-31", "31/12/2101",
        "0000-01-01", "1988-5-17", "17-5-1988", "1988/05/17", "17-05/1988", "17/05-1988", " 1988-05-17 ",
        "1988-05-17 00:00:00", "17/05/1988 7:30", "١٩٨٨-٠٥-١٧", "1988-05-1x", "19880517", "2020-W01-1",
        "aa-bb-cccc", "12-34-5678", "", "   ", None, "2000-02-29", "29-02-2001",
    ]  # fmt: skip
    rng = random.Random(7)
    alphabet = "0123456789-/ x"
    shaped = ["".join(rng.choice(alphabet) for _ in range(10)) for _ in range(3000)]
    digits = [
        f"{a:02d}{s}{b:02d}{s}{c:04d}" if rng.random() < 0.5 else f"{c:04d}{s}{b:02d}{s}{a:02d}"
        for a, b, c, s in (
            (rng.randint(0, 40), rng.randint(0, 14), rng.randint(1890, 2110), rng.choice("-/"))
            for _ in range(3000)
        )
    ]
    return itertools.chain(fixed, shaped, digits)


def test_tanggal_fast_path_agrees_with_strptime():
    for text in texts():
        assert outcome(tanggal, text) == outcome(reference_tanggal, text), repr(text)


@pytest.mark.parametrize(
    "value", [datetime.datetime(2020, 1, 2, 3, 4), datetime.date(2020, 1, 2), 20200102, 1.5, True]
)
def test_tanggal_of_typed_cells_unchanged(value):
    assert outcome(tanggal, value) == outcome(reference_tanggal, value)


def test_blank_rows_and_teks():
    assert _is_blank(["", "  ", None, "\t"]) and not _is_blank(["", 0]) and not _is_blank([" x "])
    assert _is_blank([]) and not _is_blank([datetime.date(2020, 1, 1)])
    assert teks("  a \t b  ") == "a b" and teks(3.0) == "3" and teks(None) == ""
