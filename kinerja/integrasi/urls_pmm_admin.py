"""URLs of Manajemen User PMM and Log Sinkronisasi (admin). Names are global (no namespace)."""

from django.urls import path

from .views import pmm_admin

urlpatterns = [
    path("admin/pmm/pengguna/", pmm_admin.pengguna_list, name="pmm_pengguna_list"),
    path("admin/pmm/pengguna/tambah/", pmm_admin.pengguna_tambah, name="pmm_pengguna_tambah"),
    path("admin/pmm/pengguna/excel/", pmm_admin.pengguna_excel, name="pmm_pengguna_excel"),
    path("admin/pmm/pengguna/<int:pk>/hapus/", pmm_admin.pengguna_hapus, name="pmm_pengguna_hapus"),
    path("admin/sinkron/log/", pmm_admin.log_list, name="sinkron_log"),
    path("admin/sinkron/log/excel/", pmm_admin.log_excel, name="sinkron_log_excel"),
    path("admin/sinkron/log/<int:pk>/sinkro/", pmm_admin.log_retry, name="sinkron_log_retry"),
    path("admin/sinkron/log/sinkro-semua/", pmm_admin.log_retry_all, name="sinkron_log_retry_all"),
]
