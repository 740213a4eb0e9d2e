"""State changes of the Piano di Zona: one atomic function per operation, keyword-only, with the actor.

Rules enforced here, whatever the entry point (page, API, demo, shell):

* the plan's states follow ``TRANSIZIONI`` (bozza → in consultazione → approvato dall'Assemblea → Accordo di
  Programma sottoscritto → vigente ⇄ in aggiornamento → chiuso); approval needs the Assemblea's act, the
  signature needs the Accordo (an act of type Accordo di programma) signed by every signatory;
* an extension or renewal of the Accordo moves its end date forward, with its act;
* objectives and projects are in at least one macro-area of the plan's triennio;
* an indicator is computed only from a registered indicator (``ambito.indicatori``);
* a closed monitoring period is frozen: values and objective statuses cannot change until the responsabile
  reopens it, with a reason (audited).
"""

from ambito.errors import Conflitto, RegolaViolata
from piani.services._comune import PERMESSO_PARTNER, TRANSIZIONI
from piani.services.coprogettazione import (
    TRANSIZIONI_PROCEDURA,
    coprogettazione_create,
    coprogettazione_quota_create,
    coprogettazione_transition,
    ente_candidatura_set,
    scadenza_rendicontazione_create,
    scadenza_rendicontazione_mark_done,
)
from piani.services.monitoraggio import (
    CAMPI_INDICATORE,
    indicatore_create,
    indicatore_update,
    periodo_close,
    periodo_create,
    periodo_reopen,
    valore_compute,
    valore_set,
    valutazione_set,
)
from piani.services.piano import (
    CAMPI_OBIETTIVO,
    accordo_set,
    evento_create,
    macroarea_create,
    macroarea_update,
    macroaree_seed,
    obiettivo_create,
    obiettivo_link,
    obiettivo_unlink,
    obiettivo_update,
    piano_create,
    piano_transition,
    piano_update,
    sottoscrittore_add,
    sottoscrittore_sign,
    sottoscrittori_seed,
)
from piani.services.profilo import (
    dato_comunita_delete,
    dato_comunita_set,
)
from piani.services.progetti import (
    CAMPI_PROGETTO,
    LIMITI_PROGETTO,
    azione_create,
    budget_set,
    progetto_create,
    progetto_partner_grant,
    progetto_partner_revoke,
    progetto_quota_create,
    progetto_sovrazonale_set,
    progetto_update,
    sovrazonale_create,
    sovrazonale_update,
)

__all__ = [
    "CAMPI_INDICATORE",
    "CAMPI_OBIETTIVO",
    "CAMPI_PROGETTO",
    "LIMITI_PROGETTO",
    "PERMESSO_PARTNER",
    "TRANSIZIONI",
    "TRANSIZIONI_PROCEDURA",
    "Conflitto",
    "RegolaViolata",
    "accordo_set",
    "azione_create",
    "budget_set",
    "coprogettazione_create",
    "coprogettazione_quota_create",
    "coprogettazione_transition",
    "dato_comunita_delete",
    "dato_comunita_set",
    "ente_candidatura_set",
    "evento_create",
    "indicatore_create",
    "indicatore_update",
    "macroarea_create",
    "macroarea_update",
    "macroaree_seed",
    "obiettivo_create",
    "obiettivo_link",
    "obiettivo_unlink",
    "obiettivo_update",
    "periodo_close",
    "periodo_create",
    "periodo_reopen",
    "piano_create",
    "piano_transition",
    "piano_update",
    "progetto_create",
    "progetto_partner_grant",
    "progetto_partner_revoke",
    "progetto_quota_create",
    "progetto_sovrazonale_set",
    "progetto_update",
    "scadenza_rendicontazione_create",
    "scadenza_rendicontazione_mark_done",
    "sottoscrittore_add",
    "sottoscrittore_sign",
    "sottoscrittori_seed",
    "sovrazonale_create",
    "sovrazonale_update",
    "valore_compute",
    "valore_set",
    "valutazione_set",
]
