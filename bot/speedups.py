"""Measured fixes for slow paths inside Rasa 3.6 (see docs/benchmarks.md, "Faster").

Rasa checks every action server response with `jsonschema.validate(result, schema)`, which
first re-validates the constant schema against the JSON Schema meta-schema: a fifth of the
Rasa server's CPU per turn under load. `install()` swaps in a validator built once; responses
are checked exactly as before and a bad one still raises the same ValidationError.

Loading a model, Rasa reads the domain stored in it three times and checks it against the domain
schema again (pykwalify): about 2 of the server's 11 seconds to start. The stored domain is the
one `rasa train` validated; `install()` reads it once, with Rasa's own YAML reader, and merges it
as Rasa does, so the domain is the same.
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


def _load_domain(cls: Any, config: Dict[Text, Any], model_storage: Any, resource: Any, execution_context: Any,
                 **kwargs: Any) -> Any:
    """DomainProvider.load reading the model's domain files once, without the schema check that
    training did (Domain.from_directory does the same merge)."""
    from pathlib import Path

    from rasa.shared.core.domain import Domain
    from rasa.shared.utils.io import read_file, read_yaml

    with model_storage.read_from(resource) as directory:
        combined: Dict[Text, Any] = {}
        for path in sorted(p for p in Path(directory).rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()):
            combined = Domain.merge_domain_dicts(read_yaml(read_file(path)) or {}, combined)
        domain = Domain.from_dict(combined)
    return cls(model_storage, resource, domain)


def install() -> None:
    """Apply the fixes once per process (called when Xiaoer's server, NLG or channels load)."""
    global _installed
    if _installed:
        return
    from rasa.core.actions.action import RemoteAction
    from rasa.graph_components.providers.domain_provider import DomainProvider

    RemoteAction._validate_action_result = _validate_action_result
    DomainProvider.load = classmethod(_load_domain)
    _installed = True
