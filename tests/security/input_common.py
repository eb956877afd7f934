"""Hostile values and the checks shared by the bad-input tests (`tests/security/test_input_*.py`).

Every service under test is called with generated values; the outcome must be one of two:
- success, and the stored value is exactly what the service promises (the input, stripped);
- a `DomainError` with a message in Bahasa Indonesia, and no row of the watched models nor any audit event changed.
Anything else (a database error, a 500 through a view) fails the test. Each example runs in a savepoint that is
rolled back, so that the examples do not see each other's writes.
"""

from __future__ import annotations

import datetime
import re
from contextlib import contextmanager
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{7*7}}"
XSS = (SCRIPT, IMG, TEMPLATE)
FORMULAS = ('=HYPERLINK("http://evil";"x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1")

HOSTILE_TEXTS = [
    *XSS,
    *FORMULAS,
    "\u202eRTL override \u202c",  # right-to-left override
    "زمان عمل",  # Arabic (RTL)
    "nol\u200blebar\u200d\ufeff",  # zero-width space / joiner, BOM
    "emoji 😀👍🏽🇮🇩",
    "a\x00b",
    "\x00",
    "kontrol \x01\x07\x1b\x7f",
    "  \t\r\n  ",
    "",
    "'; DROP TABLE skp_skp; --",
    "../../etc/passwd",
    "%00%0d%0a",
    "\u0130stanbul \u00df \ufb01",  # case-mapping oddities
]


def _panjang(char: str, n: int) -> str:
    return (char * n)[:n]


def teks(max_size: int = 80) -> st.SearchStrategy[str]:
    """Any text: hand-picked hostile values, arbitrary unicode (control characters and NUL included), text with
    an embedded NUL, and very long texts around 10,000 characters."""
    return st.one_of(
        st.sampled_from(HOSTILE_TEXTS),
        st.text(max_size=max_size),
        st.builds(lambda a, b: f"{a}\x00{b}", st.text(max_size=8), st.text(max_size=8)),
        st.builds(
            _panjang,
            st.sampled_from(["a", "é", "😀", "<b>", "\u200b", "ab "]),
            st.sampled_from(
                [199, 200, 201, 249, 250, 251, 499, 500, 501, 999, 1000, 1001, 2000, 2001, 10_000]
            ),
        ),
    )


ANGKA_TEKS = [
    "1e400", "-1e400", "1e-400", "NaN", "sNaN", "Infinity", "-0", "0", "12", "12,5", "12.345", "0.001",
    "999999999999.99", "1000000000000", "99999999999999.999", "abc", "", " ", "0x10", "1_000", "١٢", "12 laporan",
    "1e12", "1E+2", "--1", "\x00", "12\x00",
]  # fmt: skip


def angka() -> st.SearchStrategy:
    """Numbers as a form or an API client might send them: negative, huge, NaN/inf, too many decimals, text."""
    return st.one_of(
        st.integers(min_value=-(10**20), max_value=10**20),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from(ANGKA_TEKS),
    )


def tanggal() -> st.SearchStrategy[datetime.date]:
    """Dates from year 1 to 9999, biased to the edges."""
    return st.one_of(
        st.sampled_from(
            [datetime.date.min, datetime.date.max, datetime.date(1, 1, 1), datetime.date(9999, 12, 31)]
        ),
        st.dates(),
        st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2035, 12, 31)),
    )


# Strings a form receives for a date: out of range, impossible, other formats, hostile.
TANGGAL_TEKS = [
    "0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "2026-13-01", "2026-00-10", "31-12-2026",
    "2026/02/28", "", " ", "abc", "2026-02-29", "2024-02-29", "0000-00-00", "-2026-01-01", "2026-1-1\x00",
    SCRIPT,
]  # fmt: skip


# --- checks ---------------------------------------------------------------------------------------------------

_INDONESIAN = re.compile(
    r"\b(wajib|harus|tidak|paling|pilih|hanya|terlalu|boleh|sudah|belum|bukan|dapat|isi|diisi|karakter|angka|"
    r"tanggal|tahun|bulan|berupa|pastikan|masukkan|alamat|sesudah|sebelum|antara|melebihi|dikenal|lebih|"
    r"yang|untuk|dan|atau|dengan|ini|tuliskan|anda)\b",
    re.IGNORECASE,
)
_ENGLISH = re.compile(
    r"\b(must|invalid|error|should|cannot|field|value|required|enter a|ensure|exception|null characters)\b",
    re.IGNORECASE,
)


def assert_indonesian(message: str) -> None:
    """A user-facing refusal: non-empty, in Bahasa Indonesia, no English or technical leftovers."""
    text = str(message)
    assert text.strip(), "pesan penolakan kosong"
    assert _INDONESIAN.search(text), f"pesan bukan bahasa Indonesia: {text!r}"
    assert not _ENGLISH.search(text), f"pesan memuat bahasa Inggris: {text!r}"
    for leak in ("Traceback", "psycopg", "sqlite", "DataError", "IntegrityError", "\x00"):
        assert leak not in text, f"pesan membocorkan detail teknis: {text!r}"


def state(*models) -> tuple:
    """Every row of the watched models, and the audit events: what a refusal must leave untouched."""
    rows = tuple(tuple(m.objects.order_by("pk").values_list()) for m in models)
    return rows, AuditEvent.objects.count()


@contextmanager
def rolled_back():
    """One example's writes, undone afterwards (a savepoint inside the test's transaction)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def attempt(call, *models):
    """Call a service. Returns (result, None) on success or (None, DomainError) on a clean refusal, after
    checking that the refusal is in Indonesian and changed nothing. Any other exception propagates."""
    before = state(*models)
    try:
        with transaction.atomic():  # as a view's request would: the service's own error must not poison it
            result = call()
    except DomainError as exc:
        assert not isinstance(exc, PermissionDeniedError), f"uji memakai pelaku yang salah: {exc.message}"
        assert_indonesian(exc.message)
        assert state(*models) == before, f"penolakan ({exc.message}) tetap mengubah data"
        return None, exc
    return result, None


def expect_text(
    value: str, *, required: bool = True, maks: int | None = None, normal=str.strip
) -> str | None:
    """What a text field must store for `value`, or None when the value must be refused."""
    if not isinstance(value, str):
        return None
    cleaned = normal(value)
    if "\x00" in cleaned:
        return None
    if required and not cleaned:
        return None
    if maks is not None and len(cleaned) > maks:
        return None
    return cleaned


def check_fields(call, fields: dict, stored, *models):
    """Run `call()` with the text `fields` ({name: (value, expect_text options)}). When a value must be refused,
    the call is refused cleanly, next to one of the wrong fields; otherwise it succeeds and `stored(result)`
    (the values read back from the database) is exactly what `expect_text` promises."""
    expected = {name: expect_text(value, **opts) for name, (value, opts) in fields.items()}
    wrong = {name for name, value in expected.items() if value is None}
    result, error = attempt(call, *models)
    shown = {
        name: (value[:40], len(value)) if isinstance(value, str) else value
        for name, (value, _) in fields.items()
    }
    if wrong:
        assert error is not None, f"{shown} seharusnya ditolak ({sorted(wrong)})"
        assert error.field in wrong, (
            f"pesan {error.message!r} pada isian {error.field!r}, bukan {sorted(wrong)}"
        )
        return None
    assert error is None, f"{shown} ditolak: {error.message}"
    assert stored(result) == expected
    return result


def as_decimal(value) -> Decimal | None:
    """The number a form or the API means by `value`, or None when it is not a finite number."""
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if not isinstance(value, Decimal) else value
    except Exception:  # noqa: BLE001
        return None
    return number if number.is_finite() else None
