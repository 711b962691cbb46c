"""`dataclass` and `field` as the standard library's, for what the compare path's classes use, made cheaply.

A command-line compare starts by defining some thirty small classes; dataclasses
spends most of a millisecond on each (it compiles five or six methods one by one,
and importing it imports inspect, ast and dis), which was a quarter of a small
compare's time. This decorator compiles `__init__` alone and makes the other
methods as closures over the field names, with the same behaviour: `__init__`
(defaults, `default_factory`, `__post_init__`), `__repr__` (fields with
repr=False left out), `__eq__` (same class, fields compared as a tuple),
`__hash__` by dataclasses' rules, frozen instances, `__match_args__`. The
classes stay dataclasses to the standard library: `dataclasses.fields`,
`replace`, `asdict` and `is_dataclass` work on them (their
`__dataclass_fields__` is made, importing dataclasses, when first asked for).
`replace` and `asdict` here do the same without importing it.

Supported: `dataclass`, `dataclass(frozen=..., eq=...)`, `field(default=...,
default_factory=..., repr=...)`, no inheritance between such classes, no slots.
Anything else: use the standard library's.
"""

from __future__ import annotations

from operator import attrgetter  # loaded already: collections imports it

_MISSING = object()


class _Field:
    __slots__ = ("default", "default_factory", "repr")

    def __init__(self, default: object, default_factory: object, repr: bool) -> None:  # noqa: A002
        self.default = default
        self.default_factory = default_factory
        self.repr = repr


def field(*, default: object = _MISSING, default_factory: object = _MISSING, repr: bool = True) -> object:  # noqa: A002
    """dataclasses.field for a default, a default factory, or a field left out of repr."""
    return _Field(default, default_factory, repr)


class _Fields:
    """The class's `__dataclass_fields__`, made (as dataclasses.Field objects) when first read."""

    def __init__(self, specs: list[tuple[str, str, _Field]]) -> None:
        self.specs = specs

    def __get__(self, instance: object, owner: type) -> dict:
        import dataclasses

        fields = {}
        for name, annotation, spec in self.specs:
            kwargs: dict = {"repr": spec.repr}
            if spec.default is not _MISSING:
                kwargs["default"] = spec.default
            if spec.default_factory is not _MISSING:
                kwargs["default_factory"] = spec.default_factory
            f = dataclasses.field(**kwargs)
            f.name, f.type, f._field_type = name, annotation, dataclasses._FIELD  # type: ignore[attr-defined]
            f.kw_only = False  # type: ignore[attr-defined]
            fields[name] = f
        owner.__dataclass_fields__ = fields  # type: ignore[attr-defined]  # from now on a plain dict
        return fields


def _frozen_error(self: object, name: str, *_: object) -> None:
    import dataclasses

    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def dataclass(cls: type | None = None, /, *, frozen: bool = False, eq: bool = True):  # type: ignore[no-untyped-def]
    """dataclasses.dataclass(cls, frozen=..., eq=...), compiled in one go."""
    def wrap(cls: type) -> type:
        return _process(cls, frozen, eq)

    return wrap if cls is None else wrap(cls)


def _process(cls: type, frozen: bool, eq: bool) -> type:
    if "__slots__" in cls.__dict__:
        raise TypeError(f"{cls.__name__}: records.dataclass does not support __slots__")
    specs: list[tuple[str, str, _Field]] = []
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if "ClassVar" in str(annotation) or "InitVar" in str(annotation):
            raise TypeError(f"{cls.__name__}.{name}: records.dataclass does not support {annotation}")
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, _Field) else _Field(value, _MISSING, True)
        if isinstance(value, _Field):
            if spec.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
        specs.append((name, str(annotation), spec))
    names = [name for name, _, _ in specs]
    env: dict = {"MISSING": _MISSING, "object": object}
    params, body = [], []
    for name, _, spec in specs:
        if spec.default_factory is not _MISSING:
            env[f"_factory_{name}"] = spec.default_factory
            params.append(f"{name}=MISSING")
            value = f"_factory_{name}() if {name} is MISSING else {name}"
        elif spec.default is not _MISSING:
            env[f"_default_{name}"] = spec.default
            params.append(f"{name}=_default_{name}")
            value = name
        else:
            params.append(name)
            value = name
        # a frozen instance's fields go straight into its __dict__ (these classes have no slots):
        # as dataclasses' object.__setattr__, at a third of the cost on the hot paths (runs, ops)
        body.append(f"  _d[{name!r}] = {value}" if frozen else f"  self.{name} = {value}")
    if frozen and body:
        body.insert(0, "  _d = self.__dict__")
    if "__post_init__" in cls.__dict__:
        body.append("  self.__post_init__()")
    lines = [f"def __init__(self, {', '.join(params)}):" if params else "def __init__(self):",
             *(body or ["  pass"])]
    # only __init__ is compiled (its signature names the fields); the other methods are closures
    exec("\n".join(lines), env)  # noqa: S102 (our own source, as dataclasses does)
    own = cls.__dict__
    _set(cls, "__init__", env["__init__"])
    methods = _methods(names, [name for name, _, spec in specs if spec.repr])
    if "__repr__" not in own:
        _set(cls, "__repr__", methods["__repr__"])
    if eq and "__eq__" not in own:
        _set(cls, "__eq__", methods["__eq__"])
    # dataclasses' _hash_action: eq and frozen hash the fields, eq alone makes instances unhashable,
    # unless the class wrote its own __hash__
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    if eq and not explicit_hash:
        cls.__hash__ = _qualified(methods["__hash__"], cls) if frozen else None  # type: ignore[assignment]
    if frozen:
        cls.__setattr__ = _frozen_error  # type: ignore[assignment]
        cls.__delattr__ = _frozen_error  # type: ignore[assignment]
    cls.__match_args__ = tuple(names)  # type: ignore[attr-defined]
    cls.__dataclass_fields__ = _Fields(specs)  # type: ignore[attr-defined]
    return cls


def _methods(names: list[str], shown: list[str]) -> dict:
    """__repr__, __eq__ and __hash__ over the fields, as dataclasses writes them, without compiling:
    compiling them took two thirds of a class's making (a millisecond per five classes)."""
    if len(names) > 1:
        fields = attrgetter(*names)
    elif names:
        one = attrgetter(names[0])

        def fields(obj):  # type: ignore[no-untyped-def]
            return (one(obj),)
    else:
        def fields(obj):  # type: ignore[no-untyped-def]
            return ()

    def __repr__(self) -> str:  # noqa: N807
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inner})"

    def __eq__(self, other: object) -> bool:  # noqa: N807
        if other.__class__ is self.__class__:
            return fields(self) == fields(other)
        return NotImplemented

    def __hash__(self) -> int:  # noqa: N807
        return hash(fields(self))

    return {"__repr__": __repr__, "__eq__": __eq__, "__hash__": __hash__}


def _set(cls: type, name: str, function) -> None:  # type: ignore[no-untyped-def]
    _qualified(function, cls)
    setattr(cls, name, function)


def _qualified(function, cls: type):  # type: ignore[no-untyped-def]
    function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"
    function.__module__ = cls.__module__
    return function


def replace(obj, /, **changes):  # type: ignore[no-untyped-def]
    """dataclasses.replace: a copy of `obj` with `changes` (for any dataclass)."""
    fields = type(obj).__dict__.get("__dataclass_fields__")
    if isinstance(fields, _Fields):
        for name, _, _ in fields.specs:
            if name not in changes:
                changes[name] = getattr(obj, name)
        return obj.__class__(**changes)
    import dataclasses

    return dataclasses.replace(obj, **changes)


def asdict(obj) -> dict:  # type: ignore[no-untyped-def]
    """dataclasses.asdict: fields to a dict, recursively into dataclasses, lists, tuples and dicts."""
    fields = type(obj).__dict__.get("__dataclass_fields__")
    if not isinstance(fields, _Fields):
        import dataclasses

        return dataclasses.asdict(obj)
    return {name: _plain(getattr(obj, name)) for name, _, _ in fields.specs}


_SCALARS = frozenset((str, int, float, bool, type(None)))


def _plain(value):  # type: ignore[no-untyped-def]
    if value.__class__ in _SCALARS:  # most fields: returned as they are, before the tests below
        return value
    if isinstance(type(value).__dict__.get("__dataclass_fields__"), _Fields):
        return asdict(value)
    if hasattr(type(value), "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*[_plain(v) for v in value])
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return type(value)((_plain(k), _plain(v)) for k, v in value.items())
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    import copy

    return copy.deepcopy(value)
