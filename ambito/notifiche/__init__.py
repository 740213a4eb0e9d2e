"""Notifications: in-app (the bell, the list) and e-mail (a Celery task), per kind and per user's choice.

Modules register their kinds from ``AppConfig.ready()`` with :func:`ambito.notifiche.registry.registra_tipo_notifica`
and send with :func:`ambito.notifiche.services.notifica_create` (to users, or to every holder of a capability in the
Ambito, optionally of one comune).
"""
