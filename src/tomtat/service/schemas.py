"""Request bodies of the API. Article objects stay plain JSON objects: they are validated by
``tomtat.readers.article_from_mapping``, exactly as the command line reads them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ARTICLE_EXAMPLE = {
    "id": "a1",
    "title": "Sạt lở bờ sông Mây",
    "lead": "…",
    "text": "Nội dung bài báo … (bắt buộc)",
    "source": "VnExpress",
    "url": "https://example.vn/bai-bao",
    "published": "13/9/2023 11:39",
}

ARTICLES_EXAMPLES = {
    "one": {"summary": "One article object", "value": ARTICLE_EXAMPLE},
    "many": {"summary": "A list of article objects", "value": [ARTICLE_EXAMPLE]},
    "wrapped": {"summary": "A batch", "value": {"articles": [ARTICLE_EXAMPLE]}},
    "url": {"summary": "A URL to fetch", "value": {"url": "https://example.vn/bai-bao"}},
    "refresh": {
        "summary": "A stored URL to fetch again (a corrected page)",
        "value": {"url": "https://example.vn/bai-bao", "refresh": True},
    },
}


class SummarizeRequest(BaseModel):
    """The articles of ONE story and how long a summary to make of them."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,  # JSON types as documented: "budget": "5" or "fill": "yes" is a 422
        json_schema_extra={"examples": [{"documents": [ARTICLE_EXAMPLE]}]},
    )

    documents: list[dict[str, Any]] = Field(
        min_length=1, description="Article objects, as `tomtat summarize` reads them."
    )
    budget: int = Field(180, ge=1, description="Length limit of the summary, in `unit`.")
    unit: Literal["syllables", "words", "sentences"] = "syllables"
    method: Literal["default", "learned", "coverage", "lead", "centroid", "lexrank"] = "default"
    fill: bool = Field(
        False,
        description="Stop at the first sentence that does not fit and add it past the budget "
        "(benchmarks only).",
    )
    include_text: bool = Field(
        False,
        description="Also return each document's normalized `text`, the text citation "
        "offsets point into (the web page uses it to highlight the cited sentence).",
    )


class FetchRequest(BaseModel):
    """A page to fetch and read, nothing stored."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"examples": [{"url": "https://example.vn/bai-bao"}]},
    )

    url: str = Field(description="An http(s) address on the public internet.")


class ErrorBody(BaseModel):
    """Every error answer (never FastAPI's ``{"detail": [...]}``)."""

    error: str = Field(description="What went wrong, in one line.")
