"""Reading layer files and checking them, alone and as a set.

One file (``load_layer``): the ``[layer]`` header, the ``[documents.<id>]`` it defines, and
every other table a parameter written as ``[[a.b.c]]`` entries.  Every problem is a
``LayerFileError`` naming the file and the field (``gx.toml: standard.rural entry 2 (from
2016-01-01): value: …``): unknown parameters and keys, TOML numbers where money must be a
decimal string, an entry with both or neither of ``value`` and ``left_to_local``, an entry
without a citation, an example without a note, overlapping entries, a national citation
without an article.

The set (``LayerSet``): one national layer at the root; every other layer extends the most
specific layer whose region prefix contains its own; ids and region prefixes are unique;
citations name documents of the layer or of a layer it extends; the national layer states
every registered parameter.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from verification.policies.layered.model import (
    Citation,
    Document,
    Entry,
    Layer,
    Level,
    ServiceSupport,
)
from verification.policies.layered.params import PARAMS

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_Id = Annotated[str, Field(pattern=f"^{_ID.pattern}$")]
_Text = Annotated[str, Field(min_length=1)]


class LayerFileError(Exception):
    """A layer file, or the set of them, is not valid; the message names file and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Header(_Strict):
    id: _Id
    level: Level
    name: _Text
    region_prefix: Annotated[str, Field(pattern=r"^(\d{2}){0,3}$")]
    extends: _Id | None = None

    @model_validator(mode="after")
    def _level_matches(self) -> _Header:
        if len(self.region_prefix) != self.level.prefix_length:
            raise ValueError(
                f"a {self.level.value} layer names a region prefix of "
                f"{self.level.prefix_length} digits, not {self.region_prefix!r}"
            )
        if (self.level is Level.NATIONAL) != (self.extends is None):
            raise ValueError("the national layer extends nothing; every other layer extends one")
        return self


class _Document(_Strict):
    title: _Text
    number: _Text | None = None
    issuer: _Text | None = None
    issued: dt.date | None = None
    in_force: dt.date | None = None
    seed: Annotated[str, Field(pattern=r"^\d{3}$")] | None = None
    note: _Text | None = None


class _Entry(_Strict):
    valid_from: dt.date
    valid_until: dt.date | None = None
    value: Any = None
    left_to_local: bool = False
    reason: _Text | None = None
    source: _Id | None = None
    article: _Text | None = None
    quote: _Text | None = None
    example: bool = False
    note: _Text | None = None
    service: ServiceSupport | None = None
    service_note: _Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> _Entry:
        if (self.service is None) != (self.service_note is None):
            raise ValueError("service and service_note go together (who does it, and why)")
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        if (self.value is None) == (not self.left_to_local):
            raise ValueError("give either a value or left_to_local = true")
        if self.left_to_local and (self.reason is None or self.source is None):
            raise ValueError("left_to_local needs a reason and the source that leaves it local")
        if self.source is None and not self.example:
            raise ValueError("cite a source (a document id) or mark the value example = true")
        if self.example and self.note is None:
            raise ValueError("an example needs a note saying what it stands in for")
        if self.article is not None and self.source is None:
            raise ValueError("an article needs the source it belongs to")
        return self


def _problems(exc: ValidationError, at: str = "") -> str:
    """Pydantic's errors as ``field.path: message``, the path starting at ``at``."""
    parts = []
    for err in exc.errors():
        path = ".".join([at, *(str(p) for p in err["loc"])] if at else map(str, err["loc"]))
        message = str(err["msg"]).removeprefix("Value error, ")
        parts.append(f"{path}: {message}" if path else message)
    return "; ".join(parts)


def _parameter_tables(node: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted key, its array of entries) for every parameter written in the file."""
    for name, child in node.items():
        key = f"{prefix}{name}"
        if isinstance(child, dict) and key not in PARAMS:
            yield from _parameter_tables(child, f"{key}.")
        else:
            yield key, child


def _entries(file: str, key: str, raw: Any, national: bool) -> tuple[Entry, ...]:
    param = PARAMS.get(key)
    if param is None:
        raise LayerFileError(f"{file}: {key}: unknown parameter")
    if not isinstance(raw, list) or not raw or not all(isinstance(e, dict) for e in raw):
        raise LayerFileError(f"{file}: {key}: write its entries as [[{key}]] tables")
    entries: list[Entry] = []
    for number, item in enumerate(raw, start=1):
        where = f"{file}: {key} entry {number}"
        if isinstance(item.get("valid_from"), dt.date):
            where += f" (from {item['valid_from'].isoformat()})"
        try:
            parsed = _Entry.model_validate(item)
        except ValidationError as exc:
            raise LayerFileError(f"{where}: {_problems(exc)}") from None
        if national and parsed.source is not None and parsed.article is None:
            raise LayerFileError(f"{where}: a national entry cites its article")
        value = None
        if not parsed.left_to_local:
            try:
                value = param.check(parsed.value)
            except ValidationError as exc:
                raise LayerFileError(f"{where}: {_problems(exc, 'value')}") from None
        entries.append(
            Entry(
                valid_from=parsed.valid_from,
                valid_until=parsed.valid_until,
                value=value,
                left_to_local=parsed.left_to_local,
                reason=parsed.reason,
                citation=Citation(
                    document=parsed.source,
                    article=parsed.article,
                    quote=parsed.quote,
                    example=parsed.example,
                    note=parsed.note,
                ),
                service=parsed.service,
                service_note=parsed.service_note,
            )
        )
    entries.sort(key=lambda e: e.valid_from)
    for before, after in itertools.pairwise(entries):
        if before.valid_until is None or before.valid_until >= after.valid_from:
            raise LayerFileError(
                f"{file}: {key}: the entries from {before.valid_from.isoformat()} and from "
                f"{after.valid_from.isoformat()} overlap (end the first before the second)"
            )
    return tuple(entries)


def parse_layer(file: str, text: str) -> Layer:
    """The layer a file's text states; ``file`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LayerFileError(f"{file}: not valid TOML: {exc}") from None
    if "layer" not in data:
        raise LayerFileError(f"{file}: the [layer] table is missing")
    try:
        header = _Header.model_validate(data.pop("layer"))
    except ValidationError as exc:
        raise LayerFileError(f"{file}: {_problems(exc, 'layer')}") from None
    documents: dict[str, Document] = {}
    raw_documents = data.pop("documents", {})
    if not isinstance(raw_documents, dict):
        raise LayerFileError(f"{file}: documents: write each as a [documents.<id>] table")
    for doc_id, raw in raw_documents.items():
        if not _ID.fullmatch(doc_id):
            raise LayerFileError(
                f"{file}: documents.{doc_id}: an id is lower-case letters, digits and -"
            )
        try:
            doc = _Document.model_validate(raw)
        except ValidationError as exc:
            raise LayerFileError(f"{file}: {_problems(exc, f'documents.{doc_id}')}") from None
        documents[doc_id] = Document(id=doc_id, **doc.model_dump())
    national = header.level is Level.NATIONAL
    params = {key: _entries(file, key, raw, national) for key, raw in _parameter_tables(data)}
    return Layer(
        id=header.id,
        level=header.level,
        name=header.name,
        region_prefix=header.region_prefix,
        extends=header.extends,
        documents=documents,
        params=params,
        file=file,
    )


def load_layer(path: Path) -> Layer:
    return parse_layer(path.name, path.read_text(encoding="utf-8"))


def default_layers_dir() -> Path:
    return Path(str(resources.files("verification.policies.layered") / "data"))


class LayerSet:
    """Every layer, checked as a whole; ``chain`` gives the layers in force for a region."""

    def __init__(self, layers: Iterable[Layer]) -> None:
        self.layers: dict[str, Layer] = {}
        for layer in layers:
            if layer.id in self.layers:
                raise LayerFileError(
                    f"{layer.file}: layer id {layer.id!r} is also used by "
                    f"{self.layers[layer.id].file}"
                )
            self.layers[layer.id] = layer
        by_prefix: dict[str, Layer] = {}
        for layer in self.layers.values():
            if layer.region_prefix in by_prefix:
                raise LayerFileError(
                    f"{layer.file}: region prefix {layer.region_prefix or '(national)'} is also "
                    f"stated by {by_prefix[layer.region_prefix].file}"
                )
            by_prefix[layer.region_prefix] = layer
        roots = [layer for layer in self.layers.values() if layer.level is Level.NATIONAL]
        if len(roots) != 1:
            raise LayerFileError(f"exactly one national layer is needed, found {len(roots)}")
        self.national = roots[0]
        for layer in self.layers.values():
            self._check_parent(layer)
            self._check_citations(layer)
        missing = sorted(set(PARAMS) - set(self.national.params))
        if missing:
            raise LayerFileError(
                f"{self.national.file}: the national layer states every parameter; "
                f"missing: {', '.join(missing)}"
            )

    @classmethod
    def from_dir(cls, directory: Path) -> LayerSet:
        files = sorted(directory.glob("*.toml"))
        if not files:
            raise LayerFileError(f"no layer files in {directory}")
        return cls(load_layer(path) for path in files)

    def _check_parent(self, layer: Layer) -> None:
        if layer.extends is None:
            return
        parent = self.layers.get(layer.extends)
        if parent is None:
            raise LayerFileError(f"{layer.file}: layer.extends: no layer {layer.extends!r}")
        enclosing = max(
            (
                other
                for other in self.layers.values()
                if other is not layer and layer.region_prefix.startswith(other.region_prefix)
            ),
            key=lambda other: len(other.region_prefix),
        )
        if parent is not enclosing:
            raise LayerFileError(
                f"{layer.file}: layer.extends: region {layer.region_prefix} lies in "
                f"{enclosing.id!r} ({enclosing.region_prefix or 'national'}), so it extends "
                f"{enclosing.id!r}, not {parent.id!r}"
            )

    def _check_citations(self, layer: Layer) -> None:
        visible = self.documents(layer)
        for doc_id in layer.documents:
            owners = [
                other.file
                for other in self.ancestors(layer)
                if other is not layer and doc_id in other.documents
            ]
            if owners:
                raise LayerFileError(
                    f"{layer.file}: documents.{doc_id}: already defined in {owners[0]}"
                )
        for key, entries in layer.params.items():
            for number, entry in enumerate(entries, start=1):
                cited = entry.citation.document
                if cited is not None and cited not in visible:
                    raise LayerFileError(
                        f"{layer.file}: {key} entry {number} (from "
                        f"{entry.valid_from.isoformat()}): source: no document {cited!r} in "
                        "this layer or the layers it extends"
                    )

    def ancestors(self, layer: Layer) -> tuple[Layer, ...]:
        """``layer`` and the layers it extends, most specific first."""
        chain = [layer]
        while chain[-1].extends is not None:
            chain.append(self.layers[chain[-1].extends])
        return tuple(chain)

    def documents(self, layer: Layer) -> dict[str, Document]:
        return {
            doc_id: doc for each in self.ancestors(layer) for doc_id, doc in each.documents.items()
        }

    def chain(self, region_code: str) -> tuple[Layer, ...]:
        """The layers that apply to a region code (2, 4 or 6 digits), most specific first."""
        if (
            not region_code.isascii()
            or not region_code.isdigit()
            or len(region_code)
            not in (
                2,
                4,
                6,
            )
        ):
            raise ValueError(f"region code {region_code!r} is not 2, 4 or 6 digits")
        layer = max(
            (each for each in self.layers.values() if region_code.startswith(each.region_prefix)),
            key=lambda each: len(each.region_prefix),
        )
        return self.ancestors(layer)
