from django.apps import AppConfig


class IntegrasiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kinerja.integrasi"
    label = "integrasi"
    verbose_name = "Integrasi SIASN dan PMM"
