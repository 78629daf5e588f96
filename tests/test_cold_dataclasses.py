"""`findings.lean_dataclass` behaves as `dataclasses.dataclass` does: the same repr, equality, hash, frozen-ness,
pickling, `replace`, `fields` and `asdict`, for the kinds of class the package declares with it."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field
from typing import Any

import pytest

from problembrief.findings import lean_dataclass


def _declare(decorate: Any, prefix: str) -> dict[str, type]:
    """The same classes, declared with `decorate` (as the package's are), at the top level of this module so that
    they can be pickled: `Standard_Frozen` and `Lean_Frozen`."""

    @decorate(frozen=True, slots=True)
    class Slotted:
        code: str
        line: int | None = None
        tags: tuple[str, ...] = ()

    @decorate(frozen=True)
    class Frozen:
        name: str
        limit: int = 5
        extra: list[int] = field(default_factory=list, compare=False)

    @decorate(frozen=True)
    class FrozenChild(Frozen):
        more: str = "m"

    @decorate
    class Mutable:
        value: Any
        items: list[int] = field(default_factory=list)
        hidden: str | None = field(default=None, repr=False, compare=False)

    @decorate
    class Empty:
        pass

    @decorate(frozen=True)
    class One:
        only: float

    declared = {"Slotted": Slotted, "Frozen": Frozen, "FrozenChild": FrozenChild, "Mutable": Mutable, "Empty": Empty,
                "One": One}
    for name, cls in declared.items():
        cls.__qualname__ = cls.__name__ = f"{prefix}_{name}"
        globals()[cls.__qualname__] = cls
    return declared


STANDARD, LEAN = _declare(dataclass, "Standard"), _declare(lean_dataclass, "Lean")

CASES = [
    ("Slotted", ("PB101",), {"line": 3, "tags": ("a",)}),
    ("Frozen", ("n",), {"extra": [1, 2]}),
    ("FrozenChild", ("n", 6), {"more": "x"}),
    ("Mutable", ([1, {"a": 2}],), {"hidden": "h"}),
    ("Empty", (), {}),
    ("One", (float("nan"),), {}),
]


def _both(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
    return STANDARD[name](*args, **kwargs), LEAN[name](*args, **kwargs)


def _shown(value: Any) -> str:
    """A repr without the prefix that tells the two declarations apart."""
    return repr(value).replace("Standard_", "").replace("Lean_", "")


def _outcome(action: Any) -> Any:
    try:
        return ("value", action())
    except Exception as exc:
        return ("error", type(exc).__name__, str(exc).replace("Standard_", "").replace("Lean_", ""))


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES)
def test_repr_equality_and_hash_are_the_standard_ones(name: str, args: tuple[Any, ...],
                                                      kwargs: dict[str, Any]) -> None:
    standard, lean = _both(name, args, kwargs)
    assert _shown(lean) == _shown(standard)
    other_standard, other_lean = _both(name, args, kwargs)
    assert (lean == other_lean) == (standard == other_standard)
    assert (lean != other_lean) == (standard != other_standard)
    assert (lean == args) == (standard == args) and lean.__eq__(object()) is NotImplemented
    assert _outcome(lambda: hash(lean) == hash(other_lean)) == _outcome(lambda: hash(standard) == hash(other_standard))
    assert (type(lean).__hash__ is None) == (type(standard).__hash__ is None)
    for changed in [f.name for f in dataclasses.fields(standard) if f.init]:
        value = "changed"
        assert ((dataclasses.replace(lean, **{changed: value}) == lean)
                == (dataclasses.replace(standard, **{changed: value}) == standard))


def test_a_nan_equals_itself_as_a_field_as_in_dataclass() -> None:
    nan = float("nan")
    assert (LEAN["One"](nan) == LEAN["One"](nan)) == (STANDARD["One"](nan) == STANDARD["One"](nan))


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES)
def test_frozen_copying_pickling_and_the_dataclass_functions_are_the_standard_ones(
        name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    standard, lean = _both(name, args, kwargs)
    for target in ("code", "name", "value", "new_attribute"):
        assert (_outcome(lambda obj=lean, t=target: setattr(obj, t, 1))
                == _outcome(lambda obj=standard, t=target: setattr(obj, t, 1)))
    assert _outcome(lambda: delattr(lean, "limit")) == _outcome(lambda: delattr(standard, "limit"))
    assert dataclasses.is_dataclass(lean)
    assert [f.name for f in dataclasses.fields(lean)] == [f.name for f in dataclasses.fields(standard)]
    assert dataclasses.asdict(lean) == dataclasses.asdict(standard)
    assert dataclasses.astuple(lean) == dataclasses.astuple(standard)
    assert _shown(pickle.loads(pickle.dumps(lean))) == _shown(pickle.loads(pickle.dumps(standard)))
    assert _shown(copy.copy(lean)) == _shown(standard) and _shown(copy.deepcopy(lean)) == _shown(standard)
    assert getattr(type(lean), "__match_args__", ()) == getattr(type(standard), "__match_args__", ())
    assert hasattr(lean, "__slots__") == hasattr(standard, "__slots__")


def test_a_repr_that_recurses_says_so_as_dataclass_does() -> None:
    standard, lean = STANDARD["Mutable"]([]), LEAN["Mutable"]([])
    standard.value.append(standard)
    lean.value.append(lean)
    assert _shown(lean) == _shown(standard) == "Mutable(value=[...], items=[])"


def test_the_package_classes_are_dataclasses_still() -> None:
    from problembrief.findings import FileReport, Finding, RuleInfo, Severity

    finding = Finding("PB101", Severity.WARNING, "message", line=3)
    assert dataclasses.replace(finding, suppressed=True).suppressed
    assert pickle.loads(pickle.dumps(finding)) == finding and hash(finding) == hash(copy.copy(finding))
    assert repr(RuleInfo("PB101", "n", Severity.ERROR, "s")).startswith("RuleInfo(code='PB101', name='n'")
    assert FileReport("f", (finding,)) == FileReport("f", (finding,))
