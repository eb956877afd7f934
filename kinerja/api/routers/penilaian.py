"""Penilaian: periods, Penilaian SKP (Tambah Periode Penilaian, Hapus Periode Duplikat), one period's detail, the
employee's inputs (rencana aksi, bukti dukung, realisasi) and the assessor's (feedback, ratings → predikat,
pembinaan). The same services and selectors as the web pages: whoever may not read a period gets 404, whoever
may read it but not change it gets 403 from the service."""

from contextlib import contextmanager

from django.db.models import Count, F, Q
from django.http import Http404
from ninja import Router, Status
from ninja.pagination import paginate

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.models import Peran
from kinerja.penilaian import rules
from kinerja.penilaian.models import (
    BuktiDukung,
    FeedbackIndikator,
    FeedbackPerilaku,
    Penilaian,
    PeriodePenilaian,
    RencanaAksi,
)
from kinerja.penilaian.selectors import evaluasi as evaluasi_sel
from kinerja.penilaian.selectors.admin import periode_for_admin
from kinerja.penilaian.selectors.organisasi import capaian_per_periode, capaian_untuk
from kinerja.penilaian.selectors.penilaian import (
    data_pengisian,
    penilaian_visible_or_404,
    skp_penilaian_or_404,
)
from kinerja.penilaian.services import evaluasi, pengisian
from kinerja.penilaian.services import penilaian as penilaian_services
from kinerja.penilaian.services.keberatan import keberatan_hari, keberatan_masalah
from kinerja.skp import rules as skp_rules
from kinerja.skp.models import Indikator, Skp

from ..auth import actor
from ..errors import ErrorOut
from ..schemas import Halaman
from ..schemas import penilaian as s

router = Router(tags=["Penilaian"])

ERR = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ERR_VERSI = {**ERR, 409: ErrorOut}  # a stale `versi` (docs/konkurensi.md)
ASPEK = {"HASIL_KERJA": "hasil_kerja", "PERILAKU": "perilaku"}


@contextmanager
def bidang(**mapping):
    """Name a service's field as the request names it (e.g. periode → periode_id)."""
    try:
        yield
    except DomainError as exc:
        if exc.field in mapping:
            exc.field = mapping[exc.field]
        raise


# --- Serialising --------------------------------------------------------------------------------------------------


def _capaian(p: Penilaian, kode: str | None, unit) -> None:
    p.capaian_organisasi = kode
    p.capaian_organisasi_label = rules.PREDIKAT_ORGANISASI_LABEL.get(kode or "", "-")
    p.capaian_dari_unit = unit.nama if unit is not None else None


# --- Periods and the rows of Penilaian SKP ------------------------------------------------------------------------


@router.get("/periode", response=list[s.PeriodeOut], summary="Periode penilaian instansi")
@paginate(Halaman)
def periode_list(request, tahun: int | None = None):
    """Manajemen Periode as defined by the admin: the caller's instansi (all instansi for the admin nasional)."""
    user = actor(request)
    if user.peran in (Peran.ADMIN_INSTANSI, Peran.ADMIN_NASIONAL):
        qs = periode_for_admin(user)
    elif (pegawai := getattr(user, "pegawai", None)) is not None:
        qs = PeriodePenilaian.objects.filter(instansi_id=pegawai.instansi_id)
    else:
        qs = PeriodePenilaian.objects.none()
    if tahun:
        qs = qs.filter(Q(tahun=tahun) | Q(tahun__isnull=True))
    return qs.order_by(
        "instansi_id", F("tahun").asc(nulls_first=True), "-jenis", "angka_periodik", "awal", "id"
    )  # every-year periods first, on SQLite and PostgreSQL alike


def _baris_skp(user, skp: Skp) -> list[Penilaian]:
    """The rows of the Penilaian SKP page in a constant number of queries."""
    rows = list(
        Penilaian.objects.filter(skp=skp)
        .select_related("periode", "keberatan")
        .annotate(jumlah_pembinaan=Count("pembinaan"))
        .order_by("tahun", "-periode__jenis", "awal", "id")
    )
    capaian = capaian_per_periode(skp.unit_kerja, ((p.periode_id, p.tahun) for p in rows))
    hari = keberatan_hari(skp.instansi_id) if rows else 0
    owner = skp.pegawai.user_id == user.pk
    for p in rows:
        p.skp = skp
        _capaian(p, *capaian[(p.periode_id, p.tahun)])
        keberatan = getattr(p, "keberatan", None)
        p.keberatan_bisa = owner and keberatan is None and keberatan_masalah(p, hari) is None
    return rows


@router.get("", response={200: list[s.PenilaianBaris], **ERR}, summary="Penilaian SKP: periode pada satu SKP")
@paginate(Halaman)
def penilaian_list(request, skp: int):
    """The periods added to an SKP, for its owner, its assessor and the instansi's admin (others: 404)."""
    user = actor(request)
    return _baris_skp(user, skp_penilaian_or_404(user, skp))


@router.post("", response={201: s.PenilaianBaris, **ERR}, summary="Tambah Periode Penilaian")
def penilaian_tambah(request, payload: s.PenilaianIn):
    user = actor(request)
    skp = skp_penilaian_or_404(user, payload.skp_id)
    periode = PeriodePenilaian.objects.filter(pk=payload.periode_id).first()
    if periode is None:
        raise DomainError("Periode penilaian tidak ditemukan.", field="periode_id")
    with bidang(periode="periode_id"):
        p = penilaian_services.penilaian_tambah(actor=user, skp=skp, periode=periode)
    return Status(201, next(r for r in _baris_skp(user, skp) if r.pk == p.pk))


@router.delete("/duplikat", response={200: s.HapusDuplikatOut, **ERR}, summary="Hapus Periode Duplikat")
def hapus_duplikat(request, skp: int):
    user = actor(request)
    obj = skp_penilaian_or_404(user, skp)
    dihapus, berisi = penilaian_services.penilaian_hapus_duplikat(actor=user, skp=obj)
    pesan = (
        f"{dihapus} periode penilaian duplikat berhasil dihapus."
        if dihapus
        else "Tidak ada periode penilaian duplikat yang dapat dihapus."
    )
    if berisi:
        pesan += f" {berisi} periode duplikat tidak dihapus karena sudah berisi payload."
    return {"dihapus": dihapus, "dipertahankan_berisi": berisi, "pesan": pesan}


@router.get("/bawahan", response={200: list[s.PenilaianOut], **ERR}, summary="Penilaian bawahan per periode")
@paginate(Halaman)
def bawahan_list(request, periode: int, skp: int | None = None):
    """Pemantauan dan Evaluasi: the periods the caller's subordinates added, where the caller is the assessor.

    `skp` picks one of the caller's own SKPs (definitive or PLT); by default all of them."""
    user = actor(request)
    if skp is not None:
        skps = [evaluasi_sel.leader_skp_or_404(user, skp)]
    else:
        skps = list(Skp.objects.filter(pegawai__user_id=user.pk)) if user.is_authenticated else []
    qs = Penilaian.objects.none()
    for leader_skp in skps:
        try:
            k = evaluasi_sel.konteks_or_404(leader_skp, periode)
        except Http404:
            continue
        qs = qs | evaluasi_sel.bawahan(k)
    return qs.select_related("skp", "periode").order_by("skp__pegawai_nama", "id")


# --- One period ---------------------------------------------------------------------------------------------------


@router.get(
    "/{penilaian_id}", response={200: s.PenilaianDetail, **ERR}, summary="Detail penilaian satu periode"
)
def penilaian_detail(request, penilaian_id: int):
    """Rencana aksi, bukti dukung, realisasi, feedback, both ratings and the predikat, pembinaan, capaian
    organisasi. For the owner, the assessor, the admin of the instansi and the atasan deciding a keberatan."""
    p = penilaian_visible_or_404(actor(request), penilaian_id)
    hasil_kerja, perilaku = s.hasil_kerja_dan_perilaku(data_pengisian(p))
    kode, unit = capaian_untuk(p.skp.unit_kerja, p.periode_id, p.tahun)
    _capaian(p, kode, unit)
    p.hasil_kerja, p.perilaku = hasil_kerja, perilaku
    p.catatan_pembinaan = list(evaluasi_sel.pembinaan_untuk(p))
    return p


def _indikator_or_404(p: Penilaian, indikator_id: int) -> Indikator:
    ind = Indikator.objects.select_related("rhk").filter(pk=indikator_id, rhk__skp_id=p.skp_id).first()
    if ind is None:
        raise Http404("Indikator tidak ditemukan.")
    return ind


# --- The employee's inputs ----------------------------------------------------------------------------------------


def _require_fill(user, p: Penilaian) -> None:
    if not user.has_perm("penilaian.fill", p):
        raise PermissionDeniedError("Hanya pegawai yang dinilai yang dapat mengisi periode ini.")


@router.post(
    "/{penilaian_id}/rencana-aksi", response={201: s.RencanaAksiOut, **ERR}, summary="Tambah rencana aksi"
)
def rencana_aksi_tambah(request, penilaian_id: int, payload: s.RencanaAksiIn):
    user = actor(request)
    p = penilaian_visible_or_404(user, penilaian_id)
    _require_fill(user, p)  # a reader who may not fill hears 403, not what is wrong with the body
    rhk = p.skp.rhk.filter(pk=payload.rhk_id).first()
    if rhk is None:
        raise DomainError("RHK tidak ditemukan pada SKP periode penilaian ini.", field="rhk_id")
    item = pengisian.rencana_aksi_create(
        actor=user, penilaian=p, rhk=rhk, teks=payload.teks, target=payload.target
    )
    return Status(201, item)


def _rencana_aksi_or_404(user, pk: int) -> RencanaAksi:
    item = RencanaAksi.objects.filter(pk=pk).first()
    if item is None:
        raise Http404("Rencana aksi tidak ditemukan.")
    item.penilaian = penilaian_visible_or_404(user, item.penilaian_id)
    return item


@router.patch("/rencana-aksi/{item_id}", response={200: s.RencanaAksiOut, **ERR}, summary="Ubah rencana aksi")
def rencana_aksi_ubah(request, item_id: int, payload: s.RencanaAksiPatch):
    user = actor(request)
    item = _rencana_aksi_or_404(user, item_id)
    return pengisian.rencana_aksi_update(
        actor=user,
        rencana_aksi=item,
        teks=item.teks if payload.teks is None else payload.teks,
        target=item.target if payload.target is None else payload.target,
    )


@router.delete("/rencana-aksi/{item_id}", response={204: None, **ERR}, summary="Hapus rencana aksi")
def rencana_aksi_hapus(request, item_id: int):
    user = actor(request)
    pengisian.rencana_aksi_delete(actor=user, rencana_aksi=_rencana_aksi_or_404(user, item_id))
    return Status(204, None)


@router.post(
    "/{penilaian_id}/bukti-dukung", response={201: s.BuktiDukungOut, **ERR}, summary="Tambah bukti dukung"
)
def bukti_tambah(request, penilaian_id: int, payload: s.BuktiDukungIn):
    user = actor(request)
    p = penilaian_visible_or_404(user, penilaian_id)
    _require_fill(user, p)
    ind = (
        Indikator.objects.select_related("rhk").filter(pk=payload.indikator_id, rhk__skp_id=p.skp_id).first()
    )
    if ind is None:
        raise DomainError("Indikator tidak ditemukan pada SKP periode penilaian ini.", field="indikator_id")
    item = pengisian.bukti_create(
        actor=user, penilaian=p, indikator=ind, nama=payload.nama, link=payload.link
    )
    return Status(201, item)


def _bukti_or_404(user, pk: int) -> BuktiDukung:
    item = BuktiDukung.objects.select_related("indikator__rhk").filter(pk=pk).first()
    if item is None:
        raise Http404("Bukti dukung tidak ditemukan.")
    item.penilaian = penilaian_visible_or_404(user, item.penilaian_id)
    return item


@router.patch("/bukti-dukung/{item_id}", response={200: s.BuktiDukungOut, **ERR}, summary="Ubah bukti dukung")
def bukti_ubah(request, item_id: int, payload: s.BuktiDukungPatch):
    user = actor(request)
    item = _bukti_or_404(user, item_id)
    return pengisian.bukti_update(
        actor=user,
        bukti=item,
        nama=item.nama if payload.nama is None else payload.nama,
        link=item.link if payload.link is None else payload.link,
    )


@router.delete("/bukti-dukung/{item_id}", response={204: None, **ERR}, summary="Hapus bukti dukung")
def bukti_hapus(request, item_id: int):
    user = actor(request)
    pengisian.bukti_delete(actor=user, bukti=_bukti_or_404(user, item_id))
    return Status(204, None)


@router.put(
    "/{penilaian_id}/realisasi/{indikator_id}",
    response={200: s.RealisasiOut, **ERR_VERSI},
    summary="Isi realisasi",
)
def realisasi_isi(request, penilaian_id: int, indikator_id: int, payload: s.RealisasiIn):
    user = actor(request)
    p = penilaian_visible_or_404(user, penilaian_id)
    ind = _indikator_or_404(p, indikator_id)
    return pengisian.realisasi_set(
        actor=user, penilaian=p, indikator=ind, realisasi=payload.realisasi, sumber_data=payload.sumber_data,
        versi=payload.versi,
    )  # fmt: skip


# --- The assessor's side ------------------------------------------------------------------------------------------


@router.put(
    "/{penilaian_id}/feedback-indikator/{indikator_id}",
    response={200: s.FeedbackIndikatorOut, **ERR},
    summary="Feedback pejabat penilai atas indikator",
)
def feedback_indikator(request, penilaian_id: int, indikator_id: int, payload: s.FeedbackIn):
    user = actor(request)
    p = penilaian_visible_or_404(user, penilaian_id)
    ind = _indikator_or_404(p, indikator_id)
    return evaluasi.feedback_indikator_simpan(
        actor=user, penilaian=p, indikator=ind, jempol=payload.jempol, teks=payload.teks
    )


@router.delete(
    "/{penilaian_id}/feedback-indikator/{indikator_id}",
    response={204: None, **ERR},
    summary="Hapus feedback atas indikator",
)
def feedback_indikator_hapus(request, penilaian_id: int, indikator_id: int):
    user = actor(request)
    p = penilaian_visible_or_404(user, penilaian_id)
    fb = FeedbackIndikator.objects.filter(penilaian=p, indikator_id=indikator_id).first()
    if fb is None:
        raise Http404("Feedback tidak ditemukan.")
    fb.penilaian = p
    evaluasi.feedback_indikator_hapus(actor=user, feedback=fb)
    return Status(204, None)


def _nilai_or_404(nilai: int) -> int:
    if not 1 <= nilai <= len(skp_rules.BERAKHLAK):
        raise Http404("Perilaku kerja tidak ditemukan.")
    return nilai


@router.put(
    "/{penilaian_id}/feedback-perilaku/{nilai}",
    response={200: s.FeedbackPerilakuOut, **ERR},
    summary="Feedback pejabat penilai atas perilaku kerja (BerAKHLAK 1–7)",
)
def feedback_perilaku(request, penilaian_id: int, nilai: int, payload: s.FeedbackIn):
    user = actor(request)
    p = penilaian_visible_or_404(user, penilaian_id)
    return evaluasi.feedback_perilaku_simpan(
        actor=user, penilaian=p, nilai=_nilai_or_404(nilai), jempol=payload.jempol, teks=payload.teks
    )


@router.delete(
    "/{penilaian_id}/feedback-perilaku/{nilai}",
    response={204: None, **ERR},
    summary="Hapus feedback atas perilaku kerja",
)
def feedback_perilaku_hapus(request, penilaian_id: int, nilai: int):
    user = actor(request)
    p = penilaian_visible_or_404(user, penilaian_id)
    fb = FeedbackPerilaku.objects.filter(penilaian=p, nilai=_nilai_or_404(nilai)).first()
    if fb is None:
        raise Http404("Feedback tidak ditemukan.")
    fb.penilaian = p
    evaluasi.feedback_perilaku_hapus(actor=user, feedback=fb)
    return Status(204, None)


@router.put(
    "/{penilaian_id}/rating",
    response={200: s.PenilaianOut, **ERR_VERSI},
    summary="Ubah rating hasil kerja / perilaku kerja (predikat mengikuti)",
)
def rating_ubah(request, penilaian_id: int, payload: s.RatingIn):
    user = actor(request)
    p = penilaian_visible_or_404(user, penilaian_id)
    p = evaluasi.rating_ubah(
        actor=user, penilaian=p, aspek=ASPEK[payload.aspek], rating=payload.rating, versi=payload.versi
    )
    return p


@router.post(
    "/{penilaian_id}/pembinaan", response={201: s.PembinaanOut, **ERR}, summary="Tambah catatan pembinaan"
)
def pembinaan_tambah(request, penilaian_id: int, payload: s.PembinaanIn):
    user = actor(request)
    p = penilaian_visible_or_404(user, penilaian_id)
    catatan = evaluasi.pembinaan_tambah(actor=user, penilaian=p, teks=payload.teks)
    return Status(201, catatan)


@router.post(
    "/{penilaian_id}/muat-ulang-penilai",
    response={200: s.PenilaianOut, **ERR},
    summary="Muat ulang pejabat penilai dari SKP",
)
def muat_ulang_penilai(request, penilaian_id: int):
    user = actor(request)
    p = penilaian_visible_or_404(user, penilaian_id)
    return penilaian_services.penilaian_muat_ulang_penilai(actor=user, penilaian=p)
