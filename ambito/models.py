"""Core models of the platform. Domain apps keep their own models in their own packages."""

from ambito.accounts.models import Invito, Membro, Ruolo, Utente
from ambito.allegati.models import Allegato, ScaricamentoAllegato, VersioneAllegato
from ambito.approvazioni.models import RichiestaApprovazione, StatoRichiesta
from ambito.atti.models import Atto, AttoCollegamento, TipoAtto
from ambito.audit.models import AccessoDatiSensibili
from ambito.importazioni.models import Importazione, StatoImportazione
from ambito.jobs.models import Job, StatoJob
from ambito.notifiche.models import Notifica, PreferenzaNotifica, StatoEmail
from ambito.organi.models import (
    Componente,
    EsitoVotazione,
    OrganoCollegiale,
    Presenza,
    PuntoOdG,
    Seduta,
    TipoOrgano,
    ValoreVoto,
    Voto,
)
from ambito.pubblico.models import PaginaIstituzionale, TipoPaginaIstituzionale
from ambito.scadenze.models import PromemoriaScadenza
from ambito.tenancy.models import Ambito, RegolaVoto, TipoISEE
from ambito.territorio.models import AppartenenzaComune, Comune, Ente, SubAmbito, TipoEnte

__all__ = [
    "AccessoDatiSensibili",
    "Allegato",
    "Ambito",
    "AppartenenzaComune",
    "Atto",
    "AttoCollegamento",
    "Componente",
    "Comune",
    "Ente",
    "EsitoVotazione",
    "Importazione",
    "Invito",
    "Job",
    "Membro",
    "Notifica",
    "OrganoCollegiale",
    "PaginaIstituzionale",
    "PreferenzaNotifica",
    "Presenza",
    "PromemoriaScadenza",
    "PuntoOdG",
    "RegolaVoto",
    "RichiestaApprovazione",
    "Ruolo",
    "ScaricamentoAllegato",
    "Seduta",
    "StatoEmail",
    "StatoImportazione",
    "StatoJob",
    "StatoRichiesta",
    "SubAmbito",
    "TipoAtto",
    "TipoEnte",
    "TipoISEE",
    "TipoOrgano",
    "TipoPaginaIstituzionale",
    "Utente",
    "ValoreVoto",
    "VersioneAllegato",
    "Voto",
]
