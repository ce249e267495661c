from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CitationView")


@_attrs_define
class CitationView:
    """
    Attributes:
        article (None | str): the article or clause
        document (None | str): the cited document's id; null for an example
        example (bool): not a published figure: an example standing in for one
        note (None | str):
        number (None | str): 文号, when the text has one
        quote (None | str): the text's own words, short
        seed (None | str): the seed text the document was read from
        text (str): the citation as a caseworker reads it (Chinese)
        title (None | str): the document's title
    """

    article: None | str
    document: None | str
    example: bool
    note: None | str
    number: None | str
    quote: None | str
    seed: None | str
    text: str
    title: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        article: None | str
        article = self.article

        document: None | str
        document = self.document

        example = self.example

        note: None | str
        note = self.note

        number: None | str
        number = self.number

        quote: None | str
        quote = self.quote

        seed: None | str
        seed = self.seed

        text = self.text

        title: None | str
        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "article": article,
                "document": document,
                "example": example,
                "note": note,
                "number": number,
                "quote": quote,
                "seed": seed,
                "text": text,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_article(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        article = _parse_article(d.pop("article"))

        def _parse_document(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        document = _parse_document(d.pop("document"))

        example = d.pop("example")

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        def _parse_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        number = _parse_number(d.pop("number"))

        def _parse_quote(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        quote = _parse_quote(d.pop("quote"))

        def _parse_seed(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        seed = _parse_seed(d.pop("seed"))

        text = d.pop("text")

        def _parse_title(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        title = _parse_title(d.pop("title"))

        citation_view = cls(
            article=article,
            document=document,
            example=example,
            note=note,
            number=number,
            quote=quote,
            seed=seed,
            text=text,
            title=title,
        )

        citation_view.additional_properties = d
        return citation_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
