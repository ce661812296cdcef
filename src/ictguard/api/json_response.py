"""A JSON response rendered by orjson, for routes that return plain dicts without a response model.

FastAPI's default path for ``dict[str, Any]`` validates and re-encodes the whole document through pydantic;
on the screening hot path that is a measurable share of a request, and the document is already JSON-ready.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


class JsonBytes(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
