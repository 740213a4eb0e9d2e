from django.apps import AppConfig


class RendicontazioneConfig(AppConfig):
    name = "rendicontazione"
    verbose_name = "Debiti informativi e report"
