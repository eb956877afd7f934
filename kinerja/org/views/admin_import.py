"""Impor Data SIASN: upload a CSV/XLSX file of unit kerja or pegawai, and download example files."""

import csv
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.forms import Form

from .. import selectors
from ..services.impor import JENIS, HasilImpor, impor_data
from ..services.impor_parse import CONTOH, KOLOM, MAX_ROWS, ribuan
from .common import admin_required

SESSION_KEY = "org_impor_hasil"
MAX_SHOWN = 1000  # reasons listed on the page; the rest is counted


class ImporForm(Form):
    jenis = forms.ChoiceField(label="Jenis data", choices=list(JENIS.items()), initial="unit")
    instansi = forms.ModelChoiceField(label="Instansi", queryset=None, empty_label="Pilih instansi")
    berkas = forms.FileField(
        label="Berkas",
        help_text="CSV (UTF-8, dipisah koma atau titik koma) atau Excel .xlsx, dengan baris judul. "
        f"Paling besar 10 MB dan {ribuan(MAX_ROWS)} baris.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    hanya_valid = forms.BooleanField(
        label="Impor hanya baris yang valid",
        required=False,
        help_text="Bila dicentang, baris yang tidak valid dilewati dan baris lainnya tetap diimpor. "
        "Bila tidak, satu baris tidak valid membatalkan seluruh impor.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_admin_nasional:
            self.fields["instansi"].queryset = selectors.instansi_for_admin(user)
        else:
            del self.fields["instansi"]


@admin_required
def admin_import(request):
    hasil = None
    if request.method == "POST":
        form = ImporForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                hasil = impor_data(
                    actor=request.user,
                    instansi=data.get("instansi") or request.user.instansi,
                    jenis=data["jenis"],
                    berkas=data["berkas"],
                    hanya_valid=data["hanya_valid"],
                )
            except PermissionDeniedError as e:
                raise PermissionDenied(e.message) from e
            except DomainError as e:
                form.add_domain_error(e)
            else:
                if not hasil.dibatalkan:
                    request.session[SESSION_KEY] = hasil.as_dict(limit=MAX_SHOWN)
                    messages.success(request, hasil.ringkasan)
                    return redirect("org:admin_import")
    else:
        form = ImporForm(user=request.user)
        stored = request.session.pop(SESSION_KEY, None)
        hasil = HasilImpor.from_dict(stored) if stored else None
    context = {
        "form": form,
        "hasil": hasil,
        "masalah": hasil.masalah[:MAX_SHOWN] if hasil else [],
        "kolom": KOLOM,
    }
    return render(request, "org/admin/impor.html", context)


@admin_required
def admin_import_template(request, jenis: str):
    """An example file with the header row and invented rows: CSV by default, `?format=xlsx` for Excel."""
    if jenis not in KOLOM:
        raise Http404("Jenis contoh tidak dikenal.")
    header, rows = KOLOM[jenis], CONTOH[jenis]
    if request.GET.get("format") == "xlsx":
        return _xlsx_response(jenis, header, rows)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # lets Excel open the file as UTF-8
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contoh-impor-{jenis}.csv"'
    return response


def _xlsx_response(jenis: str, header: tuple, rows: list) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = JENIS[jenis]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    # Every column as text, so that Excel keeps the 18 digits of a NIP typed later.
    for column in sheet.iter_cols(min_row=1, max_row=len(rows) + 200, max_col=len(header)):
        for cell in column:
            cell.number_format = "@"
        sheet.column_dimensions[column[0].column_letter].width = max(12, len(str(column[0].value)) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="contoh-impor-{jenis}.xlsx"'
    return response


urlpatterns = [
    path("admin/impor/", admin_import, name="admin_import"),
    path("admin/impor/contoh/<str:jenis>/", admin_import_template, name="admin_import_template"),
]
