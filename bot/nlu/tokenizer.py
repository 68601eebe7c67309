"""Jieba tokenizer that handles Latin words and whitespace cleanly."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.text import half_width, number_shape


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True
)
class ShopTokenizer(JiebaTokenizer):
    """Jieba with the shop dictionary that drops whitespace tokens and reads full-width ASCII.

    Rasa's JiebaTokenizer emits a token for every space in mixed zh/en text, which pollutes
    the features of English messages; this subclass keeps only real words. The lemma the n-gram
    featurizers read has long numbers replaced by one shape (bot.nlu.text.number_shape). With
    `chat_noise_copies: 1`, training adds a chat-typed copy of each English intent example
    (bot.nlu.augment), so every later component learns from it too.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """JiebaTokenizer's options and `chat_noise_copies` (0 or 1)."""
        return {**JiebaTokenizer.get_default_config(), "chat_noise_copies": 0}

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Tokenizes the training data, with the chat-typed copies when configured."""
        if self._config.get("chat_noise_copies"):
            training_data = training_data.merge(TrainingData(chat_typed_copies(training_data)))
        return super().process_training_data(training_data)

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


def chat_typed_copies(training_data: TrainingData) -> List[Message]:
    """A chat-typed copy (bot.nlu.augment.chat_noise) of each English intent example, same intent."""
    from bot.nlu.augment import chat_noise

    copies = []
    for example in training_data.intent_examples:
        noisy = chat_noise(example.get(TEXT) or "")
        if noisy:
            copies.append(Message(data={TEXT: noisy, INTENT: example.get(INTENT)}))
    return copies
