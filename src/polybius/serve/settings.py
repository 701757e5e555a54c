"""What a server allows: API keys, body and page-size limits, CORS origins."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from polybius.serve.errors import ConfigError

#: Environment variable holding comma-separated API keys for ``POST /v1/articles``.
KEYS_ENV = "POLYBIUS_API_KEYS"
#: Environment variable naming a file of API keys (one a line, ``#`` comments).
KEYS_FILE_ENV = "POLYBIUS_API_KEYS_FILE"
#: Shortest key accepted: shorter ones are guessable.
MIN_KEY_LENGTH = 16


@dataclass(frozen=True)
class ServeSettings:
    """The server's limits.

    api_keys: keys accepted by ``POST /v1/articles``; none means ingest over HTTP is refused.
    max_body_bytes: larger request bodies get 413, whether announced or streamed.
    max_page: the hard cap on ``limit`` for ``GET /v1/events``.
    max_articles: articles per ``POST /v1/articles`` request.
    cors_origins: origins allowed to call the API from a browser; empty (the default) sends no
        CORS headers at all.
    """

    api_keys: tuple[str, ...] = ()
    max_body_bytes: int = 1_048_576
    max_page: int = 500
    max_articles: int = 100
    cors_origins: tuple[str, ...] = ()


def load_api_keys(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """The API keys from ``$POLYBIUS_API_KEYS`` (comma-separated) and from a key file.

    path: a file of keys, one a line (blank lines and ``#`` comments ignored); default
        ``$POLYBIUS_API_KEYS_FILE`` when set.
    environ: the environment to read (default ``os.environ``).
    Returns the distinct keys in the order found. Raises ConfigError for an unreadable file or
    a key shorter than ``MIN_KEY_LENGTH`` characters (the message never contains the key).
    """
    env = os.environ if environ is None else environ
    found = [k.strip() for k in env.get(KEYS_ENV, "").split(",")]
    path = path or env.get(KEYS_FILE_ENV)
    if path:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(f"cannot read the API key file {path}: {exc.strerror}") from exc
        found += [line.strip() for line in lines if not line.lstrip().startswith("#")]
    keys = tuple(dict.fromkeys(k for k in found if k))
    short = sum(len(k) < MIN_KEY_LENGTH for k in keys)
    if short:
        raise ConfigError(f"{short} API key(s) shorter than {MIN_KEY_LENGTH} characters")
    return keys
