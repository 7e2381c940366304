"""One normal form for party names, so that spellings of the same name compare equal."""

import functools
import re
import unicodedata
from collections.abc import Iterable

import opencc

# NFKC has already turned （）［］｛｝ into their ASCII forms; the rest are folded here.
_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")",
                           "{": "(", "}": ")", "〖": "(", "〗": ")"})
# White space, invisible format and control characters, lone surrogates (which no
# encoder accepts) and the dots that separate parts of a name (·•・. …) carry no
# meaning in a name.
_NOISE = re.compile(r"[\s\ud800-\udfff\u00b7\u2022\u2027\u2219\u22c5\u30fb\u16eb.\u200b-\u200f\u2060\ufeff"
                    r"\x00-\x1f\x7f-\x9f]+")
_ROUNDS = 4


@functools.cache
def _converter() -> opencc.OpenCC:
    # Built on first use, not at import: loading the dictionaries costs milliseconds.
    return opencc.OpenCC("t2s")


def _once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _NOISE.sub("", text.translate(_BRACKETS))
    text = _converter().convert(text)
    return unicodedata.normalize("NFKC", text.casefold())


def normalise_name(name: str) -> str:
    """Names equal up to width, brackets, spacing, separator dots, script and case normalise equal."""
    text = _once(name)
    # Case folding and conversion can each undo the other's normal form on rare
    # characters; repeating until nothing changes makes the function idempotent.
    for _ in range(_ROUNDS):
        again = _once(text)
        if again == text:
            return text
        text = again
    return text


def search_key(names: Iterable[str]) -> str:
    """A party's names in normal form, each once, "|"-joined (what partial-name search reads)."""
    return "|".join(dict.fromkeys(map(normalise_name, names)))
