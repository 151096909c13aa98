-- Generated from mesh/policy.ts by mesh/src/generate.ts (Postgres roles, databases and grants). Do not edit: run `npm run generate`.
-- The launcher runs this as the superuser at every start; psql -f runs it too. `\connect` switches database,
-- `\gexec` runs the statement its query returns. No passwords here: the launcher then sets each role's
-- from state/secrets/credentials.json. Grants are revoked and granted again in one transaction, so what is
-- no longer listed disappears and nothing is briefly missing.

\connect postgres

-- Roles log in and nothing more: per service a migration role that owns its schema and a runtime role.
DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'auth_migrator') THEN CREATE ROLE "auth_migrator"; END IF; END$$;
ALTER ROLE "auth_migrator" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'auth_app') THEN CREATE ROLE "auth_app"; END IF; END$$;
ALTER ROLE "auth_app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'message_migrator') THEN CREATE ROLE "message_migrator"; END IF; END$$;
ALTER ROLE "message_migrator" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'message_app') THEN CREATE ROLE "message_app"; END IF; END$$;
ALTER ROLE "message_app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'notification_migrator') THEN CREATE ROLE "notification_migrator"; END IF; END$$;
ALTER ROLE "notification_migrator" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'notification_app') THEN CREATE ROLE "notification_app"; END IF; END$$;
ALTER ROLE "notification_app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'media_migrator') THEN CREATE ROLE "media_migrator"; END IF; END$$;
ALTER ROLE "media_migrator" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'media_app') THEN CREATE ROLE "media_app"; END IF; END$$;
ALTER ROLE "media_app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;

-- Database auth: only auth_migrator (its owner) and auth_app may connect.
SELECT 'CREATE DATABASE "auth" OWNER "auth_migrator"' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'auth')\gexec
BEGIN;
REVOKE ALL ON DATABASE "auth" FROM PUBLIC, "auth_app", "message_migrator", "message_app", "notification_migrator", "notification_app", "media_migrator", "media_app";
GRANT CONNECT, TEMPORARY ON DATABASE "auth" TO "auth_app";
GRANT ALL ON DATABASE "auth" TO "auth_migrator";
ALTER ROLE "auth_app" IN DATABASE "auth" SET search_path = "auth";
ALTER ROLE "auth_migrator" IN DATABASE "auth" SET search_path = "auth";
COMMIT;

-- Database message: only message_migrator (its owner) and message_app may connect.
SELECT 'CREATE DATABASE "message" OWNER "message_migrator"' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'message')\gexec
BEGIN;
REVOKE ALL ON DATABASE "message" FROM PUBLIC, "auth_migrator", "auth_app", "message_app", "notification_migrator", "notification_app", "media_migrator", "media_app";
GRANT CONNECT, TEMPORARY ON DATABASE "message" TO "message_app";
GRANT ALL ON DATABASE "message" TO "message_migrator";
ALTER ROLE "message_app" IN DATABASE "message" SET search_path = "message";
ALTER ROLE "message_migrator" IN DATABASE "message" SET search_path = "message";
COMMIT;

-- Database notification: only notification_migrator (its owner) and notification_app may connect.
SELECT 'CREATE DATABASE "notification" OWNER "notification_migrator"' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'notification')\gexec
BEGIN;
REVOKE ALL ON DATABASE "notification" FROM PUBLIC, "auth_migrator", "auth_app", "message_migrator", "message_app", "notification_app", "media_migrator", "media_app";
GRANT CONNECT, TEMPORARY ON DATABASE "notification" TO "notification_app";
GRANT ALL ON DATABASE "notification" TO "notification_migrator";
ALTER ROLE "notification_app" IN DATABASE "notification" SET search_path = "notification";
ALTER ROLE "notification_migrator" IN DATABASE "notification" SET search_path = "notification";
COMMIT;

-- Database media: only media_migrator (its owner) and media_app may connect.
SELECT 'CREATE DATABASE "media" OWNER "media_migrator"' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'media')\gexec
BEGIN;
REVOKE ALL ON DATABASE "media" FROM PUBLIC, "auth_migrator", "auth_app", "message_migrator", "message_app", "notification_migrator", "notification_app", "media_app";
GRANT CONNECT, TEMPORARY ON DATABASE "media" TO "media_app";
GRANT ALL ON DATABASE "media" TO "media_migrator";
ALTER ROLE "media_app" IN DATABASE "media" SET search_path = "media";
ALTER ROLE "media_migrator" IN DATABASE "media" SET search_path = "media";
COMMIT;

\connect auth
-- Schema auth: auth_app may use it, never create in it; tables: SELECT, INSERT, UPDATE, DELETE; sequences: USAGE, SELECT.
BEGIN;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA IF NOT EXISTS "auth" AUTHORIZATION "auth_migrator";
REVOKE ALL ON SCHEMA "auth" FROM PUBLIC, "auth_app";
GRANT USAGE ON SCHEMA "auth" TO "auth_app";
REVOKE ALL ON ALL TABLES IN SCHEMA "auth" FROM "auth_app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "auth" TO "auth_app";
REVOKE ALL ON ALL SEQUENCES IN SCHEMA "auth" FROM "auth_app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "auth" TO "auth_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "auth_migrator" IN SCHEMA "auth" REVOKE ALL ON TABLES FROM "auth_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "auth_migrator" IN SCHEMA "auth" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "auth_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "auth_migrator" IN SCHEMA "auth" REVOKE ALL ON SEQUENCES FROM "auth_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "auth_migrator" IN SCHEMA "auth" GRANT USAGE, SELECT ON SEQUENCES TO "auth_app";
COMMIT;

\connect message
-- Schema message: message_app may use it, never create in it; tables: SELECT, INSERT, UPDATE, DELETE; sequences: USAGE, SELECT.
BEGIN;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA IF NOT EXISTS "message" AUTHORIZATION "message_migrator";
REVOKE ALL ON SCHEMA "message" FROM PUBLIC, "message_app";
GRANT USAGE ON SCHEMA "message" TO "message_app";
REVOKE ALL ON ALL TABLES IN SCHEMA "message" FROM "message_app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "message" TO "message_app";
REVOKE ALL ON ALL SEQUENCES IN SCHEMA "message" FROM "message_app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "message" TO "message_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "message_migrator" IN SCHEMA "message" REVOKE ALL ON TABLES FROM "message_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "message_migrator" IN SCHEMA "message" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "message_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "message_migrator" IN SCHEMA "message" REVOKE ALL ON SEQUENCES FROM "message_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "message_migrator" IN SCHEMA "message" GRANT USAGE, SELECT ON SEQUENCES TO "message_app";
COMMIT;

\connect notification
-- Schema notification: notification_app may use it, never create in it; tables: SELECT, INSERT, UPDATE, DELETE; sequences: USAGE, SELECT.
BEGIN;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA IF NOT EXISTS "notification" AUTHORIZATION "notification_migrator";
REVOKE ALL ON SCHEMA "notification" FROM PUBLIC, "notification_app";
GRANT USAGE ON SCHEMA "notification" TO "notification_app";
REVOKE ALL ON ALL TABLES IN SCHEMA "notification" FROM "notification_app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "notification" TO "notification_app";
REVOKE ALL ON ALL SEQUENCES IN SCHEMA "notification" FROM "notification_app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "notification" TO "notification_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "notification_migrator" IN SCHEMA "notification" REVOKE ALL ON TABLES FROM "notification_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "notification_migrator" IN SCHEMA "notification" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "notification_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "notification_migrator" IN SCHEMA "notification" REVOKE ALL ON SEQUENCES FROM "notification_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "notification_migrator" IN SCHEMA "notification" GRANT USAGE, SELECT ON SEQUENCES TO "notification_app";
COMMIT;

\connect media
-- Schema media: media_app may use it, never create in it; tables: SELECT, INSERT, UPDATE, DELETE; sequences: USAGE, SELECT.
BEGIN;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA IF NOT EXISTS "media" AUTHORIZATION "media_migrator";
REVOKE ALL ON SCHEMA "media" FROM PUBLIC, "media_app";
GRANT USAGE ON SCHEMA "media" TO "media_app";
REVOKE ALL ON ALL TABLES IN SCHEMA "media" FROM "media_app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "media" TO "media_app";
REVOKE ALL ON ALL SEQUENCES IN SCHEMA "media" FROM "media_app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "media" TO "media_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "media_migrator" IN SCHEMA "media" REVOKE ALL ON TABLES FROM "media_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "media_migrator" IN SCHEMA "media" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "media_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "media_migrator" IN SCHEMA "media" REVOKE ALL ON SEQUENCES FROM "media_app";
ALTER DEFAULT PRIVILEGES FOR ROLE "media_migrator" IN SCHEMA "media" GRANT USAGE, SELECT ON SEQUENCES TO "media_app";
COMMIT;
