from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kinerja.api"
    label = "api"
    verbose_name = "API publik"
