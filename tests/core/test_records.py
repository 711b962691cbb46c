"""core.records.dataclass behaves as the standard library's dataclass, side by side."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from policyeditor.core import records


def _pair(**params):  # type: ignore[no-untyped-def]
    """The same class made by dataclasses and by records."""
    made = []
    for module in (dataclasses, records):
        class Sample:
            """A sample."""

            name: str
            size: int = 3
            tags: list[str] = module.field(default_factory=list)
            hidden: tuple = module.field(default=(), repr=False)

            def __post_init__(self) -> None:
                if self.size < 0:
                    raise ValueError("negative")

        made.append(module.dataclass(**params)(Sample))
    return made


@pytest.mark.parametrize("params", [{}, {"frozen": True}, {"eq": False}, {"frozen": True, "eq": False}])
def test_a_record_behaves_as_a_dataclass(params):
    std, ours = _pair(**params)
    for cls in (std, ours):
        a, b = cls("x", 2, ["t"]), cls("x", 2, ["t"])
        assert repr(a) == repr(std("x", 2, ["t"])) == "_pair.<locals>.Sample(name='x', size=2, tags=['t'])"
        assert cls("y").size == 3 and cls("y").tags == [] and cls("y").tags is not cls("z").tags
        assert (a == b) == (std("x", 2, ["t"]) == std("x", 2, ["t"]))
        assert (cls.__hash__ is None) == (std.__hash__ is None)
        if cls.__hash__ is not None and params.get("frozen") and params.get("eq", True):
            assert hash(cls("x", 2, ("t",))) == hash(std("x", 2, ("t",)))  # the fields' tuple
        with pytest.raises(ValueError):
            cls("x", -1)
        if params.get("frozen"):
            with pytest.raises(dataclasses.FrozenInstanceError):
                a.size = 5
        assert dataclasses.is_dataclass(a)
        assert [f.name for f in dataclasses.fields(a)] == ["name", "size", "tags", "hidden"]
        assert dataclasses.replace(a, size=7).size == 7 and records.replace(a, size=7).size == 7
        assert dataclasses.asdict(a) == records.asdict(a) == {"name": "x", "size": 2, "tags": ["t"],
                                                                "hidden": ()}
        assert cls.__match_args__ == ("name", "size", "tags", "hidden")
        assert copy.deepcopy(a).tags == ["t"]
    assert records.asdict(ours("x", tags=[ours("y")])) == {"name": "x", "size": 3, "hidden": (),
                                                           "tags": [{"name": "y", "size": 3, "tags": [],
                                                                     "hidden": ()}]}


def test_the_models_records_pickle_and_copy():
    from policyeditor.core.model import Policy, Section

    policy = Policy("T", [Section("H", "body", [Section("C")])])
    assert pickle.loads(pickle.dumps(policy)) == policy
    assert copy.deepcopy(policy) == policy
    assert Section.__hash__ is None  # as a dataclass: mutable, compared by value, not hashable
