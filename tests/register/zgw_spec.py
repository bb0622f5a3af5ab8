"""The part of the Zaken API 1.5.1 OpenAPI file the push uses, vendored for the tests.

``zaken_api_1_5_1_push.openapi.json`` holds the operations a push sends (and the list
operations it looks objects up with) and everything they reference, with descriptions
removed, extracted from VNG-Realisatie/zaken-api ``src/openapi.yaml`` at commit
``9be7e14b0f08adc7932e3e4cad6bec57c5cbd6b3`` (EUPL-1.2) by :func:`extract`. When the full file
is present, ``test_zgw_push.py`` checks that the vendored part is still exactly what
:func:`extract` takes from it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
VENDORED = HERE / "zaken_api_1_5_1_push.openapi.json"
SOURCE = (
    "Extracted from VNG-Realisatie/zaken-api src/openapi.yaml at commit "
    "9be7e14b0f08adc7932e3e4cad6bec57c5cbd6b3 (Zaken API 1.5.1, OpenAPI 3.0.3, EUPL-1.2): "
    "the operations below and everything they reference, descriptions removed "
    "(tests/register/zgw_spec.py, extract)."
)
OPERATIONS = {
    "/zaken": ("get", "post"),
    "/zaken/{uuid}": ("get", "put"),
    "/statussen": ("get", "post"),
    "/rollen": ("get", "post"),
    "/rollen/{uuid}": ("delete",),
    "/resultaten": ("get", "post"),
    "/resultaten/{uuid}": ("put",),
}
_PROSE = frozenset({"description", "summary", "example", "externalDocs"})


def _strip(node: Any, parent: str = "") -> Any:
    """Drop prose; keep names under ``properties`` and a response's required description."""
    if isinstance(node, list):
        return [_strip(n) for n in node]
    if not isinstance(node, dict):
        return node
    response = parent.isdigit() or parent == "responses"
    return {
        k: (v if k == "description" else _strip(v, k))
        for k, v in node.items()
        if parent == "properties" or k not in _PROSE or (response and k == "description")
    }


def _refs(node: Any, out: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            out.add(ref)
        for value in node.values():
            _refs(value, out)
    elif isinstance(node, list):
        for value in node:
            _refs(value, out)


def extract(spec: dict[str, Any]) -> dict[str, Any]:
    """The operations of :data:`OPERATIONS` with the closure of the components they use."""
    paths = {
        path: {m: copy.deepcopy(spec["paths"][path][m]) for m in methods}
        for path, methods in OPERATIONS.items()
    }
    components: dict[str, dict[str, Any]] = {}
    pending: set[str] = set()
    _refs(paths, pending)
    done: set[str] = set()
    while pending:
        ref = pending.pop()
        if ref in done:
            continue
        done.add(ref)
        _, _, section, name = ref.split("/", 3)
        node = spec["components"][section][name]
        components.setdefault(section, {})[name] = copy.deepcopy(node)
        _refs(node, pending)
    components["securitySchemes"] = copy.deepcopy(spec["components"]["securitySchemes"])
    out = {
        "openapi": spec["openapi"],
        "info": {"title": spec["info"]["title"], "version": spec["info"]["version"]},
        "x-source": SOURCE,
        "servers": [{"url": "/zaken/api/v1"}],
        "paths": paths,
        "components": {s: dict(sorted(v.items())) for s, v in sorted(components.items())},
    }
    stripped: dict[str, Any] = _strip(out)
    return stripped


def vendored() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(VENDORED.read_text(encoding="utf-8"))
    return data


if __name__ == "__main__":  # regenerate: python tests/register/zgw_spec.py FULL_SPEC.yaml
    import sys

    import yaml

    full = yaml.safe_load(Path(sys.argv[1]).read_text(encoding="utf-8"))
    VENDORED.write_text(json.dumps(extract(full), indent=1, ensure_ascii=False) + "\n", "utf-8")
