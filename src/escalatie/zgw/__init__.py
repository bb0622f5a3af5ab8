"""Export of register cases to the Dutch case-handling standard (ZGW Zaken API 1.5.1).

:func:`escalatie.zgw.export.export_case` turns a case into Zaak, Status, Rol and Resultaat
resources a zaaksysteem understands; :mod:`escalatie.zgw.settings` reads the catalogue URLs
from the ``[zgw]`` settings table; :mod:`escalatie.zgw.openapi` turns the OpenAPI 3.0 component
schemas into JSON Schema so the output can be validated. See ``docs/zgw.md``.
"""
