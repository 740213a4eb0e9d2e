"""Registrations of the beneficiari part with the core (menu, widgets, notifications, deadlines, sensitive fields…).

Sensitive fields need no registration: AttestazioneISEE and Certificazione declare ``campi_sensibili`` on the
model (found by ``ambito.audit.sensibili.modelli_sensibili``)."""

from django.utils.translation import gettext_lazy as _


def registra() -> None:
    """Called once from MisureConfig.ready()."""
    from ambito.ui.navigation import registra_voce

    registra_voce(_("Beneficiari"), "misure:beneficiario_list", "misure.beneficiari.vedi", ordine=52, icona="it-user")
