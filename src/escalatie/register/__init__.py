"""The case register: an embedded SQLite event log of cases, with privacy, consent and audit.

* :mod:`.store` — the file: location, WAL, migrations, one transaction per command;
* :mod:`.events`, :mod:`.state` — append-only events and the state folded from them;
* :mod:`.register` — the :class:`Register` (events, identity table, audit log);
* :mod:`.session`, :mod:`.commands` — audited operations that check their rules;
* :mod:`.views`, :mod:`.share`, :mod:`.learn` — artifacts, all built from pseudonymised cases.

See ``docs/register.md`` and ``docs/privacy.md``.
"""

from __future__ import annotations

from escalatie.register.register import AuditEntry, Register
from escalatie.register.session import Session, session
from escalatie.register.state import CaseState, Status
from escalatie.register.store import RegisterError, db_path

__all__ = [
    "AuditEntry",
    "CaseState",
    "Register",
    "RegisterError",
    "Session",
    "Status",
    "db_path",
    "session",
]
