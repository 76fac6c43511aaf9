"""Rule packs: the built-in ``imp`` pack, pack files and YAML text, with the
configuration a user may lay over them (``PackSettings``)."""

from __future__ import annotations

import functools
import json
import os
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, NamedTuple, Optional, Tuple, Union

from . import _core
from ._errors import RulePackError

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["RulePack", "RuleDoc", "rules", "SEVERITIES"]

#: Severities from lowest to highest.
SEVERITIES: Tuple[str, str, str] = ("info", "warning", "error")

StrList = Union[str, Iterable[str], None]


class RuleDoc(NamedTuple):
    """What a person reads about a rule."""

    id: str
    name: str
    severity: str
    section: str
    summary: str
    description: str


def _names(value: StrList, what: str) -> List[str]:
    """Rule ids, prefixes or names: a comma-separated str or an iterable."""
    if value is None:
        return []
    if isinstance(value, str):
        items = value.split(",")
    else:
        items = list(value)
    out = []
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{what} takes rule ids, prefixes or names (str), not {type(item).__name__}")
        if item.strip():
            out.append(item.strip())
    return out


def _settings(select: StrList = None, ignore: StrList = None,
              severity: Optional[Mapping[str, str]] = None,
              options: Optional[Mapping[str, Mapping[str, Any]]] = None,
              pack_options: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    settings: Dict[str, Any] = {}
    if select is not None:
        settings["select"] = _names(select, "select")
    if ignore is not None:
        settings["ignore"] = _names(ignore, "ignore")
    if severity:
        settings["severity"] = {str(k): str(v) for k, v in severity.items()}
    if options:
        settings["rule_options"] = {str(k): dict(v) if isinstance(v, Mapping) else v
                                    for k, v in options.items()}
    if pack_options:
        settings["options"] = dict(pack_options)
    return settings


def _settings_key(settings: Mapping[str, Any]) -> str:
    try:
        return json.dumps(settings, sort_keys=True, default=repr)
    except (TypeError, ValueError):  # keys json cannot sort: never cached together
        return repr(sorted(settings.items(), key=lambda kv: kv[0]))


def _compile(kind: str, text: Optional[bytes], file: Optional[str],
             settings: Dict[str, Any]) -> "_core.Pack":
    if kind == "builtin":
        return _core.Pack.builtin(settings)
    assert text is not None and file is not None
    return _core.Pack.from_yaml(text, file, settings)


def _cache_key(settings: Dict[str, Any]) -> Optional[str]:
    """A key for settings that JSON represents exactly, else None."""
    if not settings:
        return "{}"
    key = _settings_key(settings)
    try:
        return key if json.loads(key) == settings else None
    except ValueError:
        return None


class RulePack:
    """A compiled rule pack, ready to check any number of plans (on any
    number of threads).

    Make one with :meth:`builtin`, :meth:`from_file` or :meth:`from_yaml`.
    Each takes the configuration ``select`` and ``ignore`` (rule ids, id
    prefixes such as ``"SCH"``, or names), ``severity`` (``{rule: "error" |
    "warning" | "info"}``), ``options`` (``{rule: {option: value}}``) and
    ``pack_options`` (``{option: value}`` for every rule). A pack file may
    say ``extends: imp`` to start from the built-in pack.

    A RulePack pickles as its YAML source text and settings (the built-in
    pack as a marker) and is compiled again, once per process, on
    unpickling, so multiprocessing, Dask or Spark workers can receive it.
    """

    __slots__ = ("_pack", "_kind", "_text", "_file", "_settings", "_docs", "__weakref__")
    _pack: "_core.Pack"
    _kind: str
    _text: Optional[bytes]
    _file: Optional[str]
    _settings: Dict[str, Any]
    _docs: Optional[Dict[str, RuleDoc]]

    def __init__(self) -> None:
        raise TypeError("use RulePack.builtin(), RulePack.from_file() or RulePack.from_yaml()")

    @classmethod
    def _make(cls, kind: str, text: Optional[bytes], file: Optional[str],
              settings: Dict[str, Any]) -> "RulePack":
        key = _cache_key(settings)
        if key is None:
            return cls._new(kind, text, file, settings)
        # Packs are immutable: the same source and settings give the same
        # object, compiled (and its docs gathered) once per process.
        return _cached_pack(kind, text, file, key)

    @classmethod
    def _new(cls, kind: str, text: Optional[bytes], file: Optional[str],
             settings: Dict[str, Any]) -> "RulePack":
        self = object.__new__(cls)
        self._pack = _compile(kind, text, file, settings)
        self._kind = kind
        self._text = text
        self._file = file
        self._settings = settings
        self._docs = None
        return self

    @classmethod
    def builtin(cls, *, select: StrList = None, ignore: StrList = None,
                severity: Optional[Mapping[str, str]] = None,
                options: Optional[Mapping[str, Mapping[str, Any]]] = None,
                pack_options: Optional[Mapping[str, Any]] = None) -> "RulePack":
        """The built-in ``imp`` pack (embedded in the library)."""
        return cls._make("builtin", None, None, _settings(select, ignore, severity, options, pack_options))

    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"], *, select: StrList = None,
                  ignore: StrList = None, severity: Optional[Mapping[str, str]] = None,
                  options: Optional[Mapping[str, Mapping[str, Any]]] = None,
                  pack_options: Optional[Mapping[str, Any]] = None) -> "RulePack":
        """A pack file (YAML or JSON); its includes are read next to it."""
        file = os.fspath(path)
        try:
            with open(file, "rb") as fh:
                text = fh.read()
        except OSError as e:
            raise RulePackError(f"{file}: cannot read rule pack: {e.strerror or e}") from None
        return cls._make("yaml", text, file, _settings(select, ignore, severity, options, pack_options))

    @classmethod
    def from_yaml(cls, text: Union[str, bytes], *, file: str = "<yaml>", select: StrList = None,
                  ignore: StrList = None, severity: Optional[Mapping[str, str]] = None,
                  options: Optional[Mapping[str, Mapping[str, Any]]] = None,
                  pack_options: Optional[Mapping[str, Any]] = None) -> "RulePack":
        """A pack from YAML text; ``file`` names it in errors (and includes or
        ``extends:`` of another file are read relative to it)."""
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        return cls._make("yaml", data, file, _settings(select, ignore, severity, options, pack_options))

    def configure(self, *, select: StrList = None, ignore: StrList = None,
                  severity: Optional[Mapping[str, str]] = None,
                  options: Optional[Mapping[str, Mapping[str, Any]]] = None,
                  pack_options: Optional[Mapping[str, Any]] = None) -> "RulePack":
        """The same pack with settings replaced: each argument given takes the
        place of the pack's own; the others are kept."""
        settings = dict(self._settings)
        settings.update(_settings(select, ignore, severity, options, pack_options))
        if settings == self._settings:
            return self
        return type(self)._make(self._kind, self._text, self._file, settings)

    @property
    def name(self) -> str:
        """The pack's name (``imp`` for the built-in pack)."""
        return str(self._pack.name)

    @property
    def settings(self) -> Dict[str, Any]:
        """The configuration laid over the pack (a copy)."""
        copy: Dict[str, Any] = json.loads(json.dumps(self._settings, default=repr))
        return copy

    @property
    def source(self) -> Optional[str]:
        """The pack's YAML text (None for the built-in pack)."""
        return None if self._text is None else self._text.decode("utf-8", "replace")

    @property
    def file(self) -> Optional[str]:
        return self._file

    def docs(self) -> Dict[str, RuleDoc]:
        """Every rule's documentation by id."""
        docs = self._docs
        if docs is None:
            docs = self._docs = {
                r["id"]: RuleDoc(r["id"], r["name"], r["severity"], r["section"], r["summary"],
                                 r["description"])
                for r in self._pack.rules()
            }
        return docs

    def rule_ids(self, *, enabled_only: bool = True) -> List[str]:
        """Ids of the pack's rules, in pack order."""
        return [r["id"] for r in self._pack.rules() if r["enabled"] or not enabled_only]

    def to_pandas(self, *, enabled_only: bool = False) -> "pandas.DataFrame":
        """The catalogue: one row per rule (id, name, severity, section,
        summary, description, enabled)."""
        import pandas as pd

        rows = [r for r in self._pack.rules() if r["enabled"] or not enabled_only]
        columns = ["id", "name", "severity", "section", "summary", "description", "enabled"]
        df = pd.DataFrame([{c: r[c] for c in columns} for r in rows], columns=columns)
        df["severity"] = pd.Categorical(df["severity"], categories=list(SEVERITIES), ordered=True)
        return df

    def __len__(self) -> int:
        return len(self.rule_ids())

    def __repr__(self) -> str:
        where = "built-in" if self._kind == "builtin" else self._file
        extra = f", settings={self._settings!r}" if self._settings else ""
        return f"<planlint.RulePack {self.name!r} ({where}), {len(self)} rules enabled{extra}>"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_rebuild, (self._kind, self._text, self._file, self._settings))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RulePack):
            return NotImplemented
        return (self._kind, self._text, self._file, self._settings) == (
            other._kind, other._text, other._file, other._settings)

    def __hash__(self) -> int:
        return hash((self._kind, self._text, self._file, _settings_key(self._settings)))


@functools.lru_cache(maxsize=64)
def _cached_pack(kind: str, text: Optional[bytes], file: Optional[str], key: str) -> RulePack:
    return RulePack._new(kind, text, file, json.loads(key))


def _rebuild(kind: str, text: Optional[bytes], file: Optional[str], settings: Dict[str, Any]) -> RulePack:
    return RulePack._make(kind, text, file, settings)


def rules(pack: Optional[RulePack] = None) -> "pandas.DataFrame":
    """The rule catalogue as a DataFrame: id, name, severity (ordered
    categorical), section, summary, description."""
    df = (pack or RulePack.builtin()).to_pandas()
    return df[["id", "name", "severity", "section", "summary", "description"]]
