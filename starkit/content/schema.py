"""JSON Schemas exported from the models, so editors can complete and check the YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from starkit.content.models import PrincipleFile, Scenario
from starkit.content.rubric import Rubric

__all__ = ["render_schemas", "schema_models", "write_schemas"]


def schema_models() -> dict[str, type[BaseModel]]:
    """File name -> the model it describes."""
    return {
        "scenario.schema.json": Scenario,
        "principles.schema.json": PrincipleFile,
        "rubric.schema.json": Rubric,
    }


def _schema(name: str, model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"starkit/{name}",
        **schema,
    }


def render_schemas() -> dict[str, str]:
    """File name -> JSON text, exactly as written to ``data/schema/``."""
    return {
        name: json.dumps(_schema(name, model), indent=2, ensure_ascii=False) + "\n"
        for name, model in schema_models().items()
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder`` (made if missing); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
