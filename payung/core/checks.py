"""System checks (`payung check`): the data folder and the database file are private."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Warning, register

from .files import is_private, sqlite_path


@register("security", deploy=True)
def data_is_private(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Warn when the data folder, uploads or SQLite file can be read by other accounts."""
    found = []
    paths = [Path(settings.DATA_DIR), Path(settings.MEDIA_ROOT)]
    database = sqlite_path(settings.DATABASES["default"])
    if database is not None:
        paths.append(database)
    for path in paths:
        if path.exists() and not is_private(path):
            found.append(
                Warning(
                    f"{path} dapat dibaca akun lain / is readable by other accounts",
                    hint=f"chmod {'700' if path.is_dir() else '600'} {path}",
                    id="payung.W001",
                )
            )
    return found
