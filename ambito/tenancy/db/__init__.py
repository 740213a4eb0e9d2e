"""The PostgreSQL backend of Ambito: Django's, running as the application role with the scope in the session.

See :mod:`ambito.tenancy.rls` for the roles, the session settings and the policies.
"""
