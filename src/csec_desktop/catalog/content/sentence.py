"""Sentences the desk says to a person, kept as their parts: an English template and the
values it names, so that each face says them in its own language from the same parts.

The command line says them in English (``str(sentence)``); the window passes Qt's
translation (``ui/sentences.py``), which looks each template up in its context. The
templates are marked with :func:`QT_TRANSLATE_NOOP` where they are written, so that
``pyside6-lupdate`` (``scripts/translations.py``, over the files
``scripts/dev.py``'s ``translation_sources`` lists) extracts them from here: the English
is written once, in the catalog. The catalog imports no Qt, so the marker is this
function, which lupdate knows by its name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Self, TypeAlias

# (context, English template) → the template in the face's language.
Translate = Callable[[str, str], str]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate reads)
    """``text``, marked as a template of ``context`` for ``pyside6-lupdate``."""
    del context
    return text


def english(_context: str, template: str) -> str:
    """The template as written: the desk's own language."""
    return template


@dataclass(frozen=True)
class Typed:
    """Words the person typed (or a place they named), which a face may set apart."""

    words: str


# A value a sentence names: a number or text as it is, typed words, a sentence of its
# own (said in the same language), or several of them said one after another, ", "
# between them.
Value: TypeAlias = "str | int | float | Typed | Sentence | Sequence[Value]"


@dataclass(frozen=True)
class Sentence:
    """``template`` (English, a ``str.format`` string) of ``context`` with its ``values``."""

    context: str
    template: str
    values: Mapping[str, Value] = field(default_factory=dict)

    def say(self, translate: Translate = english, emphasize: Callable[[str], str] = str) -> str:
        """The sentence in the language ``translate`` gives, ``emphasize`` marking typed
        words (the window escapes and italicises them)."""

        def said(value: Value) -> str:
            if isinstance(value, Sentence):
                return value.say(translate, emphasize)
            if isinstance(value, Typed):
                return emphasize(value.words)
            if isinstance(value, str | int | float):
                return str(value)
            return ", ".join(said(item) for item in value)

        return translate(self.context, self.template).format(
            **{name: said(value) for name, value in self.values.items()}
        )

    def __str__(self) -> str:
        return self.say()


# The last two items of a list.
AND = QT_TRANSLATE_NOOP("Sentences", "{items} and {last}")


def and_list(items: Sequence[Value]) -> Value:
    """ "a", "a and b", "a, b and c", each item said in the sentence's language."""
    if len(items) == 1:
        return items[0]
    return Sentence("Sentences", AND, {"items": list(items[:-1]), "last": items[-1]})


class SentenceFailure(Exception):
    """A failure told in one sentence whose parts a face can say in its language
    (``str(error)`` is the English)."""

    # The translation context of a kind of failure's templates.
    context: ClassVar[str] = ""

    def __init__(self, sentence: Sentence) -> None:
        super().__init__(str(sentence))
        self.sentence = sentence

    @classmethod
    def of(cls, template: str, **values: Value) -> Self:
        """The failure that says ``template`` (one of :attr:`context`) with ``values``."""
        return cls(Sentence(cls.context, template, values))


class SentenceError(SentenceFailure, ValueError):
    """Something typed that cannot be used, told in one sentence (see
    :class:`SentenceFailure`)."""
