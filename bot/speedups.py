"""Measured fixes for slow paths inside Rasa 3.6 (see docs/benchmarks.md, "Faster").

Rasa checks every action server response with `jsonschema.validate(result, schema)`, which
first re-validates the constant schema against the JSON Schema meta-schema: a fifth of the
Rasa server's CPU per turn under load. `install()` swaps in a validator built once; responses
are checked exactly as before and a bad one still raises the same ValidationError.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

_installed = False


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
    from jsonschema import ValidationError
    from rasa.shared.constants import DOCS_BASE_URL

    try:
        _response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (". Failed to validate Action server response from API, make sure your response "
                          f"from the Action endpoint is valid. For more information about the format visit "
                          f"{DOCS_BASE_URL}/custom-actions")
        raise error


def install() -> None:
    """Apply the fixes once per process (called when Xiaoer's NLG or channels load)."""
    global _installed
    if _installed:
        return
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = _validate_action_result
    _installed = True
