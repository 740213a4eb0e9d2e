"""Pages of the register, under /a/<ambito_slug>/udos/: fetch with a selector (limited to the gestore's own ente
for a referente of an ente gestore: ``selectors.ente_visibile``), change with a service through the kit's form
flow, render. One module per subject; ``udos/urls.py`` reads them from here."""

from udos.views.cpe import (  # noqa: F401
    cpe_avvio,
    cpe_checklist,
    cpe_detail,
    cpe_list,
    cpe_passo,
    cpe_variazione,
    cpe_wizard,
)
from udos.views.fsr import (  # noqa: F401
    avviso_fsr_create,
    consuntivo_create,
    consuntivo_list,
    contributo_assign,
    criterio_fsr_set,
)
from udos.views.offerta import (  # noqa: F401
    accreditamento_create,
    accreditamento_detail,
    accreditamento_list,
    accreditamento_stato,
    bando_create,
    contratto_create,
    visita_create,
    visita_list,
    visita_ottemperanza,
)
from udos.views.registro import (  # noqa: F401
    comunicazione_create,
    tipologia_list,
    unita_detail,
    unita_edit,
    unita_list,
    unita_senza_cpe,
    widget_dashboard,
)
