"""The catalog's sentences in the window's language.

The catalog keeps what it tells a person as parts (``catalog/content/sentence.py``): an
English template, marked where it is written, and its values. Here they are said with
Qt's translation of each template (its context as the catalog names it), so that the
command line's English and the window's Spanish come from the same parts.
"""

from __future__ import annotations

from collections.abc import Callable

from csec_desktop.catalog.content.sentence import Sentence, SentenceFailure
from csec_desktop.ui.qt import QCoreApplication


def _translate(context: str, template: str) -> str:
    # The templates are extracted from the catalog's files (scripts/dev.py,
    # translation_sources), so a variable is looked up here, not a literal.
    return QCoreApplication.translate(context, template)


def say(sentence: Sentence, emphasize: Callable[[str], str] = str) -> str:
    """``sentence`` in the window's language (``emphasize`` marks typed words)."""
    return sentence.say(_translate, emphasize)


def told(error: Exception) -> str:
    """What ``error`` tells, in the window's language when the catalog gave its parts."""
    return say(error.sentence) if isinstance(error, SentenceFailure) else str(error)
