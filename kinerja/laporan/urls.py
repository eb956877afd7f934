"""URLs of the laporan app (Angka Kredit, Keluaran Kinerja)."""

from django.urls import path

from . import views, views_cetak

app_name = "laporan"

urlpatterns = [
    path("angka-kredit/", views.angka_kredit, name="angka_kredit"),
    path("angka-kredit/<str:nip>/", views.angka_kredit_pegawai, name="angka_kredit_pegawai"),
    path("admin/keluaran/", views.keluaran_admin, name="keluaran_admin"),
    path("admin/keluaran/unduh/", views.keluaran_admin_excel, name="keluaran_admin_excel"),
    path("admin/keluaran/pengaturan/", views.pengaturan_keluaran, name="pengaturan_keluaran"),
    *views_cetak.urlpatterns,
]
