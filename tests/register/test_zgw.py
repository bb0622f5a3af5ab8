"""ZGW export: Zaak, Status, Rol and Resultaat validate against the Zaken API 1.5.1 schemas.

The component schemas are vendored in ``zaken_api_1_5_1_components.json`` (extracted from the
spec; the file names its source), so the test runs without /work/shared. When the full spec is
present, the export is validated against it as well.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from escalatie.case import Case, PartyRole, SubmitterRole
from escalatie.clock import AMSTERDAM
from escalatie.deadlines import Norms
from escalatie.errors import EscalatieError
from escalatie.learning import LearningTheme
from escalatie.model import EscalationModel
from escalatie.register import commands
from escalatie.register.register import Register
from escalatie.register.session import Session
from escalatie.register.state import CaseState
from escalatie.zgw import catalogue
from escalatie.zgw.export import export_case
from escalatie.zgw.openapi import convert, json_schema, rol_schema_name
from escalatie.zgw.settings import OUTCOMES, ROLES, STATUSES, ZgwSettings, example_url, from_table

from .conftest import triaged

HERE = Path(__file__).parent
FULL_SPEC = Path(
    os.environ.get("ZAKEN_API_SPEC")
    or Path(__file__).resolve().parents[3] / "shared" / "specs" / "zaken-api-1.5.1.openapi.yaml"
)
"""The official spec in ../shared beside the repository, when it is there (as in CI), or the
file ``ZAKEN_API_SPEC`` names."""


def t(day: str, hour: int = 10) -> datetime:
    d = date.fromisoformat(day)
    return datetime(d.year, d.month, d.day, hour, tzinfo=AMSTERDAM)


def vendored() -> dict[str, Any]:
    return dict(json.loads((HERE / "zaken_api_1_5_1_components.json").read_text())["components"])


def validators(components: dict[str, Any]) -> Callable[[str], Draft202012Validator]:
    cache: dict[str, Draft202012Validator] = {}

    def get(name: str) -> Draft202012Validator:
        if name not in cache:
            schema = json_schema(components, name)
            Draft202012Validator.check_schema(schema)
            cache[name] = Draft202012Validator(
                schema, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
        return cache[name]

    return get


def validate(export: dict[str, Any], get: Callable[[str], Draft202012Validator]) -> None:
    def check(name: str, item: dict[str, Any]) -> None:
        errors = sorted(get(name).iter_errors(item), key=str)
        assert not errors, f"{name}: " + "; ".join(
            f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]
        )

    check("Zaak", export["zaak"])
    for status in export["statussen"]:
        check("Status", status)
    for rol in export["rollen"]:
        check(rol_schema_name(rol), rol)
        check("Rol", rol)
    if export["resultaat"] is not None:
        check("Resultaat", export["resultaat"])


def _bring(reg: Register, case: Case, stage: str, model: EscalationModel) -> CaseState:
    with reg.transaction():
        s = Session(reg, "tester", t("2026-03-02"), t("2026-03-02"))
        case_id = commands.submit(s, case, model=model.name)
    if stage != "submitted":
        with reg.transaction():
            s = Session(reg, "tester", t("2026-03-03"), t("2026-03-03"))
            commands.plan(
                s,
                case_id,
                model,
                t("2026-03-16", 9).replace(minute=15),
                triaged=triaged(s, case_id, model),
            )
            commands.add_agreement(
                s,
                case_id,
                "Gezinsbegeleiding starten",
                "Lokalis",
                date(2026, 3, 30),
                "Lokalis buurtteam",
            )
            commands.add_insight(
                s, case_id, LearningTheme.PROCESS, "Eerder het aanspreekpunt bellen"
            )
            commands.suspend(s, case_id, "wacht op indicatie")
    if stage == "closed":
        with reg.transaction():
            s = Session(reg, "tester", t("2026-03-20"), t("2026-03-20"))
            commands.resume(s, case_id)
            commands.close(
                s, case_id, commands.Outcome.PARTLY_RESOLVED, "Hulp gestart, wonen nog open"
            )
    return reg.state(case_id)


@pytest.mark.parametrize("stage", ["submitted", "planned", "closed"])
def test_export_validates_against_the_vendored_schemas(
    reg: Register, case: Case, model: EscalationModel, stage: str
) -> None:
    state = _bring(reg, case, stage, model)
    export = export_case(state, from_table({}), Norms(), t("2026-03-25"), model)
    validate(export, validators(vendored()))


@pytest.mark.skipif(not FULL_SPEC.exists(), reason="the full Zaken API spec is not present")
def test_export_validates_against_the_full_spec(
    reg: Register, case: Case, model: EscalationModel
) -> None:
    import yaml

    spec = yaml.safe_load(FULL_SPEC.read_text(encoding="utf-8"))
    state = _bring(reg, case, "closed", model)
    validate(
        export_case(state, from_table({}), Norms(), t("2026-03-25"), model),
        validators(spec["components"]),
    )


def test_roles_status_and_result_map_the_case(
    reg: Register, case: Case, model: EscalationModel
) -> None:
    state = _bring(reg, case, "closed", model)
    export = export_case(state, from_table({}), Norms(), t("2026-03-25"), model)
    roles = {r["omschrijvingGeneriek"]: r for r in export["rollen"]}
    assert (
        roles["zaakcoordinator"]["betrokkeneIdentificatie"]["statutaireNaam"] == "Lokalis buurtteam"
    )
    assert roles["initiator"]["betrokkeneIdentificatie"]["statutaireNaam"] == "Lokalis"
    assert roles["belanghebbende"]["betrokkeneType"] == "natuurlijk_persoon"
    # A pseudonym only: no name, BSN or date of birth leaves the register (docs/privacy.md).
    assert roles["belanghebbende"]["betrokkeneIdentificatie"] == {
        "anpIdentificatie": f"{state.case_id}-J"
    }
    assert all("betrokkeneIdentificatie" in r for r in export["rollen"])
    assert roles["initiator"]["roltoelichting"] == "Casusinbrenger: wijkteam"
    assert roles["adviseur"]["roltoelichting"] == "Huidige betrokkene: jeugdbescherming"
    assert "zaakgeometrie" not in export["zaak"]
    assert roles["behandelaar"]["betrokkeneIdentificatie"]["naam"] == "Gemeente Teststad"
    assert roles["adviseur"]["betrokkeneIdentificatie"]["statutaireNaam"] == "Samen Veilig"
    assert [s["statustoelichting"] for s in export["statussen"]] == [
        "Ingediend", "Geagendeerd", "Afspraken gemaakt", "Afgesloten",
    ]  # fmt: skip
    assert [s["indicatieLaatstGezetteStatus"] for s in export["statussen"]] == [
        False,
        False,
        False,
        True,
    ]
    zaak = export["zaak"]
    assert zaak["status"] == export["statussen"][-1]["url"]
    assert zaak["resultaat"] == export["resultaat"]["url"]
    assert zaak["einddatum"] == "2026-03-20"
    assert zaak["opschorting"] == {"indicatie": False, "reden": ""}
    assert export["resultaat"]["resultaattype"] == example_url("resultaattypen", "partly_resolved")
    # Suspended 3 to 20 March: 13 working days move the planned end (20 working days from 2 March).
    assert zaak["einddatumGepland"] == "2026-04-20"
    assert export == export_case(state, from_table({}), Norms(), t("2026-03-25"), model)  # stable


def test_a_suspended_case_is_opgeschort(reg: Register, case: Case, model: EscalationModel) -> None:
    state = _bring(reg, case, "planned", model)
    zaak = export_case(state, from_table({}), Norms(), t("2026-03-25"), model)["zaak"]
    assert zaak["opschorting"] == {"indicatie": True, "reden": "wacht op indicatie"}


def test_settings_set_the_catalogue_urls(reg: Register, case: Case, model: EscalationModel) -> None:
    state = _bring(reg, case, "submitted", model)
    settings = from_table(
        {
            "zaken_api": "https://zaken.teststad.nl/api/v1/",
            "zaaktype": "https://catalogi.teststad.nl/zaaktypen/1",
            "bronorganisatie": "002220647",
            "statustypen": {"submitted": "https://catalogi.teststad.nl/statustypen/ingediend"},
        }
    )
    export = export_case(state, settings, Norms(), t("2026-03-25"))
    assert export["zaak"]["url"].startswith("https://zaken.teststad.nl/api/v1/zaken/")
    assert export["zaak"]["zaaktype"] == "https://catalogi.teststad.nl/zaaktypen/1"
    assert (
        export["statussen"][0]["statustype"] == "https://catalogi.teststad.nl/statustypen/ingediend"
    )
    assert export["zaak"]["bronorganisatie"] == "002220647"


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        ({"zaaktype": "ftp://x"}, "[zgw] zaaktype: expected an http(s) URL"),
        ({"bronorganisatie": "12345"}, "[zgw] bronorganisatie: expected an RSIN"),
        ({"roltypen": {"initiator": 3}}, "[zgw.roltypen] initiator"),
        ({"roltypen": {"chair": "https://x.nl/r"}}, "[zgw.roltypen] chair: unknown key"),
        ({"statustypen": "x"}, "[zgw] statustypen: expected a table"),
        ({"vertrouwelijkheidaanduiding": "secret"}, "vertrouwelijkheidaanduiding"),
    ],
)
def test_bad_zgw_settings_name_the_key(table: dict[str, Any], needle: str) -> None:
    with pytest.raises(EscalatieError) as err:
        from_table(table)
    assert needle in str(err.value)


def test_nullable_conversion() -> None:
    assert convert({"type": "string", "nullable": True}) == {"type": ["string", "null"]}
    assert convert({"allOf": [{"$ref": "#/components/schemas/X"}], "nullable": True}) == {
        "anyOf": [{"allOf": [{"$ref": "#/$defs/X"}]}, {"type": "null"}]
    }
    assert convert({"properties": {"nullable": {"type": "boolean"}}}) == {
        "properties": {"nullable": {"type": "boolean"}}
    }


def test_cli_export_writes_valid_zgw(run: Any, case_file: Path, tmp_path: Path) -> None:
    case_id = run("case", "new", str(case_file)).stdout.strip()
    out = tmp_path / "out" / "zaak.json"
    out.parent.mkdir()  # -o writes into an existing folder only
    result = run("case", "export", case_id, "--format", "zgw", "-o", str(out))
    assert result.exit_code == 0, result.output
    validate(json.loads(out.read_text()), validators(vendored()))
    config = tmp_path / "bad-zgw.toml"
    config.write_text('[zgw]\nbronorganisatie = "12"\n')
    bad = run("case", "export", case_id, "--format", "zgw", env={"ESCALATIE_CONFIG": str(config)})
    assert bad.exit_code == 1 and "bronorganisatie" in bad.stderr
    typo = tmp_path / "typo-zgw.toml"
    typo.write_text('[zgw]\nzaak_type = "https://x.example/z"\n')
    bad = run("case", "export", case_id, "--format", "zgw", env={"ESCALATIE_CONFIG": str(typo)})
    assert (
        bad.exit_code == 1
        and "settings [zgw] zaak_type: unknown setting (did you mean 'zaaktype'?)" in bad.stderr
    )


def test_two_leads_give_one_zaakcoordinator_the_latest(
    reg: Register, case: Case, model: EscalationModel
) -> None:
    """Seed 000 step 5: one party takes the regie; a later agreement is the later decision."""
    state = _bring(reg, case, "planned", model)
    with reg.transaction():
        s = Session(reg, "tester", t("2026-03-04"), t("2026-03-04"))
        commands.resume(s, state.case_id)
        commands.add_agreement(
            s, state.case_id, "Schoolplek zoeken", "Samen Veilig", date(2026, 4, 10), "Samen Veilig"
        )
    state = reg.state(state.case_id)
    export = export_case(state, from_table({}), Norms(), t("2026-03-25"), model)
    validate(export, validators(vendored()))
    coordinators = [r for r in export["rollen"] if r["omschrijvingGeneriek"] == "zaakcoordinator"]
    assert [c["betrokkeneIdentificatie"]["statutaireNaam"] for c in coordinators] == [
        "Samen Veilig"
    ]
    assert coordinators[0]["registratiedatum"].startswith("2026-03-04")
    advisers = {
        r["betrokkeneIdentificatie"]["statutaireNaam"]: r["roltoelichting"]
        for r in export["rollen"]
        if r["omschrijvingGeneriek"] == "adviseur"
    }
    assert advisers == {
        "Lokalis buurtteam": "Trekker van een deel van de afspraken.",
        "Samen Veilig": "Huidige betrokkene: jeugdbescherming",
    }
    assert sum(r["omschrijvingGeneriek"] == "initiator" for r in export["rollen"]) == 1


@pytest.mark.parametrize(("role", "letter"), [("parent", "O"), ("young_person", "J")])
def test_a_parent_or_young_person_as_initiator_is_a_natuurlijk_persoon(
    reg: Register, case_doc: dict[str, Any], model: EscalationModel, role: str, letter: str
) -> None:
    from escalatie.documents import structure

    case_doc["submitter"] = {"role": role}
    state = _bring(reg, structure(case_doc, Case), "closed", model)
    export = export_case(state, from_table({}), Norms(), t("2026-03-25"), model)
    validate(export, validators(vendored()))
    initiator = next(r for r in export["rollen"] if r["omschrijvingGeneriek"] == "initiator")
    assert initiator["betrokkeneType"] == "natuurlijk_persoon"
    assert initiator["betrokkeneIdentificatie"] == {"anpIdentificatie": f"{state.case_id}-{letter}"}
    assert initiator["roltoelichting"] == (
        "Casusinbrenger: ouder" if role == "parent" else "Casusinbrenger: jeugdige"
    )
    text = json.dumps(export, ensure_ascii=False)
    for canary in ("Sanne", "Verbeek", "111222333", "2011-05-04", "98765432", "Teststraat"):
        assert canary not in text  # a pseudonym, never the identity (docs/privacy.md)


@pytest.mark.parametrize("role", [r.value for r in SubmitterRole])
def test_no_english_enum_values_in_dutch_text(
    reg: Register, case_doc: dict[str, Any], model: EscalationModel, role: str
) -> None:
    from escalatie.documents import structure

    case_doc["submitter"] = {"role": role}
    case_doc["parties"] = [
        {"organisation": f"Partij {n}", "role": p.value, "currently_involved": True}
        for n, p in enumerate(PartyRole)
    ]
    state = _bring(reg, structure(case_doc, Case), "submitted", model)
    export = export_case(state, from_table({}), Norms(), t("2026-03-25"), model)
    english = {v.value for v in SubmitterRole} | {v.value for v in PartyRole}
    for rol in export["rollen"]:
        words = set(rol["roltoelichting"].replace(":", " ").replace(";", " ").split())
        assert not words & english, rol["roltoelichting"]


@pytest.mark.parametrize("key", ["bronorganisatie", "verantwoordelijke_organisatie"])
def test_rsin_takes_the_11_check(key: str) -> None:
    with pytest.raises(EscalatieError) as err:
        from_table({key: "123456789"})
    assert f"settings [zgw] {key}: expected an RSIN that passes the 11-check" in str(err.value)
    assert getattr(from_table({key: "002220647"}), key) == "002220647"


def test_a_secret_in_the_settings_is_refused() -> None:
    with pytest.raises(EscalatieError) as err:
        from_table({"client_secret": "geheim"})
    assert "ESCALATIE_ZGW_SECRET" in str(err.value) and "geheim" not in str(err.value)


OWN = "https://catalogi.teststad.example/api/v1"


def own_settings(document: Path | None = None, **types: dict[str, str]) -> ZgwSettings:
    table: dict[str, Any] = {
        "zaaktype": f"{OWN}/zaaktypen/1",
        "statustypen": {s: f"{OWN}/statustypen/{s}" for s in STATUSES},
        "roltypen": {r: f"{OWN}/roltypen/{r}" for r in ROLES},
        "resultaattypen": {o: f"{OWN}/resultaattypen/{o}" for o in OUTCOMES},
    }
    for kind, values in types.items():
        table[kind] = {**table[kind], **values}
    if document is not None:
        table["zaaktype_document"] = str(document)
    return from_table(table)


def zaaktype_document(path: Path, roltypen: list[str] | None = None) -> Path:
    path.write_text(
        json.dumps(
            {
                "url": f"{OWN}/zaaktypen/1",
                "statustypen": [f"{OWN}/statustypen/{s}" for s in STATUSES],
                "roltypen": roltypen or [f"{OWN}/roltypen/{r}" for r in ROLES],
                "resultaattypen": [f"{OWN}/resultaattypen/{o}" for o in OUTCOMES],
            }
        ),
        encoding="utf-8",
    )
    return path


def test_catalogue_types_must_belong_to_the_zaaktype(tmp_path: Path) -> None:
    example = catalogue.check(from_table({}))
    assert len(example) == 1 and "example catalogue" in example[0]
    assert "not checked" in catalogue.check(own_settings())[0]
    assert catalogue.check(own_settings(zaaktype_document(tmp_path / "z.json"))) == []
    document = zaaktype_document(tmp_path / "z.json", roltypen=[f"{OWN}/roltypen/initiator"])
    with pytest.raises(EscalatieError) as err:
        catalogue.check(own_settings(document))
    assert str(err.value).startswith("settings [zgw.roltypen] zaakcoordinator: ")
    assert "is not a roltype of zaaktype" in str(err.value)
    with pytest.raises(EscalatieError) as err:
        catalogue.check(own_settings(statustypen={"closed": example_url("statustypen", "closed")}))
    assert "settings [zgw.statustypen] closed: still the example statustype" in str(err.value)
    with pytest.raises(EscalatieError) as err:
        catalogue.check(from_table({"roltypen": {"initiator": f"{OWN}/roltypen/x"}}))
    assert "settings [zgw.roltypen] initiator" in str(err.value)
    with pytest.raises(EscalatieError) as err:
        catalogue.check(own_settings(tmp_path / "missing.json"))
    assert "settings [zgw] zaaktype_document" in str(err.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs and /dev/zero")
def test_a_hostile_zaaktype_document_is_one_line_not_a_traceback_or_a_hang(
    tmp_path: Path,
) -> None:
    """Attacker review, finding 6: deep JSON, /dev/zero, a FIFO, a folder, a huge file."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * 4_000_001)
    expected = {
        deep: "nested too deeply",
        Path("/dev/zero"): "not a regular file",
        fifo: "not a regular file",
        tmp_path: "not a regular file",
        huge: "larger than 4,000,000 bytes",
    }
    for path, problem in expected.items():
        with pytest.raises(EscalatieError) as err:
            catalogue.check(own_settings(path))
        message = str(err.value)
        assert message.startswith(f"settings [zgw] zaaktype_document: {path}: ")
        assert problem in message and "\n" not in message


def test_cli_export_warns_about_the_example_catalogue(
    run: Any, case_file: Path, tmp_path: Path
) -> None:
    case_id = run("case", "new", str(case_file)).stdout.strip()
    result = run("case", "export", case_id, "--format", "zgw")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "example catalogue" in warnings[0]
    config = tmp_path / "rsin.toml"
    config.write_text('[zgw]\nbronorganisatie = "123456789"\n')
    bad = run("case", "export", case_id, "--format", "zgw", env={"ESCALATIE_CONFIG": str(config)})
    assert bad.exit_code == 1
    assert bad.stderr.strip().endswith(
        "settings [zgw] bronorganisatie: expected an RSIN that passes the 11-check, got '123456789'"
    )


def test_a_failed_export_or_push_is_its_error_alone(
    run: Any, case_file: Path, tmp_path: Path
) -> None:
    """The example-catalogue warning is shown once the export is written (or the push done),
    never before an error line: a failure is one line (attacker review, closing note 6)."""
    case_id = run("case", "new", str(case_file)).stdout.strip()
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    failed = run("case", "export", case_id, "--format", "zgw", "-o", str(blocked / "x.json"))
    assert failed.exit_code == 1
    assert failed.stderr.count("\n") == 1 and failed.stderr.startswith("error: -o/--output: ")
    pushed = run("case", "push", case_id, "--zgw")  # the example Zaken API: refused
    assert pushed.exit_code == 1
    assert pushed.stderr.count("\n") == 1
    assert pushed.stderr.startswith("error: settings [zgw] zaken_api: still the example")
