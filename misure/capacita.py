"""The capabilities of the misure module, registered once from apps.py (every part uses these names)."""

from django.utils.translation import gettext_lazy as _


def registra_capacita() -> None:
    from ambito.accounts.models import Ruolo
    from ambito.accounts.permissions import STAFF, registra

    registra("misure.vedi", *STAFF, Ruolo.ASSISTENTE_SOCIALE, Ruolo.ASSEMBLEA,
             descrizione=_("Vedere misure e bandi pubblicati"))
    registra("misure.bandi.gestisci", *STAFF,
             descrizione=_("Creare e modificare misure, edizioni, bandi e le loro regole; pubblicare i bandi"))
    registra("misure.beneficiari.vedi", *STAFF, Ruolo.ASSISTENTE_SOCIALE,
             descrizione=_("Vedere i beneficiari (l'assistente sociale solo dei propri comuni)"))
    registra("misure.beneficiari.gestisci", *STAFF, Ruolo.ASSISTENTE_SOCIALE,
             descrizione=_("Registrare e correggere i beneficiari dei propri comuni"))
    registra("misure.beneficiari.ufficio", *STAFF,
             descrizione=_("Trasferire i beneficiari tra comuni e gestire i tentativi di registrazione duplicata"))
    registra("misure.sensibili.vedi", *STAFF, Ruolo.ASSISTENTE_SOCIALE,
             descrizione=_("Vedere ISEE, certificazioni e valutazioni (ogni lettura è registrata)"))
    registra("misure.domande.vedi", *STAFF, Ruolo.ASSISTENTE_SOCIALE,
             descrizione=_("Vedere le domande (l'assistente sociale solo dei propri comuni)"))
    registra("misure.domande.presenta", *STAFF, Ruolo.ASSISTENTE_SOCIALE,
             descrizione=_("Compilare, presentare e integrare le domande"))
    registra("misure.domande.istruisci", *STAFF,
             descrizione=_("Istruire le domande: integrazioni, valutazioni, esito di ammissibilità"))
    registra("misure.domande.importa", *STAFF,
             descrizione=_("Importare domande da foglio di calcolo"))
    registra("misure.erogazioni.vedi", *STAFF, Ruolo.ASSISTENTE_SOCIALE,
             descrizione=_("Vedere piani di erogazione, pagamenti ed eventi (l'assistente sociale solo dei propri "
                           "comuni)"))
    registra("misure.erogazioni.gestisci", *STAFF,
             descrizione=_("Creare i piani di erogazione, preparare le distinte mensili, registrare eventi e "
                           "recuperi"))
    registra("misure.erogazioni.approva", Ruolo.RESPONSABILE,
             descrizione=_("Confermare le distinte di liquidazione (seconda persona, con secondo fattore)"))
