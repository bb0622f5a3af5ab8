"""Testing helpers shipped for researchers and plugin authors.

- :mod:`escalatie.testing.strategies`: hypothesis strategies for cases and models (registered
  for :class:`~escalatie.case.Case` through hypothesis's ``hypothesis`` entry point);
- :mod:`escalatie.testing.synthetic`: small synthetic escalation models, built deterministically;
- :mod:`escalatie.testing.properties`: properties every model must satisfy;
- :mod:`escalatie.testing.mutations`: broken documents (valid ones, then damaged) for fuzzing
  whatever reads them;
- :mod:`escalatie.testing.pytest_plugin`: fixtures ``escalatie_model``, ``escalatie_registry``
  and ``escalatie_plugin`` (loaded through the ``pytest11`` entry point).

See ``docs/testing.md``.
"""
