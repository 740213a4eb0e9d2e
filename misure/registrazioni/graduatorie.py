"""Registrations of the graduatorie part with the core: the two-person approval of the definitive graduatoria."""

from django.utils.translation import gettext_lazy as _


def registra() -> None:
    """Called once from MisureConfig.ready()."""
    from ambito.approvazioni.registry import registra_tipo_approvazione
    from ambito.formato import euro
    from misure import graduatorie_pubblico
    from misure.services.graduatorie import APPROVA, TIPO_APPROVAZIONE, esegui_definitiva

    graduatorie_pubblico.registra()

    registra_tipo_approvazione(
        TIPO_APPROVAZIONE, etichetta=_("Graduatoria definitiva"), capacita=APPROVA, modello="misure.graduatoria",
        esegui=esegui_definitiva,
        dettagli=lambda richiesta: [(_("Totale finanziato"), euro(richiesta.parametri.get("finanziato", "0"))),
                                    (_("Hash di verifica"), richiesta.parametri.get("hash", ""))])
