"""A malformed parameter file stops the app at start."""

import shutil
from pathlib import Path

import pytest
from django.apps import apps

from payung.rules import loader
from payung.rules.errors import ParameterError


def test_ready_refuses_a_malformed_parameter_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """RulesConfig.ready() raises ParameterError naming the broken file."""
    copy = tmp_path / "parameters"
    shutil.copytree(loader.PARAMETERS_DIR, copy)
    broken = copy / "rounding" / "mode.yaml"
    broken.write_text(broken.read_text().replace("unit: code", "unit: colour"))
    monkeypatch.setattr(loader, "PARAMETERS_DIR", copy)
    with pytest.raises(ParameterError, match=rf"^{broken}: unknown unit 'colour'"):
        apps.get_app_config("rules").ready()
