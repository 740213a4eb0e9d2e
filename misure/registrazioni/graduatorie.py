"""Registrations of the graduatorie part with the core: the two-person approval of the definitive graduatoria,
the public pages, the monthly drafts of rolling bandi (beat task and its notification)."""

from django.utils.translation import gettext_lazy as _


def registra() -> None:
    """Called once from MisureConfig.ready()."""
    from ambito.approvazioni.registry import registra_tipo_approvazione
    from ambito.formato import euro
    from ambito.notifiche.registry import registra_tipo_notifica
    from misure import graduatorie_mensili, graduatorie_pubblico  # graduatorie_mensili registers the beat task
    from misure.services.graduatorie import APPROVA, TIPO_APPROVAZIONE, esegui_definitiva

    graduatorie_pubblico.registra()
    registra_tipo_notifica(graduatorie_mensili.TIPO_NOTIFICA, _("Graduatorie mensili dei bandi a finestre"),
                           descrizione=_("Bozze delle graduatorie dei bandi a finestre e a sportello ricalcolate "
                                         "dopo la chiusura del mese."), email_predefinita=False)

    registra_tipo_approvazione(
        TIPO_APPROVAZIONE, etichetta=_("Graduatoria definitiva"), capacita=APPROVA, modello="misure.graduatoria",
        esegui=esegui_definitiva,
        dettagli=lambda richiesta: [(_("Totale finanziato"), euro(richiesta.parametri.get("finanziato", "0"))),
                                    (_("Hash di verifica"), richiesta.parametri.get("hash", ""))])
