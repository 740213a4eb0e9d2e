"""Registrations of the beneficiari part with the core (menu, widgets, notifications, deadlines, sensitive fields…).

Sensitive fields need no registration: AttestazioneISEE and Certificazione declare ``campi_sensibili`` on the
model (found by ``ambito.audit.sensibili.modelli_sensibili``)."""

from django.utils.translation import gettext_lazy as _


def registra() -> None:
    """Called once from MisureConfig.ready()."""
    from ambito.notifiche.registry import registra_tipo_notifica
    from ambito.ui.navigation import registra_voce, registra_widget
    from misure.services.beneficiari import TIPO_NOTIFICA_DUPLICATO
    from misure.views.beneficiari import widget_tentativi

    registra_voce(_("Beneficiari"), "misure:beneficiario_list", "misure.beneficiari.vedi", ordine=52, icona="it-user")
    registra_tipo_notifica(TIPO_NOTIFICA_DUPLICATO, _("Tentativi di registrazione duplicata di beneficiari"),
                           descrizione=_("Un operatore di un comune ha provato a registrare un codice fiscale già "
                                         "registrato da un altro comune."))
    # The office's home shows the attempts still to handle.
    registra_widget("misure/beneficiari/widget_tentativi.html", "misure.beneficiari.ufficio", ordine=52,
                    contesto=widget_tentativi)
