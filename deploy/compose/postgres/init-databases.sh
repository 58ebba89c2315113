#!/bin/sh
# Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d).
# Creates one login role and one database per service; each role owns its database and
# nobody else may connect to it. Passwords come from the environment (deploy/compose.env).
set -eu

for service in auth catalog booking waitlist notify; do
    password_var="$(echo "$service" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
    password="$(printenv "$password_var" || true)"
    if [ -z "$password" ]; then
        echo "init-databases: $password_var is empty" >&2
        exit 1
    fi
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
        -v role="rr_$service" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"role" TO :"role";
SQL
done

# Booking's exclusion constraint needs btree_gist; create it as superuser up front.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname rr_booking \
    -c 'CREATE EXTENSION IF NOT EXISTS btree_gist;'
