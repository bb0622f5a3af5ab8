"""Functions escalatie writes as Python source at run time: the fast readers of case documents
(:mod:`escalatie.documents`), compare's deciders (:mod:`escalatie.triaging`) and the renaming
copies of a case (:func:`escalatie.privacy.copy_with`).

One way to make them, so a maintainer can debug through each: the source is registered with
:mod:`linecache` under its ``<...>`` file name, as attrs does for the methods it writes, so a
traceback, ``inspect.getsource`` and pdb show the code; in the command's own process the
compiled code is kept between runs with attrs' generated code (:mod:`escalatie.codecache`).
"""

from __future__ import annotations

import linecache
from typing import Any


def define(source: str, filename: str, scope: dict[str, Any], name: str) -> Any:
    """The function ``name`` that ``source`` defines, run in ``scope``; ``filename`` (such as
    ``"<fast structuring of Case>"``) names it in tracebacks, and must be unique per source."""
    from escalatie.codecache import future_flags, installed

    cache = installed()
    if cache is None:
        code = compile(source, filename, "exec")
    else:
        code = cache.compile(source, filename, future_flags(define))
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(code, scope)
    return scope[name]
