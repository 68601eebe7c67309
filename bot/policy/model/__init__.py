"""The sections of shop_policy.yml as pydantic models; bot/policy/schema.py puts them together."""
