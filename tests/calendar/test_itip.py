"""Invitations (REQUEST) and cancellations (CANCEL): iTIP structure, notice, privacy."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs
import pytest

from escalatie.calendar import (
    AddressBook,
    Invitee,
    LateCancellation,
    MeetingContext,
    cancellation,
    find_slot,
    invitation,
    schedule_calendar,
)
from escalatie.calendar.guard import readable
from escalatie.calendar.slots import occurrence
from escalatie.case import Case, Identity, Party, PartyRole
from escalatie.clock import AMSTERDAM, Clock, fixed_clock
from escalatie.errors import EscalatieError
from escalatie.model import EscalationModel
from escalatie.privacy import pseudonym
from escalatie.settings import SettingsError

SLOT = datetime(2026, 3, 9, 9, 15, tzinfo=AMSTERDAM)  # a Monday of the test forum
SENT = fixed_clock(datetime(2026, 3, 1, 10, 0, tzinfo=AMSTERDAM))


def attendees(event: Any) -> dict[str, tuple[str, str]]:
    raw = event.get("ATTENDEE", [])
    return {
        str(a): (str(a.params["CN"]), str(a.params["ROLE"]))
        for a in (raw if isinstance(raw, list) else [raw])
    }


def only_event(ical: Any, text: str) -> Any:
    events = ical.events(text)
    assert len(events) == 1
    return events[0]


def test_invitation_is_an_itip_request_for_one_occurrence(
    model: EscalationModel, make_case: Any, ical: Any
) -> None:
    message = invitation(model, SLOT, [make_case("casus-1")], SENT)
    cal = ical.parse(message.text)
    assert cal["METHOD"] == "REQUEST"
    assert [z["TZID"] for z in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    event = only_event(ical, message.text)
    assert str(event["UID"]) == "maandag@tafel.test-tafel.escalatie"
    assert event["RECURRENCE-ID"].dt == event["DTSTART"].dt == SLOT
    assert event["DTEND"].dt == datetime(2026, 3, 9, 10, 45, tzinfo=AMSTERDAM)
    assert "RECURRENCE-ID;TZID=Europe/Amsterdam:20260309T091500" in ical.prop_lines(
        message.text, "RECURRENCE-ID"
    )
    assert event["SEQUENCE"] == 0
    assert event["DTSTAMP"].dt == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert str(event["ORGANIZER"]) == "mailto:tafel@teststad.example"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert attendees(event) == {
        "mailto:buurtteam-oost@organisaties.example": ("Buurtteam Oost", "REQ-PARTICIPANT"),
        "mailto:basisschool-de-linde@organisaties.example": (
            "Basisschool De Linde",
            "OPT-PARTICIPANT",
        ),
        "mailto:wijkcentrum@organisaties.example": ("Wijkcentrum", "REQ-PARTICIPANT"),
        # 2026-03-09 is date 6 of the forum's series: the rotation pool's first member's turn.
        "mailto:aanbieder-noord@organisaties.example": ("Aanbieder Noord", "REQ-PARTICIPANT"),
    }
    shared = str(event["DESCRIPTION"])  # the shared copy: the case by pseudonym only
    assert f"Op de agenda: {pseudonym('casus-1')}." in shared
    assert "Vraag aan de tafel" not in shared and "plan:" not in shared
    # Every attendee is invited for the one case: one own copy, same event otherwise.
    (own,) = message.copies
    assert len(own.organisations) == len(message.attendees) and own.cases == (pseudonym("casus-1"),)
    mine = only_event(ical, own.text)
    for prop in ("UID", "RECURRENCE-ID", "SEQUENCE", "DTSTART", "ORGANIZER"):
        assert mine[prop].to_ical() == event[prop].to_ical()
    assert attendees(mine) == attendees(event)
    agenda = str(mine["DESCRIPTION"])
    assert "Vraag aan de tafel:\nWelke school kan dit kind met vervoer bieden?" in agenda
    assert f"Kenmerk: {pseudonym('casus-1')}\n" in agenda  # not "Casus casus-…" (policy review)
    assert "Geanonimiseerd plan:\nThuis wonen met ambulante hulp; school met vervoer." in agenda
    assert "Passend onderwijs" not in agenda  # domains are not part of the agenda
    # Seed 000 step 3, asked politely: arrange the mandate beforehand, decide at the table.
    assert (
        "Wij vragen u waar nodig vooraf uw mandaat te regelen en met mandaat deel te nemen"
        in agenda
    )
    assert "die aan tafel worden bedacht, direct een besluit kan worden genomen" in agenda


def test_a_forum_that_is_not_a_table_is_not_called_one(
    model: EscalationModel, make_case: Any, ical: Any
) -> None:
    """An expertpool, a platform or a consultation is not a table: its agenda asks the question
    of the meeting ("het overleg")."""
    from escalatie.calendar.agenda import agenda
    from escalatie.forum import ForumKind

    forum = attrs.evolve(
        model.forums[0], name="Expertpool", kind=ForumKind.EXPERT_ADVICE, mandate_required=True
    )
    text = agenda(forum, find_slot(forum, SLOT), [make_case("casus-1")])
    assert "tafel" not in text
    assert "Vraag voor het overleg:\nWelke school kan dit kind met vervoer bieden?" in text
    assert "die in het overleg worden bedacht" in text


def test_cancel_matches_the_request(model: EscalationModel, make_case: Any, ical: Any) -> None:
    cases = [make_case("casus-1")]
    request = only_event(ical, invitation(model, SLOT, cases, SENT).text)
    message = cancellation(model, SLOT, SENT, cases=cases, reason="Geen casussen aangemeld")
    cal = ical.parse(message.text)
    cancel = only_event(ical, message.text)
    assert cal["METHOD"] == "CANCEL"
    assert str(cancel["UID"]) == str(request["UID"])
    assert cancel["RECURRENCE-ID"].dt == request["RECURRENCE-ID"].dt
    assert cancel["SEQUENCE"] > request["SEQUENCE"]
    assert str(cancel["STATUS"]) == "CANCELLED"
    assert str(cancel["ORGANIZER"]) == str(request["ORGANIZER"])
    assert attendees(cancel) == attendees(request)
    # A sentence of a Dutch text ends with a full stop (new-user review), added once.
    assert "\n\nReden: Geen casussen aangemeld.\n" in str(cancel["DESCRIPTION"]) + "\n"
    message = cancellation(model, SLOT, SENT, cases=cases, reason="Geen casussen. ")
    assert "Reden: Geen casussen.\n" in str(only_event(ical, message.text)["DESCRIPTION"]) + "\n"
    assert "Helaas" not in message.text
    assert message.notice is not None and not message.notice.late


def test_cancel_with_one_days_notice_is_refused_unless_forced(
    model: EscalationModel, ical: Any
) -> None:
    sunday = fixed_clock(datetime(2026, 3, 8, 9, 15, tzinfo=AMSTERDAM))
    with pytest.raises(
        LateCancellation,
        match=r"by 2026-03-07T09:15 \(seed 000, stap 4, over annuleren: uiterlijk twee dagen voorafgaand",
    ):
        cancellation(model, SLOT, sunday)
    message = cancellation(model, SLOT, sunday, force=True)
    event = only_event(ical, message.text)
    stated = (
        "Helaas laten wij u dit later weten dan de afgesproken twee dagen van tevoren. "
        "Onze excuses."
    )
    assert stated in str(event["DESCRIPTION"])
    assert stated in str(event["COMMENT"])
    assert "bron" not in str(event["DESCRIPTION"]) and "seed" not in str(event["COMMENT"])


def test_notice_boundary_is_the_same_wall_clock_time_two_days_earlier(
    model: EscalationModel,
) -> None:
    # 2026-03-30 09:15 is after the DST switch of 29 March; the deadline stays at 09:15 local.
    slot = datetime(2026, 3, 30, 9, 15, tzinfo=AMSTERDAM)
    on_time = fixed_clock(datetime(2026, 3, 28, 9, 15, tzinfo=AMSTERDAM))
    late = fixed_clock(datetime(2026, 3, 28, 9, 16, tzinfo=AMSTERDAM))
    assert cancellation(model, slot, on_time).notice.late is False  # type: ignore[union-attr]
    with pytest.raises(LateCancellation):
        cancellation(model, slot, late)


def test_not_a_real_slot_names_the_nearest_meetings(model: EscalationModel) -> None:
    with pytest.raises(EscalatieError) as wrong_time:
        invitation(model, datetime(2026, 3, 9, 10, 0, tzinfo=AMSTERDAM), [], SENT)
    assert str(wrong_time.value) == (
        "--slot 2026-03-09T10:00: not a meeting of tafel: no meeting series starts then; "
        "nearest meetings: 2026-03-09T09:15 (maandag), 2026-03-19T15:30 (donderdag)"
    )
    with pytest.raises(EscalatieError, match="skipped \\(sluitingsdag: kerstsluiting\\)"):
        find_slot(model.forums[0], datetime(2026, 12, 28, 9, 15, tzinfo=AMSTERDAM))
    with pytest.raises(EscalatieError, match="already begun"):
        invitation(model, SLOT, [], fixed_clock(datetime(2026, 3, 9, 9, 15, tzinfo=AMSTERDAM)))
    with pytest.raises(EscalatieError, match="can no longer be cancelled"):
        cancellation(model, SLOT, fixed_clock(datetime(2026, 3, 10, tzinfo=AMSTERDAM)), force=True)


def test_rotation_index_counts_days_off(model: EscalationModel) -> None:
    forum = model.forums[0]
    first = find_slot(forum, datetime(2026, 1, 5, 9, 15, tzinfo=AMSTERDAM))
    assert occurrence(forum, first).index == 0
    after_closing = find_slot(forum, datetime(2027, 1, 7, 15, 30, tzinfo=AMSTERDAM))
    # 2026 has 18 Monday and 17 Thursday dates, the closing day 2026-12-28 included.
    assert occurrence(forum, after_closing).index == 35


def test_a_planted_identity_never_reaches_any_file(
    model: EscalationModel, make_case: Any, clock: Clock
) -> None:
    identity = Identity(
        name="Jantje Testpersoon",
        bsn="111222333",
        address="Verzonnenstraat 12, 3511 AB Utrecht",
        phone="06-99887766",
        email="jantje.testpersoon@mail.example",
    )
    case = attrs.evolve(
        make_case("casus-geheim", identity),
        question="Jantje Testpersoon (BSN 111222333) kan niet naar school; welke hulp?",
        plan="Jantje Testpersoon blijft thuis wonen; bereikbaar via 06-99887766.",
    )
    texts = [
        schedule_calendar(
            model, datetime(2026, 1, 1).date(), datetime(2026, 12, 31).date(), clock
        ).text,
        invitation(model, SLOT, [case], SENT).text,
        invitation(model, SLOT, [case], SENT).copies[0].text,
        cancellation(model, SLOT, SENT, cases=[case], reason="Vervalt").text,
        cancellation(
            model,
            SLOT,
            fixed_clock(datetime(2026, 3, 8, tzinfo=AMSTERDAM)),
            cases=[case],
            force=True,
        ).text,
    ]
    for text in texts:
        for value in identity.values():
            assert value.lower() not in readable(text).lower()
            assert value.lower() not in text.lower()
    assert "[verwijderd]" in readable(texts[2])  # the attendees' own copy has the plan


def test_identity_typed_into_an_organisation_is_refused(
    model: EscalationModel, make_case: Any
) -> None:
    identity = Identity(name="Pietje Verzonnen", bsn="111222333")
    case = make_case("casus-2", identity)
    leaky = attrs.evolve(
        case,
        parties=(
            *case.parties,
            Party("Pietje Verzonnen", PartyRole.OTHER, currently_involved=True),
        ),
    )
    with pytest.raises(
        EscalatieError, match=r"its name contained an identifier of the family"
    ) as err:
        invitation(model, SLOT, [leaky], SENT)
    assert "Pietje" not in str(err.value)
    with pytest.raises(EscalatieError, match=r"case casus-2: identity.name would appear"):
        cancellation(model, SLOT, SENT, cases=[case], reason="Pietje is ziek")
    with pytest.raises(EscalatieError, match=r"identity\.bsn would appear"):
        cancellation(model, SLOT, SENT, cases=[case], reason="Dossier 111 222 333")


def test_addresses_configured_or_derived(model: EscalationModel, make_case: Any) -> None:
    book = AddressBook.from_settings(
        {
            "attendee_domain": "partners.example",
            "addresses": {"Wijkcentrum": "tafel@wijkcentrum.example"},
        }
    )
    message = invitation(model, SLOT, [make_case()], SENT, addresses=book)
    found = {a.organisation: (a.address, a.derived) for a in message.attendees}
    assert found["Wijkcentrum"] == ("tafel@wijkcentrum.example", False)
    assert found["Buurtteam Oost"] == ("buurtteam-oost@partners.example", True)
    with pytest.raises(
        EscalatieError, match=r"settings \[calendar.addresses\] X: expected an e-mail"
    ):
        AddressBook.from_settings({"addresses": {"X": "not an address"}})
    with pytest.raises(EscalatieError, match=r"settings \[calendar\] attendee_domain"):
        AddressBook.from_settings({"attendee_domain": 3})


def test_forum_without_a_functional_address_cannot_invite(
    model: EscalationModel, make_model: Any, make_case: Any
) -> None:
    forum = model.forums[0]
    silent = attrs.evolve(forum, organiser=attrs.evolve(forum.organiser, address=""))
    with pytest.raises(EscalatieError, match="no functional address"):
        invitation(make_model((silent,)), SLOT, [make_case()], SENT)


def test_no_cases_and_no_rotation_means_nobody_to_invite(
    model: EscalationModel, make_model: Any
) -> None:
    forum = model.forums[0]
    bare = attrs.evolve(forum, participants=attrs.evolve(forum.participants, rotation_pool=()))
    with pytest.raises(EscalatieError, match="no participating organisation") as info:
        invitation(make_model((bare,)), SLOT, [], SENT)
    # A register user is told why the cases planned in the register do not count here.
    assert "(cases planned in the register are not read from it)" in str(info.value)


def test_cases_are_pseudonymised_before_a_participants_function_sees_them(
    model: EscalationModel, make_case: Any
) -> None:
    seen: list[Case] = []

    def participants(context: MeetingContext) -> list[Invitee]:
        seen.extend(context.cases)
        return [Invitee("Wijkcentrum")]

    case = make_case("casus-3", Identity(name="Klaas Verzonnen"))
    message = invitation(model, SLOT, [case], SENT, participants=participants)
    assert [c.identity for c in seen] == [None]
    assert [a.organisation for a in message.attendees] == ["Wijkcentrum"]


def test_organiser_address_from_settings_by_forum_or_model(
    model: EscalationModel, make_model: Any, make_case: Any
) -> None:
    forum = model.forums[0]
    silent = make_model((attrs.evolve(forum, organiser=attrs.evolve(forum.organiser, address="")),))
    with pytest.raises(EscalatieError) as err:
        invitation(silent, SLOT, [make_case()], SENT)
    assert 'set one in the settings: [calendar.organisers] "tafel" = ' in str(err.value)
    by_forum = AddressBook.from_settings({"organisers": {"tafel": "po@teststad.example"}})
    message = invitation(silent, SLOT, [make_case()], SENT, addresses=by_forum)
    assert message.organizer == "po@teststad.example"
    assert 'ORGANIZER;CN="Gemeente Teststad":mailto:po@teststad.example' in message.text
    by_model = AddressBook.from_settings({"organisers": {"test-tafel": "model@teststad.example"}})
    assert invitation(silent, SLOT, [make_case()], SENT, addresses=by_model).organizer == (
        "model@teststad.example"
    )
    both = AddressBook.from_settings(
        {"organisers": {"test-tafel": "model@teststad.example", "tafel": "po@teststad.example"}}
    )
    assert invitation(silent, SLOT, [make_case()], SENT, addresses=both).organizer == (
        "po@teststad.example"  # the forum key is the more specific
    )
    # The settings override an address the model gives, in invitations and in the schedule.
    assert invitation(model, SLOT, [make_case()], SENT, addresses=by_forum).organizer == (
        "po@teststad.example"
    )
    with pytest.raises(
        EscalatieError, match=r"settings \[calendar.organisers\] tafel: expected an e-mail"
    ):
        AddressBook.from_settings({"organisers": {"tafel": "nobody"}})


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"attendee_domian": "x.example"},
            "settings [calendar] attendee_domian: unknown setting (did you mean 'attendee_domain'?)",
        ),
        (
            {"organizers": {}},
            "settings [calendar] organizers: unknown setting (did you mean 'organisers'?)",
        ),
        ({"organisers": "po@x.example"}, "settings [calendar] organisers: expected a table"),
    ],
)
def test_calendar_settings_refuse_unknown_keys(table: dict[str, Any], message: str) -> None:
    with pytest.raises(EscalatieError) as err:
        AddressBook.from_settings(table)
    assert str(err.value).startswith(message)


def test_calendar_settings_report_every_problem_with_its_path() -> None:
    """The [calendar] table goes through the settings converter: one line per problem."""
    with pytest.raises(SettingsError) as err:
        AddressBook.from_settings(
            {
                "attendee_domain": "geen domein",
                "addresses": {"Lokalis": "lokalis"},
                "locations": {"tafel": "regel 1\nregel 2"},
                "organizers": {},
            }
        )
    assert err.value.problems == [
        "settings [calendar] organizers: unknown setting (did you mean 'organisers'?); expected "
        "one of addresses, attendee_domain, caldav, locations, organisers, smtp",
        "settings [calendar] attendee_domain: expected a domain such as organisaties.example, "
        "got 'geen domein'",
        "settings [calendar.addresses] Lokalis: expected an e-mail address such as "
        "team@org.example (one address: letters, digits and . _ + - before the @, a domain of "
        "letters, digits and -), got 'lokalis'",
        "settings [calendar.locations] tafel: expected an address or an online-meeting link on "
        "one line of at most 300 characters, got 'regel 1\\nregel 2'",
    ]
