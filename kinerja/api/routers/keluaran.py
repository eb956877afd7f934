"""Keluaran: per NIP per year the final predikat, both ratings, the nilai for TPP, the Indeks Profesionalitas
kinerja component, the talent axis code and, for JF, the angka kredit (RULES.md §3). The same selectors as the
Angka Kredit and Keluaran Kinerja pages (kinerja/laporan/selectors.py)."""

from ninja import Path, Router
from ninja.pagination import paginate

from kinerja.laporan import selectors

from ..auth import actor
from ..errors import ErrorOut
from ..schemas import DenganSetelah, Halaman, Teks
from ..schemas import keluaran as s

router = Router(tags=["Keluaran"])

ERR = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
Tahun = Path(..., ge=2000, le=2100, description="Tahun penilaian")


@router.get("/{tahun}", response={200: list[s.KeluaranOut], **ERR}, summary="Keluaran kinerja instansi")
@paginate(Halaman)
def keluaran_list(request, tahun: int = Tahun, q: Teks(150) | None = None):
    """Every employee with a rated final assessment in the year on an SKP of the caller's instansi (admin or API
    key of the instansi; the admin nasional: every instansi). `q`: NIP prefix or part of the name."""
    user = actor(request)
    daftar = selectors.daftar_keluaran(user=user, tahun=tahun, q=q or "")
    return DenganSetelah(daftar, lambda page: [s.keluaran_out(k) for k in page])


@router.get("/{tahun}/{nip}", response={200: s.KeluaranOut, **ERR}, summary="Keluaran kinerja satu pegawai")
def keluaran_detail(request, nip: str, tahun: int = Tahun):
    """One employee's year (also when there is no final predikat yet: `predikat` is empty). The employee, their
    pejabat penilai and atasan pejabat penilai, the admin of their instansi, the admin nasional; others 404."""
    user = actor(request)
    return s.keluaran_out(selectors.keluaran_pegawai(user, nip, tahun))
