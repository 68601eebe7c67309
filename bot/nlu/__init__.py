"""Custom Rasa NLU components: shop tokenizer, language detector, rule-based entities."""
