"""Where backstride keeps its data: one typed settings object, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path

HOME_ENV = "BACKSTRIDE_HOME"
DATABASE_URL_ENV = "BACKSTRIDE_DATABASE_URL"


@dataclass(frozen=True, slots=True)
class Settings:
    """``home`` holds the SQLite database and the stream files; the database may live elsewhere."""

    home: Path
    database_url: str

    @property
    def streams_dir(self) -> Path:
        return self.home / "streams"

    @staticmethod
    def from_env(environ: dict[str, str] | None = None) -> Settings:
        """Settings from ``$BACKSTRIDE_HOME`` (default: the platform's user data folder)."""
        env = dict(os.environ) if environ is None else environ
        home = Path(env.get(HOME_ENV) or user_data_path("backstride", appauthor=False)).expanduser()
        url = env.get(DATABASE_URL_ENV) or f"sqlite:///{home / 'backstride.db'}"
        return Settings(home=home, database_url=url)
