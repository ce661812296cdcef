"""A download's ``Content-Disposition``, safe whatever the file name a user uploaded.

A name is copied into a header: a quote, a semicolon or a line break in it would let the name add its own
parameters (``x"; filename*=UTF-8''evil.html``) or headers. So the plain ``filename`` keeps only letters,
digits and ``. _ -`` (others become ``_``), and the exact name travels percent-encoded in ``filename*``
(RFC 6266 / RFC 5987), which cannot carry a quote or a separator unencoded.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 120


def attachment(filename: str, *, fallback: str = "download") -> str:
    """The header value ``attachment; filename="…"; filename*=UTF-8''…`` for ``filename``."""
    name = "".join(c for c in unicodedata.normalize("NFC", filename) if unicodedata.category(c)[0] != "C")
    name = name.replace("/", "_").replace("\\", "_").strip(" .")[:MAX_NAME] or fallback
    ascii_name = _UNSAFE.sub("_", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()).strip("._")
    ascii_name = ascii_name or fallback
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
