"""Models as data: a municipality's escalation model written as a TOML file.

:mod:`~escalatie.modelfile.spec` is the file format (attrs classes read through the project's
converter), :mod:`~escalatie.modelfile.load` reads, merges (``extends``) and compiles files into
:class:`~escalatie.model.EscalationModel` objects, :mod:`~escalatie.modelfile.schema` gives the
JSON Schema, :mod:`~escalatie.modelfile.starter` the commented starter of ``model new``.
See ``docs/model-files.md``.
"""
