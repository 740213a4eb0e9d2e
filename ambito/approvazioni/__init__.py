"""Two-person approval (ASVS V4.3.3, segregation of duties) for an operation on any object of any module.

A module registers a kind (:func:`ambito.approvazioni.registry.registra_tipo_approvazione`): which
capability approves it and what happens on approval (a callback run in the approval's transaction). One
user prepares a request (:func:`ambito.approvazioni.services.richiesta_create`); a *different* user who
holds the capability and has verified the second factor in this session approves or refuses it, with a
reason on refusal. The rule "never one's own request" is a service rule and a database check constraint;
every step is in the audit history of the request.
"""
