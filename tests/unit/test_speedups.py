"""The cached action-response validator accepts and rejects exactly what Rasa's own check does."""
import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot import speedups

GOOD = {"events": [{"event": "slot", "name": "order_id", "value": "1001202611000001"}],
        "responses": [{"response": "utter_greet"}]}
BAD = [{"events": "not a list"}, {"events": [{"no_event_key": 1}]}, {"responses": [42]}]


def test_installed_validator_agrees_with_jsonschema_validate():
    speedups.install()
    action = RemoteAction("action_check_order", None)
    assert RemoteAction._validate_action_result is speedups._validate_action_result
    assert action._validate_action_result(GOOD) is True
    spec = RemoteAction.action_response_format_spec()
    for response in BAD:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(response, spec)
        with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
            action._validate_action_result(response)


def test_the_domain_loaded_from_a_model_is_the_one_rasa_loads(tmp_path):
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.graph_components.providers.domain_provider import DomainProvider
    from rasa.shared.core.domain import Domain

    storage = LocalModelStorage(tmp_path)
    resource = Resource("domain_provider")
    with storage.write_to(resource) as directory:
        Domain.from_path("domain.yml").persist(directory / "domain.yml")
    with storage.read_from(resource) as directory:
        rasas = Domain.from_path(directory)
    speedups.install()
    loaded = DomainProvider.load({}, storage, resource, None).provide_inference()
    assert loaded.as_dict() == rasas.as_dict()
    assert loaded.responses["utter_policy_quality"] == rasas.responses["utter_policy_quality"]
    assert "utter_ok" in loaded.responses and loaded.slots and loaded.intents == rasas.intents
