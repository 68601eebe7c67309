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
