from django.apps import AppConfig


class PianiConfig(AppConfig):
    name = "piani"
    verbose_name = "Piano di Zona"
