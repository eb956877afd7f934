"""Pemantauan dan Evaluasi: the assessor's pages, opened from their own (definitive or PLT) SKP.

Penilaian Bawahan (feedback, ratings, predikat), Rekap Penilaian Bawahan (Unduh Excel), Lihat Kurva and
Pembinaan Bawahan. Only the owner of the leader SKP may open them; anyone else gets a 404, and a subordinate
outside the leader's list for the period is a 404 too. The services check the rights again on every POST."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from kinerja.core.actions import run_form_service, run_post_service
from kinerja.core.excel import Column, xlsx_response
from kinerja.skp import rules as skp_rules
from kinerja.skp.models import Indikator, Status

from .. import rules
from ..forms_evaluasi import FeedbackForm, PembinaanForm, RatingForm
from ..models import FeedbackIndikator, FeedbackPerilaku, Keberatan, Pembinaan, Penilaian
from ..selectors import evaluasi as selectors
from ..selectors.pengaturan import pengaturan_untuk
from ..services import evaluasi as services
from .potongan import Potongan, url_pola

PER_PAGE = 50
ASPEK = {  # URL part -> (service aspek, title, guidance, field)
    "hasil-kerja": ("hasil_kerja", "RATING HASIL KERJA", rules.PANDUAN_HASIL_KERJA, "rating_hasil_kerja"),
    "perilaku": ("perilaku", "RATING PERILAKU KERJA", rules.PANDUAN_PERILAKU, "rating_perilaku"),
}


def _konteks(request, pk: int, periode: int) -> selectors.Konteks:
    skp = selectors.leader_skp_or_404(request.user, pk)
    return selectors.konteks_or_404(skp, periode)


def _konteks_bawahan(request, pk: int, periode: int, penilaian: int) -> tuple[selectors.Konteks, Penilaian]:
    """The period and one subordinate's row of it (two queries: the leader SKP, then both)."""
    skp = selectors.leader_skp_or_404(request.user, pk)
    return selectors.konteks_bawahan_or_404(skp, periode, penilaian)


def _bawahan_url(k: selectors.Konteks, penilaian: Penilaian, anchor: str = "") -> str:
    url = reverse("penilaian:penilaian_bawahan", args=[k.skp.pk, k.periode.pk])
    return f"{url}?penilaian={penilaian.pk}{'#' + anchor if anchor else ''}"


def _base_context(k: selectors.Konteks, tab: str, **extra) -> dict:
    return {"k": k, "skp": k.skp, "periode": k.periode, "tab": tab, **extra}


@login_required
def evaluasi(request, pk: int):
    """Pemantauan dan Evaluasi: the periods of the instansi overlapping the leader SKP, with the four actions."""
    skp = selectors.leader_skp_or_404(request.user, pk)
    return render(
        request, "penilaian/evaluasi/periode.html", {"skp": skp, "rows": selectors.daftar_periode(skp)}
    )


# --- Penilaian Bawahan -------------------------------------------------------------------------------------------


def _kolom(s, *, periodik: bool) -> int:
    """Columns of the HASIL KERJA table: JA/JF adds RHK atasan and aspek, JPT perspektif; targets unless kualitatif."""
    target = 0 if s.is_kualitatif else (2 if s.is_jpt else 1)
    return 6 + (0 if s.is_jpt else 2) + int(periodik) + target


def _sel_lembar(request, k: selectors.Konteks, p: Penilaian, lembar, *, dapat_menilai: bool, periodik: bool):
    """The sheet's cells rendered once (table and cards show the same), FEEDBACK with its row URLs."""
    args = (k.skp.pk, k.periode.pk, p.pk)
    fb_edit, fb_hapus = (
        url_pola("penilaian:feedback_indikator", *args),
        url_pola("penilaian:feedback_indikator_hapus", *args),
    )
    pk_edit, pk_hapus = (
        url_pola("penilaian:feedback_perilaku_bawahan", *args),
        url_pola("penilaian:feedback_perilaku_bawahan_hapus", *args),
    )
    render_sel = Potongan(request, dapat_menilai=dapat_menilai)
    feedback = "penilaian/evaluasi/_feedback.html"
    for row in lembar.utama + lembar.tambahan:
        if not p.skp.is_jpt:
            row.sel_atasan = render_sel("penilaian/evaluasi/_rhk_atasan.html", row=row)
        if periodik:
            row.sel_aksi = render_sel("penilaian/evaluasi/_aksi.html", row=row)
        for b in row.indikator:
            ident, urls = b.indikator.pk, {"edit": fb_edit(b.indikator.pk), "hapus": fb_hapus(b.indikator.pk)}
            b.sel_bukti = render_sel("penilaian/evaluasi/_bukti.html", b=b)
            b.sel_realisasi = render_sel("penilaian/evaluasi/_realisasi.html", b=b)
            b.sel_feedback = render_sel(feedback, fb=b.feedback, kode="ind", ident=ident, **urls)
            b.sel_feedback_hp = render_sel(feedback, fb=b.feedback, kode="ind-hp", ident=ident, **urls)
    for r in lembar.perilaku:
        urls = {"edit": pk_edit(r.nomor), "hapus": pk_hapus(r.nomor)}
        r.sel_feedback = render_sel(feedback, fb=r.feedback, kode="perilaku", ident=r.nomor, **urls)


@login_required
def penilaian_bawahan(request, pk: int, periode: int):
    k = _konteks(request, pk, periode)
    pilihan = selectors.pilihan_bawahan(k)
    lembar = None
    if request.GET.get("penilaian"):
        penilaian = selectors.bawahan_or_404(k, request.GET["penilaian"], dengan_lembar=True)
        lembar = selectors.lembar(penilaian, k)
    context = _base_context(k, "bawahan", pilihan=pilihan, lembar=lembar)
    if lembar:
        p = lembar.penilaian
        dapat_menilai = p.skp.status == Status.PERSETUJUAN
        _sel_lembar(request, k, p, lembar, dapat_menilai=dapat_menilai, periodik=not p.is_final)
        context.update(
            p=p,
            s=p.skp,
            dapat_menilai=dapat_menilai,
            periodik=not p.is_final,
            kelompok=[("Utama", lembar.utama), ("Tambahan", lembar.tambahan)],
            usulan_label=rules.RATING_LABEL.get(lembar.usulan_hasil_kerja or ""),
            kolom=_kolom(p.skp, periodik=not p.is_final),
        )
    return render(request, "penilaian/evaluasi/bawahan.html", context)


def _form_page(request, k, p, judul: str, form, template: str, back: str, **extra):
    context = _base_context(k, "bawahan", p=p, s=p.skp, judul=judul, form=form, kembali=back, **extra)
    return render(request, template, context)


@login_required
def feedback_indikator(request, pk: int, periode: int, penilaian: int, indikator: int):
    """Tambah / Edit Feedback on one indicator."""
    k, p = _konteks_bawahan(request, pk, periode, penilaian)
    ind = get_object_or_404(Indikator.objects.select_related("rhk"), pk=indikator, rhk__skp_id=p.skp_id)
    ada = FeedbackIndikator.objects.filter(penilaian=p, indikator=ind).first()
    initial = {"jempol": ada.jempol, "teks": ada.teks} if ada else {}
    form = FeedbackForm(request.POST or None, initial=initial)
    back = _bawahan_url(k, p, f"ind-{ind.pk}")
    if request.method == "POST" and form.is_valid():
        call = partial(services.feedback_indikator_simpan, actor=request.user, penilaian=p, indikator=ind,
                       jempol=form.cleaned_data["jempol"], teks=form.cleaned_data["teks"])  # fmt: skip
        if run_form_service(request, form, call, "Feedback hasil kerja berhasil disimpan."):
            return redirect(back)
    context = {
        "indikator": ind,
        "realisasi": p.realisasi.filter(indikator=ind).first(),
        "bukti": list(p.bukti_dukung.filter(indikator=ind).order_by("id")),
    }
    judul = "Edit Feedback" if ada else "Tambah Feedback"
    return _form_page(request, k, p, judul, form, "penilaian/evaluasi/form_feedback.html", back, **context)


@require_POST
@login_required
def feedback_indikator_hapus(request, pk: int, periode: int, penilaian: int, indikator: int):
    k, p = _konteks_bawahan(request, pk, periode, penilaian)
    fb = get_object_or_404(
        FeedbackIndikator.objects.select_related("penilaian"), penilaian=p, indikator_id=indikator
    )
    call = partial(services.feedback_indikator_hapus, actor=request.user, feedback=fb)
    run_post_service(request, call, "Feedback hasil kerja berhasil dihapus.")
    return redirect(_bawahan_url(k, p, f"ind-{indikator}"))


def _nilai_or_404(nilai: int) -> tuple[str, tuple[str, ...]]:
    if not 1 <= nilai <= len(skp_rules.BERAKHLAK):
        raise Http404("Perilaku kerja tidak ditemukan.")
    return skp_rules.BERAKHLAK[nilai - 1]


@login_required
def feedback_perilaku(request, pk: int, periode: int, penilaian: int, nilai: int):
    """Tambah / Edit Feedback on one BerAKHLAK core value."""
    nama, perilaku = _nilai_or_404(nilai)
    k, p = _konteks_bawahan(request, pk, periode, penilaian)
    ada = FeedbackPerilaku.objects.filter(penilaian=p, nilai=nilai).first()
    initial = {"jempol": ada.jempol, "teks": ada.teks} if ada else {}
    form = FeedbackForm(request.POST or None, initial=initial)
    back = _bawahan_url(k, p, f"perilaku-{nilai}")
    if request.method == "POST" and form.is_valid():
        call = partial(services.feedback_perilaku_simpan, actor=request.user, penilaian=p, nilai=nilai,
                       jempol=form.cleaned_data["jempol"], teks=form.cleaned_data["teks"])  # fmt: skip
        if run_form_service(request, form, call, f"Feedback perilaku {nama} berhasil disimpan."):
            return redirect(back)
    judul = "Edit Feedback Perilaku" if ada else "Tambah Feedback Perilaku"
    context = {"nilai": nilai, "nama_nilai": nama, "perilaku": perilaku}
    return _form_page(request, k, p, judul, form, "penilaian/evaluasi/form_feedback.html", back, **context)


@require_POST
@login_required
def feedback_perilaku_hapus(request, pk: int, periode: int, penilaian: int, nilai: int):
    nama, _ = _nilai_or_404(nilai)
    k, p = _konteks_bawahan(request, pk, periode, penilaian)
    fb = get_object_or_404(FeedbackPerilaku.objects.select_related("penilaian"), penilaian=p, nilai=nilai)
    call = partial(services.feedback_perilaku_hapus, actor=request.user, feedback=fb)
    run_post_service(request, call, f"Feedback perilaku {nama} berhasil dihapus.")
    return redirect(_bawahan_url(k, p, f"perilaku-{nilai}"))


@login_required
def rating(request, pk: int, periode: int, penilaian: int, aspek: str):
    """Ubah RATING HASIL KERJA / RATING PERILAKU KERJA, with the guidance beside each choice."""
    if aspek not in ASPEK:
        raise Http404("Rating tidak ditemukan.")
    kode, judul, panduan, field = ASPEK[aspek]
    k, p = _konteks_bawahan(request, pk, periode, penilaian)
    back = _bawahan_url(k, p, "rating")
    form = RatingForm(request.POST) if request.method == "POST" else None
    if form is not None and form.is_valid():
        call = partial(services.rating_ubah, actor=request.user, penilaian=p, aspek=kode,
                       rating=form.cleaned_data["rating"], versi=form.cleaned_data["versi"])  # fmt: skip
        if run_form_service(request, form, call, f"{judul.title()} berhasil disimpan."):
            return redirect(back)
        # Refused: the options' predikat follow what holds now (the form keeps the choice sent).
        p.refresh_from_db(fields=["rating_hasil_kerja", "rating_perilaku", "predikat", "versi"])
    # The page (a GET, or a POST sent back): the rating proposed from the unit's capaian organisasi.
    organisasi = None
    if kode == "hasil_kerja" and p.skp.jenis_pegawai == "PIMPINAN":
        organisasi = selectors.predikat_organisasi(p.skp.unit_kerja, k)
    mapping = pengaturan_untuk(k.skp.instansi_id).rating_dari_organisasi
    usulan = rules.rating_dari_organisasi(organisasi.kode, mapping) if organisasi else None
    if form is None:
        form = RatingForm(initial={"rating": getattr(p, field) or usulan or "", "versi": p.versi})
    lain = p.rating_perilaku if kode == "hasil_kerja" else p.rating_hasil_kerja
    opsi = []
    for nilai, label in rules.RATING_LABEL.items():
        pair = (nilai, lain) if kode == "hasil_kerja" else (lain, nilai)
        predikat = rules.predikat_for(*pair)
        opsi.append({"nilai": nilai, "label": label.upper(), "panduan": panduan[nilai],
                     "predikat": rules.PREDIKAT_LABEL.get(predikat or ""), "usulan": nilai == usulan})  # fmt: skip
    chosen = str(form["rating"].value() or "")
    context = {"opsi": opsi, "chosen": chosen, "organisasi": organisasi, "usulan": usulan,
               "terkunci": Keberatan.objects.filter(penilaian=p).exists()}  # fmt: skip
    return _form_page(request, k, p, f"Ubah {judul.title()}", form, "penilaian/evaluasi/form_rating.html",
                      back, **context)  # fmt: skip


# --- Rekap Penilaian Bawahan -------------------------------------------------------------------------------------


def _halaman(request, rows) -> Page:
    """Paginator.get_page; the first page (what the tabs open) in one query instead of two: its rows carry the
    total as a window count, computed before LIMIT. Other pages follow Django's own rule."""
    paginator = Paginator(rows, PER_PAGE)
    number = request.GET.get("page")
    if number not in (None, "", "1"):
        return paginator.get_page(number)
    first = list(rows.annotate(jumlah_semua=Window(Count("pk")))[:PER_PAGE])
    paginator.count = first[0].jumlah_semua if first else 0  # a cached_property, now set: no COUNT query
    return Page(first, 1, paginator)


@login_required
def rekap_bawahan(request, pk: int, periode: int):
    k = _konteks(request, pk, periode)
    page = _halaman(request, selectors.rekap(k))
    url_nilai = reverse("penilaian:penilaian_bawahan", args=[k.skp.pk, k.periode.pk])  # + ?penilaian=<row>
    return render(
        request, "penilaian/evaluasi/rekap.html", _base_context(k, "rekap", page=page, url_nilai=url_nilai)
    )


REKAP_COLUMNS = [
    Column("No", 6), Column("NIP", 22), Column("Nama", 32), Column("Jabatan", 32), Column("Unit Kerja", 32),
    Column("Status SKP", 14), Column("Realisasi Terisi", 16), Column("Jumlah Indikator", 16),
    Column("Rating Hasil Kerja", 20), Column("Rating Perilaku Kerja", 20), Column("Predikat", 18),
    Column("Dinilai Pada", 18),
]  # fmt: skip


@login_required
def rekap_bawahan_excel(request, pk: int, periode: int):
    k = _konteks(request, pk, periode)
    rows = (
        (i, p.skp.pegawai_nip, p.skp.pegawai_nama, p.skp.pegawai_jabatan, p.skp.pegawai_unit, p.skp.status,
         p.realisasi_terisi, p.jumlah_indikator, p.get_rating_hasil_kerja_display() or "Belum dinilai",
         p.get_rating_perilaku_display() or "Belum dinilai", p.get_predikat_display() or "Belum dinilai",
         p.dinilai_pada)
        for i, p in enumerate(selectors.rekap(k).iterator(chunk_size=500), start=1)
    )  # fmt: skip
    nama = f"Rekap Penilaian Bawahan {k.periode.nama} {k.tahun} {k.skp.pegawai_nip}"
    return xlsx_response(
        filename=nama, columns=REKAP_COLUMNS, rows=rows, sheet_title="Rekap Penilaian Bawahan"
    )


# --- Lihat Kurva ---------------------------------------------------------------------------------------------------


@login_required
def kurva(request, pk: int, periode: int):
    k = _konteks(request, pk, periode)
    data = selectors.kurva(k)
    return render(request, "penilaian/evaluasi/kurva.html", _base_context(k, "kurva", kurva=data))


# --- Pembinaan Bawahan -----------------------------------------------------------------------------------------------


@login_required
def pembinaan(request, pk: int, periode: int):
    """Pick a subordinate; list, add and delete (own, until the batas) coaching notes of the period."""
    k = _konteks(request, pk, periode)
    context = _base_context(k, "pembinaan", pilihan=selectors.pilihan_bawahan(k))
    chosen = request.GET.get("penilaian")
    if not chosen:
        context["page"] = _halaman(request, selectors.rekap(k))
        return render(request, "penilaian/evaluasi/pembinaan.html", context)
    p = selectors.bawahan_or_404(k, chosen)
    form = PembinaanForm(request.POST or None)
    url = f"{reverse('penilaian:pembinaan', args=[k.skp.pk, k.periode.pk])}?penilaian={p.pk}"
    if request.method == "POST" and form.is_valid():
        call = partial(
            services.pembinaan_tambah, actor=request.user, penilaian=p, teks=form.cleaned_data["teks"]
        )
        if run_form_service(
            request, form, call, f"Catatan pembinaan untuk {p.skp.pegawai_nama} berhasil disimpan."
        ):
            return redirect(url)
    catatan = list(selectors.pembinaan_untuk(p))
    context.update(p=p, s=p.skp, form=form, catatan=catatan, url=url)
    return render(request, "penilaian/evaluasi/pembinaan.html", context)


@require_POST
@login_required
def pembinaan_hapus(request, pk: int, periode: int, penilaian: int, catatan: int):
    k, p = _konteks_bawahan(request, pk, periode, penilaian)
    item = get_object_or_404(Pembinaan.objects.select_related("oleh", "penilaian"), pk=catatan, penilaian=p)
    run_post_service(request, partial(services.pembinaan_hapus, actor=request.user, catatan=item),
                     "Catatan pembinaan berhasil dihapus.")  # fmt: skip
    return redirect(f"{reverse('penilaian:pembinaan', args=[k.skp.pk, k.periode.pk])}?penilaian={p.pk}")


_P = "skp/<int:pk>/evaluasi/<int:periode>/"
_B = _P + "bawahan/<int:penilaian>/"
urlpatterns = [
    path("skp/<int:pk>/evaluasi/", evaluasi, name="evaluasi"),
    path(_P + "bawahan/", penilaian_bawahan, name="penilaian_bawahan"),
    path(_B + "feedback/<int:indikator>/", feedback_indikator, name="feedback_indikator"),
    path(_B + "feedback/<int:indikator>/hapus/", feedback_indikator_hapus, name="feedback_indikator_hapus"),
    path(_B + "perilaku/<int:nilai>/", feedback_perilaku, name="feedback_perilaku_bawahan"),
    path(_B + "perilaku/<int:nilai>/hapus/", feedback_perilaku_hapus, name="feedback_perilaku_bawahan_hapus"),
    path(_B + "rating/<slug:aspek>/", rating, name="rating"),
    path(_P + "rekap/", rekap_bawahan, name="rekap_bawahan"),
    path(_P + "rekap/unduh/", rekap_bawahan_excel, name="rekap_bawahan_excel"),
    path(_P + "kurva/", kurva, name="kurva"),
    path(_P + "pembinaan/", pembinaan, name="pembinaan"),
    path(_P + "pembinaan/<int:penilaian>/<int:catatan>/hapus/", pembinaan_hapus, name="pembinaan_hapus"),
]
