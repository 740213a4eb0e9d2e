"""The public area of each Ambito, outside the login: ``/p/<slug>/…``.

Read-only pages for what the law or the office publishes. Each feature or module registers its public
pages (:func:`ambito.pubblico.registry.registra_pagina_pubblica`); this package gives them the entry point
(:func:`ambito.pubblico.vista.vista_pubblica`: the Ambito from the URL, its scope, ``noindex``), the
public page shell (``templates/pubblico/base.html``), the public home listing the registered sections, and
the two pages every Ambito must publish: the informativa privacy and the dichiarazione di accessibilità.
"""
