"""Research tools: compare models case by case, their feature matrix, and a queue simulation.

- :mod:`escalatie.research.compare`: every case through every model, one row per pair;
- :mod:`escalatie.research.features`: the models' feature matrix;
- :mod:`escalatie.research.simulate`: random arrivals queueing for each model's forum;
- :mod:`escalatie.research.output`: rows as an aligned table, CSV, JSON or Markdown;
- :mod:`escalatie.research.plot`: waiting-time distributions drawn with matplotlib;
- :mod:`escalatie.research.synthetic`: deterministic synthetic cases for benchmarks.

See ``docs/research.md``.
"""
