"""Admin pages: Manajemen User PMM (list, Tambah, Hapus, Unduh Excel) and Log Sinkronisasi (list, Sinkro ulang
per row and for every failed person, Unduh Excel). Admin instansi: their instansi; admin nasional: `?instansi=`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from kinerja.core import excel
from kinerja.core.actions import run_form_service
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.models import Instansi, Peran
from kinerja.org.selectors import instansi_for_admin
from kinerja.org.views.admin_unit import instansi_context, resolve_instansi
from kinerja.org.views.common import admin_required

from .. import jobs
from ..clients.base import NetworkError, NotConfigured
from ..forms_pmm import LogFilterForm, PenggunaFilterForm, PenggunaHapusForm, PenggunaTambahForm
from ..models import JenisSinkron, LogSinkronisasi, PenggunaPmm, Sistem, StatusLog
from ..services import pmm_pengguna as services

# The retry button of a log row, by jenis.
TOMBOL = {
    JenisSinkron.PROFIL: "Sinkro SIASN",
    JenisSinkron.KIRIM_SKP: "Kirim ulang ke SIASN",
    JenisSinkron.SKP: "Sinkro PMM",
    JenisSinkron.SKP_ROTASI: "Sinkro PMM",
    JenisSinkron.SKP_PLT: "Sinkro PMM",
    JenisSinkron.PENILAIAN: "Sinkro Penilaian PMM",
    JenisSinkron.PENILAIAN_FINAL: "Sinkro Penilaian Final PMM",
}


# --- reads ------------------------------------------------------------------------------------------------


def pengguna_rows(instansi: Instansi, f: dict) -> QuerySet[PenggunaPmm]:
    qs = PenggunaPmm.objects.filter(instansi=instansi).select_related(
        "pegawai__jabatan", "pegawai__unit_kerja"
    )
    if f["nip"]:
        qs = qs.filter(pegawai__nip__contains=f["nip"])
    if f["nama"]:
        qs = qs.filter(pegawai__nama__icontains=f["nama"])
    return qs.order_by("pegawai__nama", "pk")


def log_rows(instansi: Instansi, f: dict) -> QuerySet[LogSinkronisasi]:
    qs = LogSinkronisasi.objects.filter(instansi=instansi)
    if f["terkini"]:
        qs = qs.filter(terkini=True)
    for name in ("status", "sistem", "jenis"):
        if f[name]:
            qs = qs.filter(**{name: f[name]})
    if f["nip"]:
        qs = qs.filter(nip__contains=f["nip"])
    if f["nama"]:
        qs = qs.filter(nama__icontains=f["nama"])
    return qs.order_by("-dibuat_pada", "-id")


def _reverse_or_none(name: str, *args) -> str | None:
    """A page of another part of the integration, when that part is installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _with_instansi(request, url: str, instansi: Instansi | None) -> str:
    if request.user.peran == Peran.ADMIN_NASIONAL and instansi is not None:
        return f"{url}?instansi={instansi.pk}"
    return url


def _page(request, qs, baris: int):
    return Paginator(qs, baris).get_page(request.GET.get("page"))


# --- Manajemen User PMM -----------------------------------------------------------------------------------


@admin_required
def pengguna_list(request):
    instansi = resolve_instansi(request)
    form = PenggunaFilterForm(request.GET)
    f = form.filters()
    ctx = {
        **instansi_context(request, instansi),
        "form": form,
        "page": None,
        "tambah_form": PenggunaTambahForm(),
    }
    if instansi is not None:
        ctx["page"] = _page(request, pengguna_rows(instansi, f), f["baris"])
    return render(request, "integrasi/pmm_admin_pengguna_list.html", ctx)


@admin_required
def pengguna_excel(request):
    instansi = resolve_instansi(request)
    if instansi is None:
        messages.info(request, "Pilih instansi terlebih dahulu.")
        return redirect("pmm_pengguna_list")
    rows = pengguna_rows(instansi, PenggunaFilterForm(request.GET).filters())
    columns = [
        excel.Column("No", 6),
        excel.Column("NIP", 22),
        excel.Column("Nama", 40),
        excel.Column("Jabatan", 40),
        excel.Column("Unit Kerja", 50),
        excel.Column("Jenis PTK", 20),
        excel.Column("Ditambahkan", 18),
    ]
    data = (
        [
            no,
            u.pegawai.nip,
            u.pegawai.nama,
            u.pegawai.jabatan.nama if u.pegawai.jabatan else "",
            u.pegawai.unit_kerja.nama,
            u.jenis_ptk,
            u.dibuat_pada,
        ]
        for no, u in enumerate(rows.iterator(chunk_size=2000), start=1)
    )
    return excel.xlsx_response(
        filename=f"User PMM {instansi.nama}", columns=columns, rows=data, sheet_title="User PMM"
    )


@admin_required
def pengguna_tambah(request):
    instansi = resolve_instansi(request)
    if instansi is None:
        messages.info(request, "Pilih instansi terlebih dahulu.")
        return redirect("pmm_pengguna_list")
    form = PenggunaTambahForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_form_service(
            request,
            form,
            lambda: services.pengguna_tambah(
                actor=request.user, instansi=instansi, nip=form.cleaned_data["nip"]
            ),
            f"NIP {form.cleaned_data['nip'].strip()} berhasil ditambahkan sebagai User PMM.",
        )
        if done:
            return redirect(_with_instansi(request, reverse("pmm_pengguna_list"), instansi))
    ctx = {**instansi_context(request, instansi, picker=False), "form": form}
    return render(request, "integrasi/pmm_admin_pengguna_tambah.html", ctx)


@admin_required
def pengguna_hapus(request, pk: int):
    pengguna = get_object_or_404(
        PenggunaPmm.objects.filter(instansi__in=instansi_for_admin(request.user)).select_related(
            "pegawai__jabatan", "pegawai__unit_kerja", "instansi"
        ),
        pk=pk,
    )
    form = PenggunaHapusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_form_service(
            request,
            form,
            lambda: services.pengguna_hapus(
                actor=request.user, pengguna=pengguna, alasan=form.cleaned_data["alasan"]
            ),
            f"User PMM {pengguna.pegawai.nama} telah dihapus dari e-Kinerja.",
        )
        if done:
            return redirect(_with_instansi(request, reverse("pmm_pengguna_list"), pengguna.instansi))
    ctx = {
        **instansi_context(request, pengguna.instansi, picker=False),
        "form": form,
        "pengguna": pengguna,
    }
    return render(request, "integrasi/pmm_admin_pengguna_hapus.html", ctx)


# --- Log Sinkronisasi -------------------------------------------------------------------------------------


@admin_required
def log_list(request):
    instansi = resolve_instansi(request)
    form = LogFilterForm(request.GET)
    f = form.filters()
    ctx = {**instansi_context(request, instansi), "form": form, "page": None}
    if instansi is not None:
        page = _page(request, log_rows(instansi, f), f["baris"])
        for row in page.object_list:
            row.tombol = TOMBOL.get(row.jenis, "Sinkro ulang")
        ctx["page"] = page
        ctx["gagal"] = _latest_failed(instansi, f).exists()
    return render(request, "integrasi/pmm_admin_log_list.html", ctx)


@admin_required
def log_excel(request):
    instansi = resolve_instansi(request)
    if instansi is None:
        messages.info(request, "Pilih instansi terlebih dahulu.")
        return redirect("sinkron_log")
    rows = log_rows(instansi, LogFilterForm(request.GET).filters())
    columns = [
        excel.Column("No", 6),
        excel.Column("NIP", 22),
        excel.Column("Nama", 36),
        excel.Column("Sistem", 8),
        excel.Column("Jenis", 34),
        excel.Column("Tahun", 8),
        excel.Column("Tipe SKP", 14),
        excel.Column("Status", 10),
        excel.Column("Keterangan", 50),
        excel.Column("Catatan", 60),
        excel.Column("Yang memperbaiki", 30),
        excel.Column("Waktu", 18),
    ]
    data = (
        [
            no,
            r.nip,
            r.nama,
            r.sistem,
            r.get_jenis_display(),
            r.tahun,
            r.tipe_skp,
            r.get_status_display(),
            r.keterangan,
            r.catatan,
            r.perbaikan,
            r.dibuat_pada,
        ]
        for no, r in enumerate(rows.iterator(chunk_size=2000), start=1)
    )
    return excel.xlsx_response(
        filename=f"Log Sinkronisasi {instansi.nama}",
        columns=columns,
        rows=data,
        sheet_title="Log Sinkronisasi",
    )


def _back_to_list(request, instansi: Instansi | None):
    nxt = request.POST.get("next", "")
    if (
        nxt
        and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()})
        and nxt.startswith("/")
    ):
        return redirect(nxt)
    return redirect(_with_instansi(request, reverse("sinkron_log"), instansi))


def _sync_available(jenis: str):
    """The per-person sync function of a jenis, or None when that part is not installed on this server."""
    try:
        return jobs.sync_func(jenis)
    except (ImportError, AttributeError, KeyError):
        return None


@require_POST
@admin_required
def log_retry(request, pk: int):
    row = get_object_or_404(
        LogSinkronisasi.objects.filter(instansi__in=instansi_for_admin(request.user)).select_related(
            "pegawai__instansi", "pegawai__unit_kerja", "pegawai__jabatan", "instansi"
        ),
        pk=pk,
    )
    fn = _sync_available(row.jenis)
    if row.pegawai is None:
        messages.error(
            request, f"Pegawai NIP {row.nip} tidak lagi terdaftar di e-Kinerja; tidak dapat disinkronkan."
        )
    elif fn is None:
        messages.error(
            request, f"{row.get_jenis_display()} belum tersedia di server ini. Hubungi admin aplikasi."
        )
    else:
        try:
            hasil = fn(actor=request.user, pegawai=row.pegawai, tahun=row.tahun)
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except (NetworkError, NotConfigured, DomainError) as exc:
            messages.error(request, f"{row.nama} (NIP {row.nip}): {exc.message}")
        else:
            _report(request, hasil)
    return _back_to_list(request, row.instansi)


def _report(request, hasil: LogSinkronisasi) -> None:
    if hasil.status == StatusLog.BERHASIL:
        detail = hasil.catatan or hasil.keterangan
        messages.success(
            request, f"{hasil.nama} (NIP {hasil.nip}): sinkro berhasil." + (f" {detail}" if detail else "")
        )
    else:
        detail = " ".join(x for x in (hasil.keterangan, hasil.catatan) if x)
        messages.error(request, f"{hasil.nama} (NIP {hasil.nip}): sinkro gagal. {detail}".strip())


def _latest_failed(instansi: Instansi, f: dict) -> QuerySet[LogSinkronisasi]:
    qs = LogSinkronisasi.objects.filter(
        instansi=instansi, terkini=True, status=StatusLog.GAGAL, pegawai__isnull=False
    )
    if f.get("sistem"):
        qs = qs.filter(sistem=f["sistem"])
    if f.get("jenis"):
        qs = qs.filter(jenis=f["jenis"])
    return qs


@require_POST
@admin_required
def log_retry_all(request):
    """Sinkro ulang semua yang gagal: one background job per jenis and tahun over the latest failed people."""
    instansi = resolve_instansi(request)
    if instansi is None:
        messages.info(request, "Pilih instansi terlebih dahulu.")
        return redirect("sinkron_log")
    f = {"sistem": request.POST.get("sistem", ""), "jenis": request.POST.get("jenis", "")}
    if f["sistem"] not in Sistem.values:
        f["sistem"] = ""
    if f["jenis"] not in JenisSinkron.values:
        f["jenis"] = ""
    groups: dict[tuple[str, int | None], list[int]] = {}
    for jenis, tahun, pegawai_id in _latest_failed(instansi, f).values_list("jenis", "tahun", "pegawai_id"):
        groups.setdefault((jenis, tahun), []).append(pegawai_id)
    if not groups:
        messages.info(request, "Tidak ada sinkronisasi gagal yang perlu diulang.")
        return _back_to_list(request, instansi)
    created, skipped = [], []
    for (jenis, tahun), ids in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        label = JenisSinkron(jenis).label
        if _sync_available(jenis) is None:
            skipped.append(label)
            continue
        try:
            job = jobs.job_create(
                actor=request.user, instansi=instansi, jenis=jenis, pegawai_ids=ids, tahun=tahun
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except (NetworkError, NotConfigured, DomainError) as exc:
            messages.error(request, f"{label}: {exc.message}")
            continue
        created.append(job)
        messages.success(
            request, f"{label}{f' {tahun}' if tahun else ''}: {len(ids)} pegawai disinkronkan ulang."
        )
    if skipped:
        messages.error(request, "Belum tersedia di server ini: " + ", ".join(skipped) + ".")
    if created:
        url = _reverse_or_none("sinkron_job", created[0].pk)
        if url:
            return redirect(url)
    return _back_to_list(request, instansi)
