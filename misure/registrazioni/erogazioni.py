"""Registrations of the erogazioni part with the core: the approval kind of the monthly run, the notification kind,
the monthly-run job kind."""

from django.utils.translation import gettext_lazy as _


def registra() -> None:
    """Called once from MisureConfig.ready()."""
    from ambito.approvazioni.registry import registra_tipo_approvazione
    from ambito.formato import euro
    from ambito.notifiche.registry import registra_tipo_notifica
    from misure import erogazioni_jobs  # noqa: F401  (registers the job kind)
    from misure.services import erogazioni as services

    registra_tipo_approvazione(
        services.TIPO_APPROVAZIONE, etichetta=_("Distinta di liquidazione (erogazioni)"), capacita=services.APPROVA,
        modello="misure.distinta", esegui=services.esegui_approvazione,
        dettagli=lambda r: [(str(_("Totale")), euro(r.parametri.get("totale"))),
                            (str(_("Righe da pagare")), str(r.parametri.get("righe"))),
                            (str(_("Mese")), str(r.parametri.get("mese")))])
    registra_tipo_notifica(services.TIPO_NOTIFICA, _("Erogazioni delle misure"),
                           descrizione=_("Distinte di pagamento confermate, sospensioni e cessazioni dei benefici "
                                         "delle domande che segui."))
