"""Rich tool outputs (text, image, file) and how a tool's return value becomes the `output` of a
`function_call_output` item. Re-exported by `agentkit.tool`; here so items can convert outputs
without depending on tools."""

from __future__ import annotations

import functools
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, model_validator
from typing_extensions import NotRequired, TypedDict

from .logger import logger

# Validators are built on first use, not when `agentkit.tool` is imported: building one is also
# what makes pydantic scan every installed distribution's entry points for plugins.
_LAZY = ConfigDict(defer_build=True)


class ToolOutputText(BaseModel):
    """Tool output sent to the model as text."""

    model_config = _LAZY

    type: Literal["text"] = "text"
    text: str


class ToolOutputTextDict(TypedDict, total=False):
    """Dict form of `ToolOutputText`."""

    type: Literal["text"]
    text: str


class ToolOutputImage(BaseModel):
    """Tool output sent to the model as an image: an `image_url` (URL or data URL) or the
    `file_id` of an uploaded file, with an optional vision `detail`."""

    model_config = _LAZY

    type: Literal["image"] = "image"
    image_url: str | None = None
    file_id: str | None = None
    detail: Literal["low", "high", "auto"] | None = None

    @model_validator(mode="after")
    def check_at_least_one_required_field(self) -> ToolOutputImage:
        if self.image_url is None and self.file_id is None:
            raise ValueError("At least one of image_url or file_id must be provided")
        return self


class ToolOutputImageDict(TypedDict, total=False):
    """Dict form of `ToolOutputImage`."""

    type: Literal["image"]
    image_url: NotRequired[str]
    file_id: NotRequired[str]
    detail: NotRequired[Literal["low", "high", "auto"]]


class ToolOutputFileContent(BaseModel):
    """Tool output sent to the model as a file: base64 `file_data` (optionally named by
    `filename`), a `file_url`, or the `file_id` of an uploaded file."""

    model_config = _LAZY

    type: Literal["file"] = "file"
    file_data: str | None = None
    file_url: str | None = None
    file_id: str | None = None
    filename: str | None = None

    @model_validator(mode="after")
    def check_at_least_one_required_field(self) -> ToolOutputFileContent:
        if self.file_data is None and self.file_url is None and self.file_id is None:
            raise ValueError("At least one of file_data, file_url, or file_id must be provided")
        return self


class ToolOutputFileContentDict(TypedDict, total=False):
    """Dict form of `ToolOutputFileContent`."""

    type: Literal["file"]
    file_data: NotRequired[str]
    file_url: NotRequired[str]
    file_id: NotRequired[str]
    filename: NotRequired[str]


ValidToolOutputPydanticModels = ToolOutputText | ToolOutputImage | ToolOutputFileContent


@functools.cache
def _tool_output_adapter() -> TypeAdapter[ValidToolOutputPydanticModels]:
    return TypeAdapter(ValidToolOutputPydanticModels)


def _as_structured_output(value: Any) -> ValidToolOutputPydanticModels | None:
    if isinstance(value, ToolOutputText | ToolOutputImage | ToolOutputFileContent):
        return value
    # Only dicts that say what they are count; any other dict is plain data to stringify.
    if isinstance(value, dict) and "type" in value:
        try:
            return _tool_output_adapter().validate_python(value)
        except ValidationError:
            logger.debug("dict was not a valid tool output pydantic model")
    return None


def _structured_to_input_content(output: ValidToolOutputPydanticModels) -> dict[str, Any]:
    if isinstance(output, ToolOutputText):
        return {"type": "input_text", "text": output.text}
    if isinstance(output, ToolOutputImage):
        image: dict[str, Any] = {"type": "input_image"}
        for key in ("image_url", "file_id", "detail"):
            if getattr(output, key) is not None:
                image[key] = getattr(output, key)
        return image
    file: dict[str, Any] = {"type": "input_file"}
    for key in ("file_data", "file_url", "file_id", "filename"):
        if getattr(output, key) is not None:
            file[key] = getattr(output, key)
    return file


def _convert_tool_output(output: Any) -> str | list[dict[str, Any]]:
    """The `output` field of a `function_call_output` item for a tool's return value.

    A `ToolOutputText`/`ToolOutputImage`/`ToolOutputFileContent` (or a dict with their `type`),
    or a non-empty list/tuple made only of those, becomes a list of `input_text`/`input_image`/
    `input_file` content parts; a str is sent as is; anything else is sent as `str(output)`.
    """
    if isinstance(output, str):
        return output
    if isinstance(output, list | tuple):
        parts = [_as_structured_output(item) for item in output]
        # An empty list has no parts; stringify it rather than send an empty content list.
        if parts and all(p is not None for p in parts):
            return [_structured_to_input_content(cast(Any, p)) for p in parts]
        return str(output)
    single = _as_structured_output(output)
    if single is not None:
        return [_structured_to_input_content(single)]
    return str(output)
