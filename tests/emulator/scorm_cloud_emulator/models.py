"""Request body models shared by route modules.

Bodies are lenient the way the service is: unknown fields are ignored, every field is optional at the
schema level (routes enforce what is required, with a 400 naming the field), and strings are bounded
so that huge inputs get a 400 rather than being stored.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Text = Annotated[str, Field(max_length=10000)]
Name = Annotated[str, Field(max_length=1000)]
Ident = Annotated[str, Field(max_length=255)]
Tag = Annotated[str, Field(max_length=255)]


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class TagListSchema(Body):
    tags: list[Tag] | None = Field(None, max_length=1000)


class BatchTagsSchema(Body):
    ids: list[Ident] | None = Field(None, max_length=10000)
    tags: list[Tag] | None = Field(None, max_length=1000)


class EnabledSchema(Body):
    enabled: bool | None = None


class PostBackSchema(Body):
    """Where and how the service posts registration results (dispatches, public invitations)."""
    url: Text | None = None
    authType: Name | None = None
    userName: Name | None = None
    password: Name | None = None
    resultsFormat: Name | None = None
    legacy: bool | None = None


class TitleSchema(Body):
    title: Name | None = None


class SettingsIndividualSchema(Body):
    settingId: Name | None = None
    value: Text | bool | int | float | None = None
    explicit: bool | None = None


class SettingsPostSchema(Body):
    settings: list[SettingsIndividualSchema] | None = Field(None, max_length=1000)
