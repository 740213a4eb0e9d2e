-- Run by the PostgreSQL image when its volume is first created (docker-compose.yml mounts it in
-- /docker-entrypoint-initdb.d/). The application role of row-level security: not a superuser, owns nothing;
-- the web server and the workers switch to it after connecting (README, "Tenancy in the database").
-- `manage.py migrate` creates it as well when it is missing and grants it the tables.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ambito_app') THEN
        CREATE ROLE ambito_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
END
$$;
