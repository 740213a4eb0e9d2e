"""State changes of the register, one atomic function per operation (keyword-only, with the acting user).

Split by subject: ``unita`` (register and notices), ``presentazione`` (filing a CPE), ``cpe`` (the procedure
and its checklist), ``vigilanza``
(ATS visits), ``accreditamento`` (calls, accreditation, contracts), ``fsr`` (Fondo Sociale Regionale). Callers
import this package: ``from udos import services; services.cpe_avvio_create(…)``.
"""

from udos.services.accreditamento import (  # noqa: F401
    accreditamento_create,
    accreditamento_transition,
    bando_create,
    contratto_create,
)
from udos.services.catalogo import tipologie_seed  # noqa: F401
from udos.services.cpe import (  # noqa: F401
    TRANSIZIONI_CPE,
    checklist_update,
    cpe_esito_record,
    cpe_integrazioni_receive,
    cpe_integrazioni_request,
    cpe_prescrizioni_close,
    cpe_verifica_start,
    cpe_vigilanza_request,
)
from udos.services.fsr import (  # noqa: F401
    avviso_fsr_create,
    consuntivo_create,
    contributo_assign,
    contributo_liquidate,
    criterio_fsr_set,
)
from udos.services.presentazione import cpe_avvio_create, cpe_variazione_create, serve_cpe  # noqa: F401
from udos.services.unita import (  # noqa: F401
    comunicazione_create,
    servizio_create,
    unita_close,
    unita_sperimentale_create,
    unita_update,
)
from udos.services.vigilanza import visita_create, visita_ottemperanza_record  # noqa: F401
