"""Autocomplete shapes."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SuggestionOut(BaseModel):
    kind: str = Field(description="resource | tag | location | group")
    text: str
    id: int | None = Field(description="The resource or group it names")


class SuggestionsOut(BaseModel):
    query: str
    suggestions: list[SuggestionOut]
