"""The admin's SKP pages: Daftar SKP Instansi (filters, Unduh Excel) and Rekap SKP per status per unit kerja."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.core.excel import xlsx_response
from kinerja.core.forms import Form
from kinerja.org.forms import UnitChoiceField
from kinerja.org.models import Instansi
from kinerja.org.selectors.scope import instansi_for_admin, units_for_admin
from kinerja.org.views.common import admin_required, search_url

from ..models import Status
from ..selectors import admin as selectors

PER_PAGE = 50


class _ScopeForm(Form):
    """Instansi (national admin only), unit kerja and tahun, as every admin SKP page filters them."""

    instansi = forms.ModelChoiceField(
        label="Instansi",
        queryset=Instansi.objects.none(),
        required=False,
        empty_label="Semua instansi",
        error_messages={"invalid_choice": "Pilih instansi dari daftar yang ditampilkan."},
    )
    unit = UnitChoiceField(
        label="Unit Kerja",
        required=False,
        error_messages={"invalid_choice": "Pilih unit kerja dari daftar yang ditampilkan."},
    )
    tahun = forms.TypedChoiceField(
        label="Tahun",
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "Pilih tahun dari daftar.", "required": "Tahun wajib dipilih."},
    )

    tahun_kosong: tuple[str, str] | None = ("", "Semua tahun")

    def __init__(self, *args, user, tahun_list: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_admin_nasional:
            self.fields["instansi"].queryset = instansi_for_admin(user)
        else:
            del self.fields["instansi"]
        instansi_id = self.data.get("instansi", "") if user.is_admin_nasional else ""
        self.fields["unit"].queryset = units_for_admin(user)
        self.fields["unit"].widget.attrs["data-url"] = search_url(
            "org:unit_search",
            int(instansi_id) if str(instansi_id).isdecimal() and len(str(instansi_id)) <= 18 else None,
        )
        years = [(str(y), str(y)) for y in tahun_list]
        self.fields["tahun"].choices = [self.tahun_kosong, *years] if self.tahun_kosong else years

    def filters(self) -> dict:
        """The valid filters as keyword arguments of the selectors; invalid ones are ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if value not in (None, "", False)}


class SkpFilterForm(_ScopeForm):
    q = forms.CharField(label="Cari NIP / Nama", required=False, max_length=150)
    sub_unit = forms.BooleanField(label="Termasuk sub unit kerja", required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Semua"), *Status.choices],
        required=False,
        error_messages={"invalid_choice": "Pilih status DRAFT, PENGAJUAN atau PERSETUJUAN."},
    )

    field_order = ["q", "instansi", "unit", "sub_unit", "status", "tahun"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = "NIP atau nama"


class RekapFilterForm(_ScopeForm):
    tahun_kosong = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].required = True
        self.fields["unit"].help_text = "Unit kerja ini beserta sub unit kerjanya."


def _tahun_list(user) -> list[int]:
    years = set(selectors.tahun_choices(user))
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def _skp_form(request) -> SkpFilterForm:
    return SkpFilterForm(request.GET or None, user=request.user, tahun_list=_tahun_list(request.user))


def _rekap_form(request) -> tuple[RekapFilterForm, dict]:
    """The rekap's filter form, always with a year (this year unless another one is chosen)."""
    data = request.GET.copy()
    data.setdefault("tahun", str(timezone.localdate().year))
    form = RekapFilterForm(data, user=request.user, tahun_list=_tahun_list(request.user))
    filters = form.filters()
    filters.setdefault("tahun", timezone.localdate().year)
    return form, filters


def _scope_label(request) -> str:
    return "nasional" if request.user.is_admin_nasional else request.user.instansi.kode


@require_GET
@admin_required
def skp_list(request):
    form = _skp_form(request)
    qs = selectors.skp_list(user=request.user, **form.filters())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "skp/admin_list.html",
        {"form": form, "page_obj": page, "show_instansi": request.user.is_admin_nasional},
    )


@require_GET
@admin_required
def skp_list_excel(request):
    form = _skp_form(request)
    qs = selectors.skp_list(user=request.user, **form.filters())
    with_instansi = request.user.is_admin_nasional
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(
        filename=f"skp-{_scope_label(request)}-{stamp}.xlsx",
        columns=selectors.excel_columns(with_instansi=with_instansi),
        rows=selectors.excel_rows(qs, with_instansi=with_instansi),
        sheet_title="SKP",
    )


@require_GET
@admin_required
def skp_rekap(request):
    form, filters = _rekap_form(request)
    rows = selectors.rekap(user=request.user, **filters)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "baris": [selectors.rekap_baris(row) for row in page.object_list],
        "total": selectors.rekap_total(user=request.user, **filters),
        "tahun": filters["tahun"],
        "instansi_id": filters["instansi"].pk if filters.get("instansi") else "",
        "show_instansi": request.user.is_admin_nasional,
    }
    return render(request, "skp/admin_rekap.html", context)


@require_GET
@admin_required
def skp_rekap_excel(request):
    _form, filters = _rekap_form(request)
    with_instansi = request.user.is_admin_nasional
    return xlsx_response(
        filename=f"rekap-skp-{_scope_label(request)}-{filters['tahun']}.xlsx",
        columns=selectors.rekap_excel_columns(with_instansi=with_instansi),
        rows=selectors.rekap_excel_rows(
            selectors.rekap(user=request.user, **filters),
            selectors.rekap_total(user=request.user, **filters),
            with_instansi=with_instansi,
        ),
        sheet_title=f"Rekap SKP {filters['tahun']}",
    )


urlpatterns = [
    path("admin/skp/", skp_list, name="admin_list"),
    path("admin/skp/unduh/", skp_list_excel, name="admin_list_excel"),
    path("admin/skp/rekap/", skp_rekap, name="admin_rekap"),
    path("admin/skp/rekap/unduh/", skp_rekap_excel, name="admin_rekap_excel"),
]
