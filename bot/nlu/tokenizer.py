"""Jieba tokenizer that handles Latin words and whitespace cleanly."""
from __future__ import annotations

from typing import List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.text import half_width, number_shape


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True
)
class ShopTokenizer(JiebaTokenizer):
    """Jieba with the shop dictionary that drops whitespace tokens and reads full-width ASCII.

    Rasa's JiebaTokenizer emits a token for every space in mixed zh/en text, which pollutes
    the features of English messages; this subclass keeps only real words. The lemma the n-gram
    featurizers read has long numbers replaced by one shape (bot.nlu.text.number_shape).
    """

    @staticmethod
    def supported_languages() -> None:
        """Chinese and English (and any mix of the two)."""
        return None

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        """Split the attribute's text into jieba words, without whitespace tokens."""
        import jieba

        text = half_width(message.get(attribute) or "")
        tokens = [
            Token(word, start, lemma=number_shape(word)) for word, start, _ in jieba.tokenize(text) if word.strip()
        ]
        return self._apply_token_pattern(tokens)
