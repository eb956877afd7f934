"""The admin's other assessment pages: Capaian Organisasi, Buka Kembali one person's period, Review Sangat
Baik, Rekap Keberatan (Unduh Excel) and the Dashboard instansi with the lists behind its numbers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from kinerja.core.actions import run_form_service
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.excel import xlsx_response
from kinerja.org.selectors.scope import units_for_admin
from kinerja.org.views.admin_unit import instansi_context, resolve_instansi
from kinerja.org.views.common import admin_required

from .. import rules
from ..forms_admin import (
    BukaKembaliForm,
    CapaianFilterForm,
    KeberatanFilterForm,
    ReviewFilterForm,
    ReviewForm,
    ScopeForm,
)
from ..models import PredikatOrganisasi
from ..selectors import admin as selectors
from ..selectors import organisasi as org_selectors
from ..services import organisasi as services

PER_PAGE = 50


def _scope(request, form_class, *, tahun_default: bool = True, periode_default: bool = False):
    """(form, filters, instansi) of a filtered admin page. The year defaults to this year and, where a page
    needs one, the period to the one running today (else the Final, else the first)."""
    instansi = resolve_instansi(request)
    data = request.GET.copy()
    if tahun_default:
        data.setdefault("tahun", str(timezone.localdate().year))
    raw = data.get("tahun", "")
    tahun = (
        int(raw)
        if raw.isdecimal() and len(raw) <= 4 and 2000 <= int(raw) <= 2100
        else timezone.localdate().year
    )
    if periode_default and instansi is not None and not data.get("periode"):
        periods = list(selectors.periode_for_year(instansi.pk, tahun))
        today = timezone.localdate()
        running = [p for p in periods if p.tanggal(tahun)[0] <= today <= p.tanggal(tahun)[1]]
        finals = [p for p in periods if p.jenis == rules.FINAL]
        chosen = (running or finals or periods or [None])[0]
        if chosen is not None:
            data["periode"] = str(chosen.pk)
    form = form_class(data, user=request.user, instansi=instansi, tahun=tahun)
    filters = form.filters()
    filters.pop("instansi", None)
    return form, filters, instansi


def _back(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


# --- Capaian Organisasi ------------------------------------------------------------------------------------


@admin_required
def capaian_list(request):
    form, filters, instansi = _scope(request, CapaianFilterForm, periode_default=True)
    periode, tahun = filters.get("periode"), filters.get("tahun", timezone.localdate().year)
    if request.method == "POST" and instansi is not None and periode is not None:
        _capaian_save(request, instansi, periode, tahun)
        return redirect(request.get_full_path())
    ctx = {
        **instansi_context(request, instansi),
        "form": form,
        "periode": periode,
        "tahun": tahun,
        "page": None,
        "pilihan": PredikatOrganisasi.choices,
    }
    if instansi is not None and periode is not None:
        units = org_selectors.capaian_units(instansi=instansi, q=filters.get("q", ""))
        page = Paginator(units, PER_PAGE).get_page(request.GET.get("page"))
        ctx["page"] = page
        ctx["baris"] = org_selectors.capaian_baris(page.object_list, periode, tahun)
    return render(request, "penilaian/admin/capaian_list.html", ctx)


def _capaian_save(request, instansi, periode, tahun: int) -> None:
    ids = [int(i) for i in request.POST.getlist("unit") if i.isdecimal() and len(i) <= 18]
    units = units_for_admin(request.user).filter(instansi=instansi, pk__in=ids).select_related("instansi")
    sendiri = org_selectors.capaian_sendiri([u.pk for u in units], periode, tahun)
    changed, errors = 0, []
    for unit in units:
        predikat = request.POST.get(f"predikat_{unit.pk}", "")
        if predikat == sendiri.get(unit.pk, ""):
            continue
        try:
            services.capaian_set(
                actor=request.user, unit=unit, periode=periode, tahun=tahun, predikat=predikat
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            errors.append(f"{unit.nama}: {exc.message}")
            continue
        changed += 1
    for error in errors:
        messages.error(request, error)
    if changed:
        messages.success(request, f"Capaian organisasi {changed} unit kerja berhasil disimpan.")
    elif not errors:
        messages.info(request, "Tidak ada capaian organisasi yang berubah.")


# --- Buka kembali ------------------------------------------------------------------------------------------


@admin_required
def buka_kembali(request, pk: int):
    penilaian = get_object_or_404(
        selectors.penilaian_for_admin(request.user).select_related(
            "skp__instansi", "skp__pegawai", "periode"
        ),
        pk=pk,
    )
    default_back = reverse("penilaian:dashboard")
    form = BukaKembaliForm(request.POST or None, initial={"sampai": penilaian.dibuka_sampai})
    if request.method == "POST" and form.is_valid():
        done = run_form_service(
            request,
            form,
            lambda: services.buka_kembali(actor=request.user, penilaian=penilaian, **form.cleaned_data),
            f"Periode {penilaian.periode.nama} {penilaian.skp.pegawai_nama} dibuka kembali sampai "
            f"{form.cleaned_data['sampai']:%d-%m-%Y}.",
        )
        if done:
            return redirect(_back(request, default_back))
    ctx = {
        "form": form,
        "penilaian": penilaian,
        "next": _back(request, default_back),
        "lewat": timezone.localdate() > penilaian.batas,
    }
    return render(request, "penilaian/admin/buka_kembali.html", ctx)


# --- Review Sangat Baik ------------------------------------------------------------------------------------


@admin_required
@require_GET
def review_list(request):
    form, filters, instansi = _scope(request, ReviewFilterForm)
    rows = selectors.review_list(user=request.user, instansi=instansi, **filters)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    ctx = {**instansi_context(request, instansi), "form": form, "page": page}
    return render(request, "penilaian/admin/review_list.html", ctx)


@admin_required
def review_detail(request, pk: int):
    penilaian = get_object_or_404(
        selectors.review_list(user=request.user).select_related("skp__instansi", "skp__pegawai"), pk=pk
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kembalikan = request.POST.get("aksi") == "kembalikan"
        service = services.review_kembalikan if kembalikan else services.review_konfirmasi
        pesan = "dikembalikan ke pejabat penilai" if kembalikan else "dikonfirmasi"
        done = run_form_service(
            request,
            form,
            lambda: service(actor=request.user, penilaian=penilaian, catatan=form.cleaned_data["catatan"]),
            f"Predikat Sangat Baik {penilaian.skp.pegawai_nama} {pesan}.",
        )
        if done:
            return redirect(_back(request, reverse("penilaian:review_list")))
    ctx = {
        "penilaian": penilaian,
        "bukti": selectors.bukti_penilaian(penilaian),
        "review": org_selectors.review_untuk(penilaian),
        "form": form,
        "next": _back(request, reverse("penilaian:review_list")),
    }
    return render(request, "penilaian/admin/review_detail.html", ctx)


# --- Rekap Keberatan ---------------------------------------------------------------------------------------


def _kartu_keberatan(r: dict) -> list[tuple[str, int, str]]:
    return [
        ("Diajukan", r["diajukan"], "primary"),
        ("Menunggu Keputusan", r["menunggu"], "warning"),
        ("Diputus", r["diputus"], "secondary"),
        ("Dikuatkan", r["dikuatkan"], "info"),
        ("Diubah", r["diubah"], "primary"),
    ]


@admin_required
@require_GET
def rekap_keberatan(request):
    form, filters, instansi = _scope(request, KeberatanFilterForm, tahun_default=False)
    qs = selectors.keberatan_list(user=request.user, instansi=instansi, **filters)
    with_instansi = request.user.is_admin_nasional and instansi is None
    if request.GET.get("unduh") == "xlsx":
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(
            filename=f"rekap-keberatan-{instansi.kode if instansi else 'nasional'}-{stamp}",
            columns=selectors.keberatan_columns(with_instansi=with_instansi),
            rows=selectors.keberatan_rows(qs, with_instansi=with_instansi),
            sheet_title="Rekap Keberatan",
        )
    ctx = {
        **instansi_context(request, instansi),
        "form": form,
        "ringkasan_kartu": _kartu_keberatan(selectors.keberatan_ringkasan(qs)),
        "page": Paginator(qs, PER_PAGE).get_page(request.GET.get("page")),
        "with_instansi": with_instansi,
    }
    return render(request, "penilaian/admin/rekap_keberatan.html", ctx)


# --- Dashboard instansi ------------------------------------------------------------------------------------


def _dashboard_scope(request):
    form, filters, instansi = _scope(request, ScopeForm, periode_default=True)
    form.fields["periode"].empty_label = None
    return form, filters, instansi, filters.get("periode"), filters.get("tahun", timezone.localdate().year)


def _kolom_label(metrik: str) -> str:
    if metrik.startswith("predikat_"):
        predikat = metrik.removeprefix("predikat_")
        return "Kurang" if predikat == rules.KURANG else rules.PREDIKAT_LABEL[predikat]
    return selectors.METRIK[metrik]


@admin_required
@require_GET
def dashboard(request):
    form, filters, instansi, periode, tahun = _dashboard_scope(request)
    ctx = {
        **instansi_context(request, instansi),
        "form": form,
        "periode": periode,
        "tahun": tahun,
        "page": None,
    }
    if instansi is not None and periode is not None:
        rows, total = selectors.dashboard(
            instansi=instansi, periode=periode, tahun=tahun, unit=filters.get("unit")
        )
        ctx["page"] = Paginator(selectors.dashboard_units(rows), PER_PAGE).get_page(request.GET.get("page"))
        ctx["total"] = [(m, total[m]) for m in selectors.KOLOM]
        ctx["kartu"] = [(m, selectors.METRIK[m], total[m]) for m in ("skp", *selectors.METRIK_PENILAIAN)]
        ctx["kolom"] = [(m, _kolom_label(m)) for m in selectors.KOLOM]
        ctx["distribusi"] = [
            (rules.PREDIKAT_LABEL[p], total[f"predikat_{p}"], f"predikat_{p}")
            for p in reversed(rules.PREDIKAT_ORDER)
        ]
        ctx["query"] = f"periode={periode.pk}&tahun={tahun}" + (
            f"&instansi={instansi.pk}" if request.user.is_admin_nasional else ""
        )
        ctx["unit_filter"] = filters.get("unit")
    return render(request, "penilaian/admin/dashboard.html", ctx)


def _dashboard_url(request) -> str:
    query = request.GET.copy()
    for name in ("metrik", "sub", "page"):
        query.pop(name, None)
    return f"{reverse('penilaian:dashboard')}?{query.urlencode()}"


@admin_required
@require_GET
def dashboard_daftar(request):
    form, filters, instansi, periode, tahun = _dashboard_scope(request)
    metrik = request.GET.get("metrik", "")
    if instansi is None or periode is None or metrik not in selectors.METRIK:
        raise Http404("Pilih instansi, periode dan angka dashboard yang valid.")
    unit = filters.get("unit")
    rows = selectors.dashboard_daftar(
        instansi=instansi,
        periode=periode,
        tahun=tahun,
        metrik=metrik,
        unit=unit,
        sub_unit=request.GET.get("sub") == "1",
    )
    ctx = {
        **instansi_context(request, instansi, picker=False),
        "periode": periode,
        "tahun": tahun,
        "unit": unit,
        "metrik": metrik,
        "judul": selectors.METRIK[metrik],
        "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "today": timezone.localdate(),
        "kembali": _dashboard_url(request),
    }
    return render(request, "penilaian/admin/dashboard_daftar.html", ctx)


urlpatterns = [
    path("admin/capaian-organisasi/", capaian_list, name="capaian_list"),
    path("admin/penilaian/<int:pk>/buka-kembali/", buka_kembali, name="buka_kembali"),
    path("admin/review-sangat-baik/", review_list, name="review_list"),
    path("admin/review-sangat-baik/<int:pk>/", review_detail, name="review_detail"),
    path("admin/keberatan/", rekap_keberatan, name="rekap_keberatan"),
    path("admin/dashboard/", dashboard, name="dashboard"),
    path("admin/dashboard/daftar/", dashboard_daftar, name="dashboard_daftar"),
]
