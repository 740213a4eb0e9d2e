"""Core models of the platform. Domain apps keep their own models in their own packages."""

from ambito.accounts.models import Invito, Membro, Ruolo, Utente
from ambito.allegati.models import Allegato, ScaricamentoAllegato, VersioneAllegato
from ambito.atti.models import Atto, AttoCollegamento, TipoAtto
from ambito.audit.models import AccessoDatiSensibili
from ambito.jobs.models import Job, StatoJob
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
    "Invito",
    "Job",
    "Membro",
    "OrganoCollegiale",
    "Presenza",
    "PuntoOdG",
    "RegolaVoto",
    "Ruolo",
    "ScaricamentoAllegato",
    "Seduta",
    "StatoJob",
    "SubAmbito",
    "TipoAtto",
    "TipoEnte",
    "TipoISEE",
    "TipoOrgano",
    "Utente",
    "ValoreVoto",
    "VersioneAllegato",
    "Voto",
]
