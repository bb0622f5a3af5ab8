"""A register case as ZGW resources: one Zaak with its Statussen, Rollen and Resultaat.

The resources follow the component schemas of the Zaken API 1.5.1 (read-only fields included,
as a zaaksysteem would return them), so a municipality can load them into its own system:

* the regiehouder (lead on the agreements, seed 000 step 5) is the ``zaakcoordinator``;
* the submitter (casusinbrenger) is the ``initiator``;
* the family is the ``belanghebbende`` — without any identifier: the export is built from the
  pseudonymised case, and the receiving system links the family through the ``kenmerk``;
* the forum's process support is the ``behandelaar``; parties currently involved are
  ``adviseur``.

Suspension becomes ``opschorting``; the service norm gives ``einddatumGepland`` and the
doorlooptijd ``uiterlijkeEinddatumAfdoening`` (:mod:`escalatie.deadlines`). UUIDs are derived
from the register id (uuid5), so exporting twice gives the same resources.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from escalatie.clock import local
from escalatie.deadlines import Norms
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
        identificatie: dict[str, str] | None,
    ) -> dict[str, Any]:
        ident = _uuid("rol", self.state.case_id, generic, key)
        rol: dict[str, Any] = {
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
        }
        if identificatie is not None:
            rol["betrokkeneIdentificatie"] = identificatie
        return rol


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


def _roles(b: _Builder, model: EscalationModel | None) -> list[dict[str, Any]]:
    state = b.state
    case = pseudonymise(state.case)
    submitter = case.submitter.organisation or case.submitter.role.value
    roles = [
        b.rol(
            "submitter", "initiator", "Casusinbrenger", "niet_natuurlijk_persoon",
            f"Casusinbrenger ({case.submitter.role.value})", state.submitted_at,
            {"statutaireNaam": submitter[:500]},
        ),
        b.rol(
            "family", "belanghebbende", "Gezin", "natuurlijk_persoon",
            "Het gezin (jeugdige en ouders). Identificerende gegevens staan niet in deze export; "
            f"koppel via kenmerk {state.case_id} in de eigen administratie.",
            state.submitted_at, None,
        ),
    ]  # fmt: skip
    for lead, since in state.lead_since.items():
        roles.append(
            b.rol(
                lead, "zaakcoordinator", "Regiehouder", "niet_natuurlijk_persoon",
                "Heeft de regie op het volgen van de afspraken.", since,
                {"statutaireNaam": lead[:500]},
            )
        )  # fmt: skip
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
    for party in case.parties:
        if party.currently_involved:
            roles.append(
                b.rol(
                    party.organisation, "adviseur", "Betrokken partij", "niet_natuurlijk_persoon",
                    f"Huidige betrokkene ({party.role.value})", state.submitted_at,
                    {"statutaireNaam": party.organisation[:500]},
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
    """``{"zaak": …, "statussen": […], "rollen": […], "resultaat": … or null}``."""
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
        "zaakgeometrie": None,
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
