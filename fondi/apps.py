from django.apps import AppConfig


class FondiConfig(AppConfig):
    name = "fondi"
    verbose_name = "Fondi"
