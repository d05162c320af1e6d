"""SmartyPants that calls the library's conversions only where they can change something.

Why: ``smartypants.smartypants`` runs about fifteen regular-expression
substitutions (each through ``re``'s compile cache) on every run of text
between two tags, and most runs of a briefing hold no quote, dash, ellipsis,
backtick or backslash, so every one of those substitutions returns the run
unchanged. That was about 2.8 ms of the 9 ms a post costs to render
(issue 19). Typogrify stays the typography engine: this loop is the
library's own loop, statement for statement (smartypants 2.0.2: the same
tokenizer, the same stack of skipped tags, the same ``prev_token_last_char``),
and every conversion is still the library's own function. What is added is a
guard in front of each conversion, a substring that every pattern of that
conversion needs; a run without it would come back unchanged, so the call is
skipped. tests/test_typography_identical.py proves the output byte-identical
to the library on generated text, for every combination of attributes.

The guards are tested against the state of the run at that point of the
chain (after the conversions before it), exactly as the library feeds them.
"""

from __future__ import annotations

import re

import smartypants as _sp
from smartypants import (
    Attr,
    convert_backticks,
    convert_dashes,
    convert_dashes_oldschool,
    convert_dashes_oldschool_inverted,
    convert_ellipses,
    convert_entities,
    convert_quotes,
    convert_single_backticks,
    process_escapes,
)

#: The library's own test for "the previous run ended in a non-space" (``re.match(r"\S", c)``).
_NON_SPACE = re.compile(r"\S")

#: convert_entities' ``mode`` for each output attribute, as the library maps them (``mask_o``
#: has no fourth value, so the library's fallback mode 3 cannot occur).
_ENTITY_MODES = {Attr.u: 0, Attr.h: 1, Attr.s: 2}


def smartypants(text: str, attr: int) -> str:
    """``smartypants.smartypants(text, attr)``, byte for byte, without the calls that change nothing."""
    do_quotes = attr & Attr.q
    do_backticks = attr & Attr.mask_b
    do_dashes = attr & Attr.mask_d
    do_ellipses = attr & Attr.e
    do_entities = attr & Attr.mask_o
    convert_quot = attr & Attr.w
    # The library's dash choice: exactly one of the three functions, or none when the bits are
    # an unusual mix (D and i together), as its three ``==`` tests give.
    dashes = {Attr.d: convert_dashes, Attr.D: convert_dashes_oldschool,
              Attr.i: convert_dashes_oldschool_inverted}.get(do_dashes) if do_dashes else None
    entity_mode = _ENTITY_MODES[do_entities] if do_entities else None

    skipped_tag_stack: list[str] = []
    result: list[str] = []
    in_pre = False
    prev_token_last_char = ""
    # Built on every call, as the library does, so a change to smartypants.tags_to_skip still counts.
    tags_to_skip_regex = _sp._tags_to_skip_regex()

    for kind, t in _sp._tokenize(text):
        if kind == "tag":
            result.append(t)
            skip_match = tags_to_skip_regex.match(t)
            if skip_match:
                if not skip_match.group(1):
                    skipped_tag_stack.append(skip_match.group(2).lower())
                    in_pre = True
                else:
                    if skipped_tag_stack and skip_match.group(2).lower() == skipped_tag_stack[-1]:
                        skipped_tag_stack.pop()
                    if not skipped_tag_stack:
                        in_pre = False
            continue
        last_char = t[-1:]
        if not in_pre:
            # process_escapes: its six patterns are a backslash followed by \ " ' . - or `.
            if "\\" in t:
                t = process_escapes(t)
            # The library's re.sub('&quot;', '"', t): a literal pattern and a plain replacement,
            # so str.replace gives the same string; without "&quot;" there is nothing to replace.
            if convert_quot and "&quot;" in t:
                t = t.replace("&quot;", '"')
            # All three dash functions substitute only "---" and "--": both contain "--".
            if dashes is not None and "--" in t:
                t = dashes(t)
            # convert_ellipses substitutes "..." and ". . .", nothing else.
            if do_ellipses and ("..." in t or ". . ." in t):
                t = convert_ellipses(t)
            # convert_backticks substitutes "``" and "''" only.
            if do_backticks == Attr.b and ("``" in t or "''" in t):
                t = convert_backticks(t)
            # convert_single_backticks substitutes "`" and "'" only.
            if do_backticks == Attr.B and ("`" in t or "'" in t):
                t = convert_single_backticks(t)
            if do_quotes:
                if t == "'":
                    t = "&#8217;" if _NON_SPACE.match(prev_token_last_char) else "&#8216;"
                elif t == '"':
                    t = "&#8221;" if _NON_SPACE.match(prev_token_last_char) else "&#8220;"
                # Every pattern of convert_quotes has a literal ' or " in it, and its replacements
                # only add entities (and put back what a group captured), never a new quote: a run
                # with neither character comes back unchanged.
                elif "'" in t or '"' in t:
                    t = convert_quotes(t)
            # convert_entities replaces seven references, &#8211; to &#8230;: all begin "&#82".
            if entity_mode is not None and "&#82" in t:
                t = convert_entities(t, entity_mode)
        prev_token_last_char = last_char
        result.append(t)

    return "".join(result)
