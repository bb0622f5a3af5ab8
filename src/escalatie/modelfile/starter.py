"""The commented starter ``escalatie model new NAME`` writes: a small model that passes
``escalatie model check`` as it is, for an author to change line by line.

The starter is an example, not the municipality's policy (a rule citing a "Beleidsregel
escalatie jeugdhulp" would cite a document the municipality never wrote): the document its
rules cite is titled :data:`PLACEHOLDER_TITLE` with the identifier :data:`PLACEHOLDER_IDENTIFIER`,
which ``model check`` warns about; its rhythm is an ``assumption``; the powers, the board
route and its ``[[learning]]`` output to the board (``audience_key = "bestuur"``, so ``signal
add --to bestuur`` works) are marked as examples; whether the family takes part is left out (not stated)."""

from __future__ import annotations

import re

PLACEHOLDER_TITLE = "VOORBEELD – vervang door uw eigen beleidsdocument"
"""The title of the document the starter's rules cite, until the author cites their own."""

EXAMPLE_MARK = "VOORBEELD"
"""How the starter marks its example texts (the document's title, the summary, the mandate's
note, the rhythm's assumption): ``model check`` warns while a value still holds it."""

PLACEHOLDER_IDENTIFIER = "CVDR000000"
"""The starter's identifier, a placeholder rather than a real CVDR number (the register of
local regulations): ``model check`` warns while a file still cites it."""

TEMPLATE = """\
# The escalation model of {municipality}: how a stuck case moves up.
# Check it with:  escalatie model check {file}
# Use it with:    escalatie -m {use} describe
# The format, the predicates and the merge rules: docs/model-files.md.

name = "{name}"
municipality = "{municipality}"
title = "Escalatietafel"
# An example (VOORBEELD): say here what your own policy document says, and nothing more.
summary = "VOORBEELD, not yet the policy of {municipality}: a table for cases stuck on laws and regulations, supply or a missing contract, and an example board route for a case the table could not resolve. Replace it with what your own policy document says."
# The document every rule cites unless it names another (a seed such as "002", or one below).
source = {{document = "beleid", section = "Escalatieroute"}}
onward_routes = ["{name}-bestuur", "veilig-thuis"]

# Documents the rules cite: title, publisher, year, and a URL or identifier to find them. The
# one below is a placeholder: every rule of this starter cites it until you give the title,
# year and identifier (a CVDR number or a URL) of your own policy document; `escalatie model
# check` warns while the identifier is the placeholder {identifier}.
[documents.beleid]
title = "{title}"
publisher = "Gemeente {municipality}"
year = 2026
identifier = "{identifier}"

# Settings a municipality may change in its settings file, under [{name}]; the defaults are
# used otherwise. A value "${{key}}" below takes the setting's value.
[settings]
minutes_per_case = {{default = 30, minimum = 1}}

[[contact_points]]
key = "aanspreekpunt"
title = "Aanspreekpunt escalatie"
organisation = "Gemeente {municipality}"
# Who may reach it and how: examples too; write what your policy document says.
reachable_by = ["professionals", "district_teams", "parents", "young_people"]
channel = "by phone or e-mail, for professionals and families"

# Powers (doorzettingsmacht, board escalation) are examples: give only those your policy
# document grants (powers = [] where it grants none), and say in the note where they come from.
[contact_points.mandate]
powers = ["push_through", "escalate_to_board"]
note = "VOORBEELD: example powers (push a case through; take it to the board when the table could not resolve it); replace them with the powers your own policy document grants."

[[forums]]
key = "tafel"
name = "Escalatietafel"
kind = "table"
chair = "Procesregisseur"
description = "The parties a stuck case needs look for a solution together."
minutes_per_case = "${{minutes_per_case}}"
# The organiser's functional mailbox becomes the invitation's ORGANIZER (escalatie invite needs
# one): the address below is invented, replace it with your team's (or set it in the settings,
# [calendar.organisers]).
organiser = {{title = "Procesregisseur", organisation = "Gemeente {municipality}", address = "escalatietafel@{domain}.example"}}

# Who `escalatie invite` invites: each case's submitting organisation, always; the family and its
# support figure are invited in person by the submitter, never by calendar. Other parties only
# as the policy says: currently_involved_expected = true invites the parties a case marks as
# currently involved, invited_roles = ["education", ...] those in a role (optional). This
# starter sets neither, so only the submitter is invited until you add one. family_at_table:
# true or false as your source says; left out here, as your source may not say (describe then
# prints "not stated by the source"). For example, where it says the family takes part,
# uncomment the line below.
[forums.participants]
# family_at_table = true
description = "The submitter and the parties the case needs."

# What the invitation carries: each case's question and, with asks_for_plan = true, its
# anonymised plan (false: the question only; left out: not stated, and the question only, as
# a plan nobody asked for is not sent); noun is how the Dutch texts name the forum: "de tafel",
# "de commissie" or "het overleg" ("Vraag aan de tafel", "Vraag aan de commissie", "Vraag voor
# het overleg"). Set asks_for_plan = true only where your source asks for the plan.
# mandate_required (in [[forums]] above): true where your source says participants bring a
# mandate, false where it says they do not; left out here (not stated).
[forums.invitation]
noun = "de tafel"

[forums.cadence]
other_moments_by_agreement = true
# The rhythm below is the starter's example, so it is called an assumption: describe and every
# invitation say it is not yet the municipality's. Write your own policy's rhythm here, cite it
# (source = {{document = "beleid", section = "..."}}) and delete this assumption.
assumption = "the starter's example rhythm (VOORBEELD), not yet {municipality}'s policy: the 2nd Tuesday of every month is assumed until the model file states the municipality's own"
# How many days before a meeting its cancellation must reach the participants: `escalatie
# cancel` refuses a later one without --force. Not set here, so there is no notice period and a
# meeting can be cancelled until it begins (describe says so). Utrecht's seed 000 asks two days;
# take your own policy's number and cite where it comes from, for example:
# cancellation_notice_days = 2
# cancellation_source = {{document = "beleid", section = "Annuleren van een tafel"}}

[forums.cadence.holidays]
liberation_day = true

# Meets on the 2nd Tuesday of every month (RFC 5545 RRULE), from 09:30 for two hours: an example.
[[forums.cadence.series]]
key = "maandelijks"
rrule = "FREQ=MONTHLY;BYDAY=2TU"
start = "09:30"
minutes = 120
runs_from = 2026-01-01

# Rules: an id, the rule in English, its source (default: the model's) and one predicate.
[rules.stuck]
id = "{name}.stuck"
text = "The case is stuck on laws and regulations, on supply (no fitting provider, a waiting list) or on a missing contract."
has_obstacle = ["laws_and_regulations", "supply_unavailable", "no_fitting_provider", "waiting_list", "no_contract"]

[rules.table-unresolved]
id = "{name}.table-unresolved"
text = "The table discussed the case and did not resolve it."
tried_without_result = "table"

[rules.not-yet-unresolved]
id = "{name}.not-yet-unresolved"
text = "The table has not yet discussed the case without resolving it; once it has, the case goes to the board (route {name}-bestuur)."
not = {{tried_without_result = "table"}}

# What the table records, after Utrecht's maatwerktafel (seed 000, stap 5): an example, used by
# [agreements] at the end of this file. Say what your own policy document says, or remove both.
[rules.agreements]
id = "{name}.agreements"
text = "VOORBEELD: the table records its agreements and who holds the lead on following them; a case is closed as resolved only with them. Replace it with what your own policy document says."
source = {{document = "beleid", section = "Afspraken"}}
enforced = false

# The ladder: the rungs of the municipality's own route, first match wins.
[[ladder]]
key = "tafel"
name = "Escalatietafel"
description = "The case is discussed at the table."
forum = "tafel"
contact_point = "aanspreekpunt"
entry = ["stuck"]
conditions = ["not-yet-unresolved"]
# A value the plan is checked against, not a gate: describe shows it as not enforced.
checks = [
  {{id = "{name}.family-first", text = "The family's question leads the solution.", enforced = false}},
]

# Escalation to the board (bestuurlijk opschalen) is an onward route beyond the ladder, not a
# rung of it: a case the table could not resolve goes there. An example, after Helmond's (seed
# 002: "Zo nodig kan bestuurlijk worden opgeschaald"): keep it only where your policy document
# provides for it.
[[routes]]
key = "{name}-bestuur"
name = "Bestuurlijk opschalen {municipality}"
kind = "board"
description = "The contact point takes a case the table could not resolve to the board of {municipality}."
entry = ["table-unresolved"]
applicants = ["municipality"]

# What the cases teach goes to the body that can change it: here the board, beside the board
# route above (`escalatie signal add --to bestuur`, `escalatie learn report --audience bestuur`).
# An example too: keep it only where your policy document provides for it, and name the body
# and who writes to it as your document does (audience_key: the Dutch key of the body;
# answers = true: the body answers signals, so a signal to it has an answer date).
[[learning]]
kind = "signalen aan het bestuur"
description = "VOORBEELD: the contact point tells the board of {municipality} what stuck cases show about obstacles the table cannot remove (rules, supply, contracts)."
audience = "college van burgemeester en wethouders"
audience_key = "bestuur"
answers = true
collector = "het aanspreekpunt"

# When a case may be closed as resolved: an example (VOORBEELD). required_to_close = true:
# `escalatie case close ID --outcome resolved` (or partly_resolved) is refused until the case
# has an agreement and a lead (`escalatie agreement add`), and the refusal and `describe` cite
# the rule above; false where your forum records no agreements (a commission's decision, a
# mailbox). Left out, it is true, and `escalatie model check` warns that the file does not say.
[agreements]
rules = ["agreements"]
required_to_close = true
"""


FORUM_WORD = re.compile(
    r"(tafel|overleg|commissie|team|regie|escalatie|route|loket|aanpak|model|platform|netwerk"
    r"|consulaat|ontschotter)\Z"
)
"""How the last part of a model name ends when it names the forum or the model (``tafel``,
``jeugdtafel``, ``trajectregie``), not the municipality: the parts before it are the
municipality's."""

PARTICLES = frozenset(
    {"aan", "bij", "de", "den", "der", "en", "het", "in", "op", "ten", "ter", "van"}
)
"""Small words a municipality's name writes in lower case, with spaces around them (Bergen op
Zoom, Alphen aan den Rijn, Wijk bij Duurstede); its other parts are joined by a hyphen
(Noord-Beveland)."""

MUNICIPALITY = re.compile(r"\A(?:[^\W\d_]|['’])(?:[^\W\d_]|[ '’().-]){0,79}\Z")
"""A municipality's name as ``--municipality`` takes it: letters, spaces and ``- ' ( ) .``
(``'s-Hertogenbosch``, ``Bergen (NH.)``), one line of at most 80 characters: it is written into
TOML strings, addresses and e-mail headers, so no quote, backslash or control character."""


def spelled(parts: list[str]) -> str:
    """The parts of a name written as a municipality's: ``s``/``t`` first become ``'s``/``'t``
    (``'s-Hertogenbosch``), ``IJ`` is one capital, particles stay small between spaces."""
    out = ""
    for i, part in enumerate(parts):
        if i == 0 and part in ("s", "t") and len(parts) > 1:
            out = "'s-" if part == "s" else "'t "  # 's-Hertogenbosch, 't Zandt
            continue
        small = i > 0 and part in PARTICLES
        word = part if small else ("IJ" + part[2:] if part.startswith("ij") else part.capitalize())
        joint = (
            ""
            if not out or out.endswith(("-", " "))
            else " "
            if small or parts[i - 1] in PARTICLES
            else "-"
        )
        out += joint + word
    return out


def municipality_of(name: str) -> str | None:
    """The municipality a model name starts with: the parts before the forum word
    (``noord-beveland-jeugdtafel``: Noord-Beveland), or a name of one word itself (``zeewolde``,
    and ``testtafel`` as before: the note ``model new`` prints shows it); None when that is
    unsure (several parts and no forum word, a digit), and the user names it with
    ``--municipality``."""
    parts = name.split("-")
    if len(parts) > 1 and FORUM_WORD.search(parts[-1]):
        parts = parts[:-1]
    elif len(parts) > 1:
        return None
    if not parts or any(not p.isalpha() for p in parts):
        return None
    return spelled(parts)


def _domain(municipality: str) -> str:
    """``noord-beveland`` for the invented address of the organiser (``….example``)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", municipality).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower().replace("'", "").replace("’", ""))
    return "-".join(words) or "gemeente"


def starter(name: str, file: str | None = None, municipality: str | None = None) -> str:
    """The starter for model ``name`` (checked by the caller against :data:`NAME`), whose
    comments name ``file``, the file it is written to (default ``NAME.toml``), for
    ``municipality`` (checked by the caller against :data:`MUNICIPALITY`; default: read from
    the name by :func:`municipality_of`, or the name's first part capitalised when unsure)."""
    if municipality is None:
        municipality = municipality_of(name) or name.split("-")[0].capitalize()
    file = file or f"{name}.toml"
    use = file if "/" in file or "\\" in file else f"./{file}"  # -m takes a path with a slash
    return TEMPLATE.format(
        name=name,
        municipality=municipality,
        file=file,
        use=use,
        domain=_domain(municipality),
        title=PLACEHOLDER_TITLE,
        identifier=PLACEHOLDER_IDENTIFIER,
    )


def placeholders(raw: dict[str, object]) -> list[str]:
    """Where a model file still cites the starter's placeholder document: ``documents.KEY``
    for each document whose identifier is :data:`PLACEHOLDER_IDENTIFIER`."""
    documents = raw.get("documents")
    if not isinstance(documents, dict):
        return []
    return [
        f"documents.{key}"
        for key, doc in documents.items()
        if isinstance(doc, dict) and doc.get("identifier") == PLACEHOLDER_IDENTIFIER
    ]


def example_texts(data: object, where: str = "") -> list[str]:
    """Where a model file's values still hold the starter's :data:`EXAMPLE_MARK`, as
    ``documents.beleid.title``, ``contact_points[0].mandate.note`` (comments are not values:
    they do not count), so ``model check`` does not say ``ok`` once the placeholder identifier
    is replaced while every rule still cites "VOORBEELD – vervang door uw eigen
    beleidsdocument"."""
    if isinstance(data, dict):
        return [
            found
            for key, value in data.items()
            for found in example_texts(value, f"{where}.{key}" if where else str(key))
        ]
    if isinstance(data, list):
        return [
            found for i, value in enumerate(data) for found in example_texts(value, f"{where}[{i}]")
        ]
    return [where] if isinstance(data, str) and EXAMPLE_MARK in data else []
