"""Example cases: the eight stuck cases of seed 002 and cases that show other steps of the models.

All details are invented and no real names are used.

Each ``<name>.json`` beside this module is an ordinary case document (load it with
``escalatie.documents``); :data:`CATALOGUE` gives its title. Only ``thuiszitter-zonder-contract``
carries an ``identity`` block, with obviously invented data, to show pseudonymisation.

Safety levels, chosen against seeds 002 and 003:

* ``vader-verlof-veiligheid`` is ``concern``: seed 002 puts the risk to mother and children
  "als vader met verlof is", and its question is how to keep them safe while the GGZ institution
  does not tell the professional about his leave ("Hoe te zorgen dat de veiligheid niet in het
  gedrang komt?"): a stuck flow of information, the kind of case an escalation model is for.
  A ``concern`` makes a Veilig Thuis consult an action (meldcode step 2; seed 003: safety is
  always the lower bound) and keeps the table possible; ``acute`` would send it to Veilig
  Thuis alone and refuse every ``--override``.
* ``meisje-zelfbeschadiging`` has no safety signal but an acute mental-health crisis
  (``crisis.acute``): suicidal thoughts and self-harm need an assessment the same day by the GP
  or the GGZ crisis service, and there is no sign of domestic violence or child abuse (what
  Veilig Thuis is for). Triage sends it to the crisis route in every model.
* ``zwangere-tiener-opvang`` has no safety signal (``none``): a pregnant minor without a fixed
  place to sleep, and no sign of violence, abuse or neglect. Seed 002 tells of her only that
  she has no tie to the place and so gets no shelter place; Veilig Thuis is for domestic
  violence and child abuse (DOMAIN.md), and a case's safety signal cannot say what kind of
  concern it is, so a ``concern`` here would make triage advise a Veilig Thuis consult the case
  gives no ground for. Her need of a safe, fixed place is in the housing domain and
  the perspective, where the plan addresses it.
"""

from __future__ import annotations

from importlib import resources

from escalatie.api import ExampleCase, seed
from escalatie.sources import Source

SOURCE: Source = seed("002", "Waar gaat het om? Voorbeelden van vastlopende casussen")

SOURCES: dict[str, Source] = {
    "buurtteam-maatwerktafel": seed(
        "000", "stap 1 en 2: wat vooraf gaat en route naar een maatwerktafel"
    ),
    "verblijf-aanvraag-buurtteam": seed("000", "stap 2: extra check op instroom in verblijf"),
    "jongvolwassene-maatwerktafel": seed("000", "stap 2: 18 tot 23 jaar is geen belemmering"),
    "ronde-tafel-zonder-resultaat": seed(
        "002", "Helmond: Trajectregisseurs (bestuurlijk opschalen)"
    ),
    "ouders-platform-zonder-resultaat": seed(
        "002", "Hillegom, Lisse en Teylingen: vertrouwenspersoon en ombudsman voor ouders"
    ),
    "adviseur-knelpuntenzorg-zonder-resultaat": seed(
        "002", "Utrechtse aanpak (met korte lijnen naar het bestuur)"
    ),
    "aanbieder-budget-op": seed("001", "Commissie Passend Alternatief: vierkantfinanciering"),
    "regels-werk-en-inkomen": seed("001", "City Deal overleg en de maatwerk telefoon"),
    "peuter-vroeghulp": seed("002", "Een 'gouden oude': Integrale vroeghulp"),
    "gezin-van-het-kastje-naar-de-muur": seed("002", "Meldpunt Juiste Loket"),
}
"""The invented examples beyond seed 002's eight vignettes, each with the part of a seed it
illustrates: together with the vignettes they reach every step of every bundled model."""

CATALOGUE: dict[str, str] = {
    "thuiszitter-zonder-contract": (
        "Depressed boy waits three months because the municipality has no contract with the "
        "provider that has a place now"
    ),
    "meisje-zelfbeschadiging": "Girl with suicidal thoughts who self-harms; mother at her wits' end",
    "zevenjarige-vervoer": (
        "Seven-year-old who cannot travel alone by public transport to special education"
    ),
    "autistische-jongen-slaapkliniek": (
        "Autistic boy out of school, refused by a sleep clinic because his complaints are not "
        "only somatic"
    ),
    "vader-verlof-veiligheid": (
        "Safety risk for mother and children when the father is on leave from a closed ward"
    ),
    "thuisloos-gezin-inschrijving": (
        "Homeless family with four children loses its registration address and its benefit"
    ),
    "dakloze-jongere-inschrijfadres": (
        "Homeless young person without a registration address for a benefit and budgeting help"
    ),
    "zwangere-tiener-opvang": "Pregnant teenager without a local tie cannot get into a shelter",
    "buurtteam-maatwerktafel": (
        "A buurtteam brings a family to the maatwerktafel through its aanspreekpunt: evening "
        "family support and a school that works with it are not available"
    ),
    "verblijf-aanvraag-buurtteam": (
        "A buurtteam concludes at home that a residential place is needed: the aanspreekpunt's "
        "extra check on inflow into residential care"
    ),
    "jongvolwassene-maatwerktafel": (
        "A young adult of 20 leaves a family home without housing or income: 18 to 23 is no "
        "barrier to the maatwerktafel"
    ),
    "ronde-tafel-zonder-resultaat": (
        "A round table in Helmond did not unblock housing for a young person: the "
        "trajectregisseur escalates to the board"
    ),
    "ouders-platform-zonder-resultaat": (
        "Parents whose case the platform casuïstiek did not resolve escalate to the "
        "vertrouwenspersoon"
    ),
    "adviseur-knelpuntenzorg-zonder-resultaat": (
        "Utrecht's senior adviser knelpuntenzorg could not get a family a home within the "
        "urgency rules: the case goes to the board"
    ),
    "aanbieder-budget-op": (
        "A provider whose residential budget is nearly spent reports a new request to the "
        "Commissie Passend Alternatief"
    ),
    "regels-werk-en-inkomen": (
        "Participatiewet rules block a work-study place; the maatwerk telefoon could not solve it"
    ),
    "peuter-vroeghulp": "A four-year-old who does not yet speak; the parents do not know where to start",
    "gezin-van-het-kastje-naar-de-muur": (
        "A young person with a physical disability sent from pillar to post between four laws"
    ),
}
"""Example name (the file's stem) → title."""


def load_examples() -> list[ExampleCase]:
    """Every example case, read and checked with the project's strict converter."""
    from escalatie.api import Case
    from escalatie.documents import parse_json, structure
    from escalatie.errors import InvalidDocument

    folder = resources.files(__name__)
    out = []
    for name, title in CATALOGUE.items():
        resource = folder / f"{name}.json"
        try:
            case = structure(parse_json(resource.read_text(encoding="utf-8"), name), Case)
        except InvalidDocument as exc:
            raise InvalidDocument([f"example {name}: {p}" for p in exc.problems]) from None
        out.append(ExampleCase(name=name, title=title, case=case, source=SOURCES.get(name, SOURCE)))
    return out
