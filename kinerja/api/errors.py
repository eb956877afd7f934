"""Errors as JSON: `{"kode": <machine code>, "pesan": <Indonesian message>, "galat": [{"field", "pesan"}]}`."""

from django.core.exceptions import ObjectDoesNotExist
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.errors_http import PESAN_BASIS_DATA, RETRY_AFTER
from kinerja.core.konkurensi import KonflikError

from .auth import ReadOnlyKeyError


class Galat(Schema):
    field: str | None = None
    pesan: str


class ErrorOut(Schema):
    kode: str
    pesan: str
    galat: list[Galat] = []


def _body(kode: str, pesan: str, galat: list[dict] | None = None) -> dict:
    return {"kode": kode, "pesan": pesan, "galat": galat or []}


def _field_of(loc) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or None


_MSG = {
    "missing": "Wajib diisi.",
    "string_type": "Harus berupa teks.",
    "int_parsing": "Harus berupa bilangan bulat.",
    "int_type": "Harus berupa bilangan bulat.",
    "date_from_datetime_parsing": "Tanggal tidak valid (format YYYY-MM-DD).",
    "date_parsing": "Tanggal tidak valid (format YYYY-MM-DD).",
    "date_type": "Tanggal tidak valid (format YYYY-MM-DD).",
    "decimal_parsing": "Harus berupa angka.",
    "enum": "Pilihan tidak valid.",
    "literal_error": "Pilihan tidak valid.",
    "string_too_long": "Teks terlalu panjang.",
    "json_invalid": "JSON tidak valid.",
    "bool_parsing": "Harus true atau false.",
}


def install(api) -> None:
    @api.exception_handler(ValidationError)
    def validation(request, exc):
        galat = [
            {"field": _field_of(e.get("loc", ())), "pesan": _MSG.get(e.get("type", ""), "Nilai tidak valid.")}
            for e in exc.errors
        ]
        return api.create_response(
            request, _body("validasi", "Data yang dikirim tidak valid.", galat), status=422
        )

    @api.exception_handler(OverflowError)
    @api.exception_handler(DataError)
    def out_of_range(request, exc):
        # A number or text beyond what the database column holds (e.g. ?unit_kerja=10**30): bad input, not a 500.
        return api.create_response(
            request, _body("validasi", "Nilai yang dikirim di luar batas yang diizinkan."), status=422
        )

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_unreachable(request, exc):
        # The database went away (the request's transaction was rolled back): 503, try again later.
        response = api.create_response(
            request, _body("basis_data_tidak_tersedia", PESAN_BASIS_DATA), status=503
        )
        response["Retry-After"] = RETRY_AFTER
        return response

    @api.exception_handler(PermissionDeniedError)
    def forbidden(request, exc):
        return api.create_response(request, _body("tidak_berhak", exc.message), status=403)

    @api.exception_handler(KonflikError)
    def conflict(request, exc):
        # Someone else changed the row since the caller read it (a stale `versi`, or the same move made first).
        galat = [{"field": exc.field, "pesan": exc.message}] if exc.field else []
        return api.create_response(request, _body("konflik", exc.message, galat), status=409)

    @api.exception_handler(DomainError)
    def domain(request, exc):
        galat = [{"field": exc.field, "pesan": exc.message}] if exc.field else []
        return api.create_response(request, _body("ditolak", exc.message, galat), status=400)

    @api.exception_handler(ObjectDoesNotExist)
    def not_found_orm(request, exc):
        return api.create_response(request, _body("tidak_ditemukan", "Data tidak ditemukan."), status=404)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, _body("tidak_ditemukan", "Data tidak ditemukan."), status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request,
            _body("tidak_terautentikasi", "Masuk terlebih dahulu atau kirim API key yang sah."),
            status=401,
        )

    @api.exception_handler(ReadOnlyKeyError)
    def read_only(request, exc):
        return api.create_response(request, _body("hanya_baca", str(exc.message)), status=403)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        kode = {400: "ditolak", 403: "tidak_berhak", 404: "tidak_ditemukan", 405: "metode_tidak_didukung"}
        return api.create_response(
            request, _body(kode.get(exc.status_code, "galat"), str(exc.message)), status=exc.status_code
        )
