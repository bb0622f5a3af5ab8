"""A register case as ZGW resources: one Zaak with its Statussen, Rollen and Resultaat.

The resources follow the component schemas of the Zaken API 1.5.1 (read-only fields included,
as a zaaksysteem would return them), and what Open Zaak's validators add to them, so a
municipality can load them into its own system or push them (:mod:`escalatie.zgw.push`):

* exactly one ``zaakcoordinator``: the regiehouder, the lead named on the most recently
  recorded agreement (seed 000 step 5: at the table it is agreed *who* takes the regie on
  following the agreements; a later agreement records the later decision). Other leads are
  ``adviseur``. Open Zaak refuses a second zaakcoordinator (``RolOccurenceValidator``);
* the submitter (casusinbrenger) is the ``initiator``: an organisation as a
  ``niet_natuurlijk_persoon``, a parent or the young person as a ``natuurlijk_persoon``;
* the family is the ``belanghebbende``;
* the forum's process support is the ``behandelaar``; parties currently involved are
  ``adviseur``.

Every Rol carries a ``betrokkeneIdentificatie`` (Open Zaak: "betrokkene or
betrokkeneIdentificatie must be provided"). A person is identified only pseudonymously
(:func:`person`, ``docs/privacy.md``): no name, BSN or date of birth leaves the register.

Suspension becomes ``opschorting``; the service norm gives ``einddatumGepland`` and the
doorlooptijd ``uiterlijkeEinddatumAfdoening`` (:mod:`escalatie.deadlines`). UUIDs are derived
from the register id (uuid5), so exporting twice gives the same resources.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from escalatie.case import SubmitterRole
from escalatie.clock import local
from escalatie.deadlines import Norms
from escalatie.dutch import PARTIES, SUBMITTERS
from escalatie.errors import EscalatieError
from escalatie.model import EscalationModel
from escalatie.privacy import pseudonymise
from escalatie.register.state import DUTCH_STATUS, CaseState, Status
from escalatie.register.views import case_deadlines
from escalatie.zgw.settings import ZgwSettings

OUTCOME_LABELS = {
    "resolved": "Opgelost",
    "partly_resolved": "Deels opgelost",
    "not_resolved": "Niet opgelost",
    "referred": "Doorverwezen",
}


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "escalatie:" + ":".join(parts)))


class _Builder:
    def __init__(self, state: CaseState, settings: ZgwSettings) -> None:
        self.state = state
        self.settings = settings
        self.zaak_uuid = _uuid("zaak", state.case_id)
        self.zaak_url = self.url("zaken", self.zaak_uuid)

    def url(self, collection: str, ident: str) -> str:
        return f"{self.settings.zaken_api}/{collection}/{ident}"

    def rol(
        self,
        key: str,
        generic: str,
        omschrijving: str,
        betrokkene_type: str,
        toelichting: str,
        since: datetime,
        identificatie: dict[str, str],
    ) -> dict[str, Any]:
        ident = _uuid("rol", self.state.case_id, generic, key)
        return {
            "url": self.url("rollen", ident),
            "uuid": ident,
            "zaak": self.zaak_url,
            "betrokkeneType": betrokkene_type,
            "roltype": self.settings.roltypen[generic],
            "omschrijving": omschrijving,
            "omschrijvingGeneriek": generic,
            "roltoelichting": toelichting[:1000],
            "registratiedatum": local(since).isoformat(),
            "indicatieMachtiging": "",
            "statussen": [],
            "betrokkeneIdentificatie": identificatie,
        }


def _statuses(b: _Builder) -> list[dict[str, Any]]:
    history: list[tuple[Status, datetime]] = []
    for status, since in b.state.history:
        if status is Status.SUSPENDED or (history and history[-1][0] is status):
            continue  # a suspension is an opschorting in ZGW, not a status
        history.append((status, since))
    out = []
    for n, (status, since) in enumerate(history):
        ident = _uuid("status", b.state.case_id, str(n))
        out.append(
            {
                "url": b.url("statussen", ident),
                "uuid": ident,
                "zaak": b.zaak_url,
                "statustype": b.settings.statustypen[status.value],
                "datumStatusGezet": local(since).isoformat(),
                "statustoelichting": DUTCH_STATUS[status].capitalize(),
                "indicatieLaatstGezetteStatus": n == len(history) - 1,
                "zaakinformatieobjecten": [],
            }
        )
    return out


PERSONS = {SubmitterRole.YOUNG_PERSON: "J", SubmitterRole.PARENT: "O"}
"""The people of the family who can be a Rol, and the letter of their pseudonym."""


def person(case_id: str, who: SubmitterRole) -> dict[str, str]:
    """A ``natuurlijk_persoon`` identified only by a pseudonym: ``anpIdentificatie``.

    ``docs/privacy.md``: no direct identifier leaves the register; the register records no
    legal basis for handing over more, so a name, BSN or date of birth is never exported. The
    pseudonym is the case's register id (already the zaak's ``identificatie`` and
    ``kenmerk``: random, derived from nothing about the person) with ``-J`` for the young
    person (jeugdige) or ``-O`` for a parent (ouder), at most 17 characters as the field allows.
    The zaaksysteem links the person from its own administration.
    """
    anp = f"{case_id}-{PERSONS[who]}"
    if len(anp) > 17:
        raise EscalatieError(
            f"register id {case_id!r} is too long for a ZGW anpIdentificatie (17 characters)"
        )
    return {"anpIdentificatie": anp}


def coordinator(state: CaseState) -> tuple[str, datetime] | None:
    """The regiehouder: the lead on the most recently recorded agreement, since it was named.

    Seed 000 step 5 ("wie de regie neemt op het volgen van de afspraken"): one party takes
    the regie; when a later agreement names another lead, that is the later decision.
    """
    if not state.agreements:
        return None
    lead = state.agreements[-1].lead
    since = state.agreements_added[-1]
    for agreement, at in reversed(list(zip(state.agreements, state.agreements_added, strict=True))):
        if agreement.lead != lead:
            break
        since = at  # the lead holds the regie since the first of its latest run of agreements
    return lead, since


def _roles(b: _Builder, model: EscalationModel | None) -> list[dict[str, Any]]:
    state = b.state
    case = pseudonymise(state.case)
    role = case.submitter.role
    label = SUBMITTERS[role]
    if role in PERSONS:
        initiator = b.rol(
            "submitter",
            "initiator",
            "Casusinbrenger",
            "natuurlijk_persoon",
            f"Casusinbrenger: {label}",
            state.submitted_at,
            person(state.case_id, role),
        )
    else:
        name = case.submitter.organisation or label
        initiator = b.rol(
            "submitter",
            "initiator",
            "Casusinbrenger",
            "niet_natuurlijk_persoon",
            f"Casusinbrenger: {label}",
            state.submitted_at,
            {"statutaireNaam": name[:500]},
        )
    roles = [
        initiator,
        b.rol(
            "family", "belanghebbende", "Gezin", "natuurlijk_persoon",
            "Het gezin (jeugdige en ouders), aangeduid met een pseudoniem; identificerende "
            f"gegevens staan niet in deze export: koppel via kenmerk {state.case_id} in de "
            "eigen administratie.",
            state.submitted_at, person(state.case_id, SubmitterRole.YOUNG_PERSON),
        ),
    ]  # fmt: skip
    lead = coordinator(state)
    advisers: dict[str, tuple[str, datetime]] = {}
    if lead is not None:
        roles.append(
            b.rol(
                "regiehouder", "zaakcoordinator", "Regiehouder", "niet_natuurlijk_persoon",
                "Heeft de regie op het volgen van de afspraken.", lead[1],
                {"statutaireNaam": lead[0][:500]},
            )
        )  # fmt: skip
        for other, since in state.lead_since.items():
            if other.casefold() != lead[0].casefold():
                advisers.setdefault(other.casefold(), (other, since))
    if model is not None and state.forum is not None:
        forum = model.forum(state.forum)
        roles.append(
            b.rol(
                forum.key, "behandelaar", forum.organiser.title.capitalize()[:100],
                "organisatorische_eenheid",
                f"{forum.organiser.title} van {forum.name}", state.submitted_at,
                {"identificatie": forum.key[:24], "naam": forum.organiser.organisation[:50]},
            )
        )  # fmt: skip
    texts = {key: "Trekker van een deel van de afspraken." for key in advisers}
    for party in case.parties:
        if party.currently_involved:
            key = party.organisation.casefold()
            text = f"Huidige betrokkene: {PARTIES[party.role]}"
            texts[key] = f"{text}; trekker van een deel van de afspraken." if key in texts else text
            advisers.setdefault(key, (party.organisation, state.submitted_at))
    for key, (name, since) in advisers.items():
        roles.append(
            b.rol(
                name, "adviseur", "Betrokken partij", "niet_natuurlijk_persoon",
                texts[key], since, {"statutaireNaam": name[:500]},
            )
        )  # fmt: skip
    return roles


def export_case(
    state: CaseState,
    settings: ZgwSettings,
    norms: Norms,
    at: datetime,
    model: EscalationModel | None = None,
) -> dict[str, Any]:
    """``{"zaak": …, "statussen": […], "rollen": […], "resultaat": … or null}``.

    ``zaakgeometrie`` is left out rather than null: a case has no place on a map.
    """
    b = _Builder(state, settings)
    case = pseudonymise(state.case)
    due = case_deadlines(state, norms, at)
    statuses = _statuses(b)
    roles = _roles(b, model)
    resultaat = None
    if state.closed_at is not None:
        ident = _uuid("resultaat", state.case_id)
        resultaat = {
            "url": b.url("resultaten", ident),
            "uuid": ident,
            "zaak": b.zaak_url,
            "resultaattype": settings.resultaattypen[state.outcome],
            "toelichting": (state.closing_note or OUTCOME_LABELS[state.outcome])[:1000],
        }
    what = state.route_name or (f"tafel {state.forum}" if state.forum else "escalatie")
    zaak = {
        "url": b.zaak_url,
        "uuid": b.zaak_uuid,
        "identificatie": state.case_id,
        "bronorganisatie": settings.bronorganisatie,
        "omschrijving": f"Vastgelopen casus: {what}"[:80],
        "toelichting": case.question[:1000],
        "zaaktype": settings.zaaktype,
        "registratiedatum": local(state.submitted_at).date().isoformat(),
        "verantwoordelijkeOrganisatie": settings.verantwoordelijke_organisatie,
        "startdatum": due.start.isoformat(),
        "einddatum": local(state.closed_at).date().isoformat() if state.closed_at else None,
        "einddatumGepland": due.planned_end.isoformat(),
        "uiterlijkeEinddatumAfdoening": due.latest_end.isoformat(),
        "publicatiedatum": None,
        "productenOfDiensten": [],
        "vertrouwelijkheidaanduiding": settings.vertrouwelijkheidaanduiding,
        "betalingsindicatie": "",
        "betalingsindicatieWeergave": "",
        "laatsteBetaaldatum": None,
        "verlenging": None,
        "opschorting": {
            "indicatie": state.suspended,
            "reden": state.suspension_reason[:200] if state.suspended else "",
        },
        "hoofdzaak": None,
        "deelzaken": [],
        "relevanteAndereZaken": [],
        "eigenschappen": [],
        "rollen": [r["url"] for r in roles],
        "status": statuses[-1]["url"] if statuses else None,
        "zaakinformatieobjecten": [],
        "zaakobjecten": [],
        "kenmerken": [{"kenmerk": state.case_id, "bron": "escalatie"}],
        "archiefnominatie": None,
        "archiefstatus": "nog_te_archiveren",
        "archiefactiedatum": None,
        "resultaat": resultaat["url"] if resultaat else None,
        "processobjectaard": None,
        "startdatumBewaartermijn": None,
        "processobject": None,
    }
    return {"zaak": zaak, "statussen": statuses, "rollen": roles, "resultaat": resultaat}
