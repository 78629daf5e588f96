"""Bounds on the work a user's templates (`--templates`) may do.

Jinja's sandbox keeps a template from reaching Python's internals, but not from looping or growing without
end. `BoundedSandbox` adds these limits; a template that passes one ends in a TemplateError naming it:

- `MAX_STEPS` = 100,000 steps per document (the built-in templates take under 500): every loop iteration
  and every call (of a macro, a method or a filter) is one step; this is what ends runaway loops and
  exponential macro recursion;
- `MAX_SECONDS` = 10 seconds per document, checked at every step, in case each step is slow;
- `MAX_RANGE` = 100,000 numbers in one `range()` (Jinja's own sandbox limit);
- `MAX_REPEAT` = 1,000,000 characters or items made by repetition (`'x' * n`, `[…] * n`), padding
  (`center`, `ljust`, `zfill`, format widths), `batch`, `slice`, `lipsum` and the like;
- `MAX_OUTPUT` = 20,000,000 characters in any string a template joins together (`~`, `+`, `join`,
  `replace`, `indent`, a macro's or a block's output) and in the document itself (this one also holds for
  the built-in templates, checked while the document is written out, see `environment.render_template`);
- `MAX_INT_BITS` = 100,000 bits (some 30,000 digits) in an integer made by `*` or `**`;
- nesting (recursive macros, a template including itself) ends at Python's recursion limit.
"""

from __future__ import annotations

import functools
import re
import string
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any

import jinja2.nodes as nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, Macro
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment
from pydantic import BaseModel

from problembrief import formatting, i18n
from problembrief.i18n import N_

MAX_STEPS = 100_000
MAX_SECONDS = 10.0
MAX_REPEAT = 1_000_000
MAX_OUTPUT = 20_000_000
MAX_INT_BITS = 100_000
__all__ = ["MAX_INT_BITS", "MAX_OUTPUT", "MAX_RANGE", "MAX_REPEAT", "MAX_SECONDS", "MAX_STEPS", "BoundedSandbox"]


class LimitError(SecurityError):
    """A user's template went past one of the limits above. The message is put into words when it is shown
    (`str()`), so it speaks the tool's language, not the language of the document being rendered."""

    def __init__(self, message: str, **values: int | float) -> None:
        super().__init__(message)
        self.message_id, self.values = message, values

    def __str__(self) -> str:
        language = i18n.current_language()
        shown = {key: formatting.format_number(value, language) for key, value in self.values.items()}
        return i18n._(self.message_id).format(**shown)


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator with two hooks the sandbox lacks: loops count their iterations, and `~` checks
    the size of what it joins (a namespace value doubled in a loop would otherwise grow without end)."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        # `for x in y` becomes `for x in environment.count_iterations(y)` (Jinja allows no new node types).
        counted = nodes.Call(nodes.EnvironmentAttribute("count_iterations", lineno=node.iter.lineno), [node.iter],
                             [], None, None, lineno=node.iter.lineno)
        super().visit_For(nodes.For(node.target, counted, node.body, node.else_, node.test, node.recursive,
                                    lineno=node.lineno), frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.check_size(")
        super().visit_Concat(node, frame)
        self.write(")")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) else 0


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_format(fmt: str, args: Iterable[Any], *, percent: bool) -> None:
    """Widths and precisions in a format string (`%10s`, `{:>10}`), given in it or as arguments."""
    numbers: list[str] = []
    nested = False
    if percent:
        for match in _PERCENT_SPEC.finditer(fmt):
            numbers += [g for g in match.groups() if g]
    else:
        try:
            fields = list(string.Formatter().parse(fmt))
        except ValueError:
            return  # str.format will raise the same error itself
        for _, _, spec, _ in fields:
            numbers += re.findall(r"\d+", spec or "")
            nested = nested or "{" in (spec or "")
    nested = nested or "*" in numbers
    if any(n != "*" and int(n) > MAX_REPEAT for n in numbers) or (
            nested and any(_int(a) > MAX_REPEAT for a in args)):
        raise LimitError(N_("a format width or precision above the limit of {limit}"), limit=MAX_REPEAT)


def _join_size(items: list[Any], separator: Any) -> int:
    return sum(len(str(i)) for i in items) + len(str(separator)) * max(len(items) - 1, 0)


def _replace_size(text: str, old: str, new: str, count: Any = None) -> int:
    hits = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * (len(new) - len(old))


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with limits on time and size (see the module's docstring)."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._steps = 0
        self._deadline = time.monotonic() + MAX_SECONDS
        # Jinja's sandbox has installed `safe_range` (MAX_RANGE) as `range` already.
        self.globals.pop("lipsum", None)  # placeholder text, and a way to ask for 10**12 words

    # -- the budget ---------------------------------------------------------------------------------
    def start(self) -> None:
        """A fresh budget for the next document."""
        self._steps = 0
        self._deadline = time.monotonic() + MAX_SECONDS

    def step(self) -> None:
        self._steps += 1
        if self._steps > MAX_STEPS:
            raise LimitError(N_("the template took more than {limit} steps (loop iterations and calls)"),
                             limit=MAX_STEPS)
        if not self._steps % 256 and time.monotonic() > self._deadline:
            raise LimitError(N_("the template took longer than {limit} seconds"), limit=MAX_SECONDS)

    def count_iterations(self, iterable: Any) -> Iterator[Any]:
        for item in iterable:
            self.step()
            yield item

    def check_size(self, value: Any, limit: int = MAX_OUTPUT) -> Any:
        if _size(value) > limit:
            raise LimitError(N_("the template built a value of {size} characters or items, more than the limit "
                                "of {limit}"), size=_size(value), limit=limit)
        return value

    def concat(self, parts: Iterable[str]) -> str:  # type: ignore[override]
        """The output of a macro, a block or a `{% set %}` block: measured before it is joined."""
        parts = list(parts)
        total = sum(map(len, parts))
        if total > MAX_OUTPUT:
            raise LimitError(N_("the template built a text of {size} characters, more than the limit of {limit}"),
                             size=total, limit=MAX_OUTPUT)
        return "".join(parts)

    # -- operators ------------------------------------------------------------------------------------
    def call_binop(self, context: Context, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "*":
            count = _int(right) if _size(left) else _int(left)
            if count and _size(left) + _size(right) and max(_size(left), _size(right)) * count > MAX_REPEAT:
                raise LimitError(N_("a repetition of more than {limit} characters or items"), limit=MAX_REPEAT)
            if _int(left) and _int(right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise LimitError(N_("an integer of more than {limit} bits"), limit=MAX_INT_BITS)
        elif operator_name == "**":
            if _int(left) and abs(left) > 1 and isinstance(right, int) and right > 0 and (
                    right > MAX_INT_BITS or abs(left).bit_length() * right > MAX_INT_BITS):
                raise LimitError(N_("an integer of more than {limit} bits"), limit=MAX_INT_BITS)
        elif operator_name == "+":
            if _size(left) + _size(right) > MAX_OUTPUT:
                raise LimitError(N_("a value of more than {limit} characters or items"), limit=MAX_OUTPUT)
        elif operator_name == "%" and isinstance(left, str):
            _check_format(left, right if isinstance(right, tuple) else (right,), percent=True)
        return super().call_binop(context, operator_name, left, right)

    # -- calls ----------------------------------------------------------------------------------------
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # A brief's fields, yes; pydantic's own API (model_dump_json(indent=…), model_copy, …), no.
        if isinstance(obj, BaseModel) and hasattr(BaseModel, attr):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.step()
        _check_method(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        # A macro's output is bounded by `concat`; anything else a call returns by MAX_OUTPUT as well.
        return result if isinstance(__obj, Macro) else __self.check_size(result)

    def bound_filters(self) -> None:
        """Wrap every filter (Jinja's and ours, so call this after adding them): a step each, and their
        size arguments checked before they run."""
        for name, function in list(self.filters.items()):
            self.filters[name] = self._bounded_filter(name, function)

    def _bounded_filter(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        check = _FILTER_CHECKS.get(name)
        passes_first = getattr(function, "jinja_pass_arg", None) is not None

        @functools.wraps(function)  # keeps Jinja's pass_context / pass_eval_context marks
        def bounded(*args: Any, **kwargs: Any) -> Any:
            self.step()
            if check is not None:
                plain = list(args[1:] if passes_first else args)
                if plain and not isinstance(plain[0], (str, Sized)):
                    plain[0] = list(plain[0])  # a generator: measured once, then handed on as a list
                    args = (*args[:1], *plain) if passes_first else tuple(plain)
                check(*plain, **kwargs)
            return self.check_size(function(*args, **kwargs))

        return bounded


def _check_method(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Size arguments of the methods of strings, lists, dicts and sets, checked before they run."""
    # str.format reaches here wrapped by the sandbox's own formatter, the method itself under __wrapped__.
    owner = getattr(getattr(obj, "__wrapped__", obj), "__self__", None)
    name = getattr(obj, "__name__", "")
    values = [*args, *kwargs.values()]
    if isinstance(owner, str):
        if name in ("format", "format_map"):
            mapped = values[0].values() if name == "format_map" and values and isinstance(values[0], dict) else []
            _check_format(owner, [*values, *mapped], percent=False)
        if name in ("ljust", "rjust", "center", "zfill") and any(_int(v) > MAX_REPEAT for v in values):
            raise LimitError(N_("padding to more than {limit} characters"), limit=MAX_REPEAT)
        if name == "expandtabs" and owner.count("\t") * max(_int(values[0]) if values else 8, 1) > MAX_OUTPUT:
            raise LimitError(N_("a value of more than {limit} characters"), limit=MAX_OUTPUT)
        if name == "join" and values:
            items = list(values[0])
            if _join_size(items, owner) > MAX_OUTPUT:
                raise LimitError(N_("a value of more than {limit} characters"), limit=MAX_OUTPUT)
        if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str) and (
                _replace_size(owner, args[0], args[1], args[2] if len(args) > 2 else None) > MAX_OUTPUT):
            raise LimitError(N_("a value of more than {limit} characters"), limit=MAX_OUTPUT)
    elif isinstance(owner, (list, dict, set)):
        added = sum(_size(v) or 1 for v in values)
        if len(owner) + added > MAX_REPEAT:
            raise LimitError(N_("a collection of more than {limit} items"), limit=MAX_REPEAT)


def _limit(condition: bool, what: str, limit: int) -> None:
    if condition:
        raise LimitError(what, limit=limit)


def _check_center(value: Any, width: Any = 80) -> None:
    _limit(_int(width) > MAX_REPEAT, N_("padding to more than {limit} characters"), MAX_REPEAT)


def _check_indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> None:
    per_line = _int(width) or _size(width)
    _limit((str(value).count("\n") + 1) * per_line + _size(value) > MAX_OUTPUT,
           N_("indenting to more than {limit} characters"), MAX_OUTPUT)


def _check_join(value: Any, d: Any = "", *args: Any, **kwargs: Any) -> None:
    _limit(_join_size(list(value), kwargs.get("d", d)) > MAX_OUTPUT,
           N_("joining more than {limit} characters"), MAX_OUTPUT)


def _check_replace(value: Any, old: Any = "", new: Any = "", count: Any = None) -> None:
    _limit(_replace_size(str(value), str(old), str(new), count) > MAX_OUTPUT,
           N_("replacing to more than {limit} characters"), MAX_OUTPUT)


def _check_wordwrap(value: Any, width: Any = 79, break_long_words: Any = True, wrapstring: Any = None,
                    *args: Any, **kwargs: Any) -> None:
    lines = len(str(value)) // max(_int(width), 1) + 1
    _limit(len(str(value)) + lines * (_size(kwargs.get("wrapstring", wrapstring)) or 1) > MAX_OUTPUT,
           N_("wrapping to more than {limit} characters"), MAX_OUTPUT)


def _check_count(value: Any, count: Any = 1, *args: Any, **kwargs: Any) -> None:
    _limit(_int(count) > MAX_REPEAT, N_("more than {limit} groups"), MAX_REPEAT)


def _check_format_filter(value: Any, *args: Any, **kwargs: Any) -> None:
    _check_format(str(value), [*args, *kwargs.values()], percent=True)


def _check_tojson(value: Any, indent: Any = None) -> None:
    _limit(_int(indent) > 16, "a JSON indent of more than 16")


def _check_sum(iterable: Any, attribute: Any = None, start: Any = 0) -> None:
    items = iterable if isinstance(iterable, list) else list(iterable)
    _limit(sum(_size(i) for i in items) > MAX_REPEAT, N_("a sum of more than {limit} items"), MAX_REPEAT)


_FILTER_CHECKS: dict[str, Callable[..., None]] = {
    "center": _check_center, "indent": _check_indent, "join": _check_join, "replace": _check_replace,
    "wordwrap": _check_wordwrap, "batch": _check_count, "slice": _check_count, "format": _check_format_filter,
    "tojson": _check_tojson, "sum": _check_sum,
}
