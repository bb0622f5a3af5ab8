"""Who may do what in a register on PostgreSQL: four roles, and the SQL that makes them.

The database enforces it, whatever program a user connects with (``psql`` included):

* ``escalatie_read`` reads cases (pseudonymous events) and the audit log, and adds to the
  audit log (every read is audited);
* ``escalatie_reveal`` is ``escalatie_read`` plus the identity table (names, BSNs): the only
  role that may read it;
* ``escalatie_write`` is ``escalatie_reveal`` plus writing cases: what a user types is scrubbed
  of the case's identifiers before it is stored, which needs the identities;
* ``escalatie_admin`` owns the tables: migrations, these grants, backups. Only the owner may
  change or delete an audit entry or an event; every other role may only add them.

Login users are made members of one of these (``GRANT escalatie_read TO a_jansen``).
``escalatie register init-roles`` prints this SQL, or applies it with ``--apply``.
"""

from __future__ import annotations

READ_ROLE = "escalatie_read"
REVEAL_ROLE = "escalatie_reveal"
WRITE_ROLE = "escalatie_write"
ADMIN_ROLE = "escalatie_admin"
ROLES = (READ_ROLE, REVEAL_ROLE, WRITE_ROLE, ADMIN_ROLE)

GRANTS: dict[str, dict[str, str]] = {
    "schema_version": {READ_ROLE: "SELECT"},
    "events": {READ_ROLE: "SELECT", WRITE_ROLE: "INSERT"},
    "identities": {REVEAL_ROLE: "SELECT", WRITE_ROLE: "INSERT"},
    "audit": {READ_ROLE: "SELECT, INSERT"},
    "audit_chain": {READ_ROLE: "SELECT"},
    "records": {READ_ROLE: "SELECT", WRITE_ROLE: "INSERT"},
    "calendar_messages": {READ_ROLE: "SELECT", WRITE_ROLE: "INSERT"},
    "zgw_remote": {READ_ROLE: "SELECT", WRITE_ROLE: "INSERT, UPDATE, DELETE"},
}
"""Per table, the privileges of each role besides the owner (roles inherit down the chain
read → reveal → write). A table missing here is the owner's alone."""

FUNCTIONS = ("escalatie_append_only()", "escalatie_server_stamp()")


def create_roles_sql() -> str:
    """The roles, made where missing, and how they include each other."""
    creates = "\n".join(
        f"  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
        f"CREATE ROLE {role} NOLOGIN; END IF;"
        for role in ROLES
    )
    return (
        f"DO $$\nBEGIN\n{creates}\nEND\n$$;\n"
        f"GRANT {READ_ROLE} TO {REVEAL_ROLE};\n"
        f"GRANT {REVEAL_ROLE} TO {WRITE_ROLE};\n"
        f"GRANT {ADMIN_ROLE} TO CURRENT_USER;\n"
    )


def grants_sql(tables: list[str] | None = None, schema: str = "public") -> str:
    """Ownership and privileges of the register's tables (those present, or all known)."""
    lines = [
        f"GRANT USAGE, CREATE ON SCHEMA {schema} TO {ADMIN_ROLE};",
        f"GRANT USAGE ON SCHEMA {schema} TO {READ_ROLE};",
    ]
    for table in tables if tables is not None else list(GRANTS):
        lines.append(f"ALTER TABLE {table} OWNER TO {ADMIN_ROLE};")
        lines.append(f"REVOKE ALL ON {table} FROM PUBLIC;")
        for role in ROLES[:3]:
            lines.append(f"REVOKE ALL ON {table} FROM {role};")
        for role, privileges in GRANTS.get(table, {}).items():
            lines.append(f"GRANT {privileges} ON {table} TO {role};")
    for function in FUNCTIONS:
        lines.append(f"ALTER FUNCTION {function} OWNER TO {ADMIN_ROLE};")
    return "\n".join(lines) + "\n"


def init_roles_sql(tables: list[str] | None = None, schema: str = "public") -> str:
    """Everything ``register init-roles`` prints: the roles, then the grants."""
    return create_roles_sql() + grants_sql(tables, schema)
