"""Publishing into a CalDAV collection (RFC 4791) with the maintained ``caldav`` client.

One calendar object resource per UID, as RFC 4791 4.1 requires: a meeting series (from the
schedule) and the invitations and cancellations of its meetings (RECURRENCE-ID overrides of
that series) share the series' UID, so they are one resource. A second run fetches the
resource by UID and replaces the parts it carries (the series, or the one meeting), keeping the
rest: the collection is updated, never given a duplicate. Resources carry no METHOD (RFC 4791
4.1). The caller leaves uninvitations (a CANCEL to some attendees only) out: the REQUEST sent
with one already lists who remains.

Credentials are optional: the user name from the settings, the password only from the
environment (``ESCALATIE_CALDAV_PASSWORD``), and sent only over https (or to a server on this
machine)::

    [calendar.caldav]
    user = "maatwerktafel"

A server with scheduling (RFC 6638) sends invitations itself when it stores an event with
ATTENDEEs; with such a server, publish the invitation or mail it with ``--send``, not both.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from attrs import frozen

from escalatie.errors import EscalatieError

PASSWORD_ENV = "ESCALATIE_CALDAV_PASSWORD"
CALDAV_KEYS = ("user",)
TIMEOUT = 30


@frozen
class CaldavSettings:
    user: str = ""

    @classmethod
    def from_settings(cls, table: Mapping[str, Any]) -> CaldavSettings:
        from escalatie.settings import structure

        if not isinstance(table, Mapping):
            raise EscalatieError("settings [calendar] caldav: expected a table")
        for key in table:
            if key == "password":
                raise EscalatieError(
                    "settings [calendar.caldav] password: a password is never read from the "
                    f"settings file; remove it and set {PASSWORD_ENV} in the environment"
                )
            if key not in CALDAV_KEYS:
                raise EscalatieError(
                    f"settings [calendar.caldav] {key}: unknown setting; expected one of "
                    + ", ".join(CALDAV_KEYS)
                )
        return structure(table, cls, "calendar.caldav")


def _loopback(url: str) -> bool:
    """A server on this machine: a password sent to it in plain http never crosses a network."""
    import ipaddress
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resources(texts: Sequence[str]) -> dict[str, list[Any]]:
    """The VEVENTs of the given iCalendar texts, grouped by UID, later texts last."""
    from icalendar import Calendar

    out: dict[str, list[Any]] = {}
    for text in texts:
        for event in Calendar.from_ical(text).walk("VEVENT"):
            out.setdefault(str(event["UID"]), []).append(event)
    return out


def _identity(event: Any) -> str:
    rid = event.get("RECURRENCE-ID")
    return "" if rid is None else rid.dt.isoformat()


def merged(existing: str | None, events: Sequence[Any]) -> str:
    """The resource's new text: ``events`` replace the components of the same RECURRENCE-ID
    (or the series itself); every other component of ``existing`` stays."""
    from icalendar import Calendar

    from escalatie.calendar.ics import PRODID
    from escalatie.calendar.timezone import vtimezone

    latest = {_identity(e): e for e in events}  # a later message of a meeting wins
    kept: list[Any] = []
    if existing:
        kept = [
            c for c in Calendar.from_ical(existing).walk("VEVENT") if _identity(c) not in latest
        ]
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add_component(vtimezone())
    for component in sorted([*kept, *latest.values()], key=_identity):
        cal.add_component(component)
    text: str = cal.to_ical().decode("utf-8")
    return text


def publish(
    url: str,
    texts: Sequence[str],
    settings: CaldavSettings,
    env: Mapping[str, str] | None = None,
) -> list[str]:
    """Put the events of ``texts`` into the CalDAV collection at ``url``; the UIDs written.

    An unreachable server, refused credentials or a refused resource is one line
    (:class:`~escalatie.errors.EscalatieError`).
    """
    try:
        from caldav.davclient import DAVClient
        from caldav.lib import error
    except ImportError:
        raise EscalatieError(
            "--publish: needs the caldav package; install it with pip install 'escalatie[caldav]'"
        ) from None

    env = os.environ if env is None else env
    if not url.startswith(("http://", "https://")):
        raise EscalatieError(f"--publish: expected the http(s) URL of a calendar, got {url!r}")
    password = env.get(PASSWORD_ENV, "")
    if settings.user and not password:
        raise EscalatieError(
            f"--publish: settings [calendar.caldav] user is {settings.user!r} but {PASSWORD_ENV} "
            "is not set; set the password in the environment"
        )
    if password and url.startswith("http://") and not _loopback(url):
        raise EscalatieError(
            f"--publish: {url} is plain http, and the password in {PASSWORD_ENV} is only sent "
            "over an encrypted connection; use the calendar's https:// URL"
        )
    written = []
    try:
        with DAVClient(
            url=url, username=settings.user or None, password=password or None, timeout=TIMEOUT
        ) as client:
            collection = client.calendar(url=url)  # type: ignore[no-untyped-call]
            for uid, events in resources(texts).items():
                try:
                    found = collection.get_event_by_uid(uid)
                except error.NotFoundError:
                    found = None
                if found is None:
                    collection.add_event(merged(None, events), increase_seqno=False)
                else:
                    found.data = merged(found.data, events)
                    found.save(increase_seqno=False)
                written.append(uid)
    except error.AuthorizationError:
        raise EscalatieError(
            f"--publish: {url} refused the credentials"
            + (f" of user {settings.user!r}" if settings.user else " (none were given)")
        ) from None
    except error.DAVError as exc:
        raise EscalatieError(f"--publish: {url}: the server refused ({_one_line(exc)})") from None
    except OSError as exc:
        raise EscalatieError(f"--publish: cannot reach {url} ({_one_line(exc)})") from None
    return written


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
