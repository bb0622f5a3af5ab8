"""The schedule's Dutch DESCRIPTION says no more than is true (review findings): the reason of
an excluded date is promised only when a date is excluded, and a forum named after its
municipality does not name it twice."""

from __future__ import annotations

import attrs

from escalatie.calendar.feed import description
from escalatie.plugins import Registry


def test_description_promises_reasons_only_for_excluded_dates(registry: Registry) -> None:
    model = registry.model("hlt-ontschotter")
    forum = model.forums[0]
    series = forum.cadence.series[0]
    with_dates = description(model, forum, series, any_excluded=True)
    without = description(model, forum, series, any_excluded=False)
    assert "de reden staat bij elke uitgezonderde datum" in with_dates
    assert (
        "De bijeenkomst vervalt op feestdagen en op sluitingsdagen (welke dagen dat zijn, "
        "bepaalt de gemeente).\n"
    ) in without
    assert "uitgezonderde datum" not in without


def test_a_forum_named_after_its_municipality_names_it_once(registry: Registry) -> None:
    model = attrs.evolve(registry.model("hlt-ontschotter"), municipality="Zeewolde")
    forum = attrs.evolve(model.forums[0], name="Escalatietafel Zeewolde")
    text = description(model, forum, forum.cadence.series[0])
    assert text.startswith("Escalatietafel Zeewolde: ")
    assert "(Zeewolde)" not in text
    other = attrs.evolve(forum, name="Platform casuïstiek")
    assert description(model, other, forum.cadence.series[0]).startswith(
        "Platform casuïstiek (Zeewolde): "
    )
