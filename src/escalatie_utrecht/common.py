"""What the four Utrecht models share: the municipality, its days off and the seed sections."""

from __future__ import annotations

from escalatie.forum import LIBERATION_DAY, HolidayPolicy
from escalatie_utrecht.settings import UtrechtSettings

MUNICIPALITY = "Utrecht"
REGION = "regio Utrecht"
"""The Commissie Passend Alternatief is the region's, chaired by the city (seed 001)."""
GEMEENTE = "Gemeente Utrecht"

# Section names of the seeds, as a policy adviser finds them in the documents.
S000_BEFORE = "stap 1: wat vooraf gaat aan een maatwerktafel"
S000_ROUTE = "stap 2: route naar een maatwerktafel"
S000_ORGANISATION = "stap 3: organisatie van een maatwerktafel"
S000_CADENCE = "stap 4: eens in de anderhalve week"
S000_AGREEMENTS = "stap 5: afspraken en regie"
S000_LEARNING = "stap 6: samen leren"
S000_PRINCIPLES = "aanvullende informatie: toetsen aan de uitgangspunten"
S000_CONTACTS = "contactgegevens aanspreekpunten"
S001_CITYDEAL = "City Deal overleg lost systeemproblemen op"
S001_CITYDEAL_LEARNING = "City Deal overleg: samen leren van casussen"
S001_CPA = "Commissie Passend Alternatief"
S001_LESSONS = "geleerde lessen"
S001_FRONT_LINE = "transformeren betekent investeren in professionals in het voorveld"
S002_UTRECHT = "Utrechtse aanpak"
S003_PRINCIPLES = "leidende principes"
S003_TRACKS = "het Utrechtse model met drie sporen"
S003_RESIDENTIAL = "jeugdhulp met verblijf: de drietrap"


def holiday_policy(settings: UtrechtSettings) -> HolidayPolicy:
    """National Dutch holidays, 5 May every year (cao gemeenten), Good Friday and closing days
    as configured.

    The seeds name no days off: this is local policy (the municipality's own calendar and its
    collective agreement), so the policy cites no seed (``source=None``).
    """
    return HolidayPolicy(
        country="NL",
        national=True,
        good_friday=settings.good_friday,
        fixed_days_off=(LIBERATION_DAY,),
        closing_days=tuple((day, "gemeente Utrecht gesloten") for day in settings.closing_days),
        source=None,
    )
