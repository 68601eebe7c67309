"""Spelling correction: typos read as the training words, real words and the buyer's text untouched."""
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import spelling
from bot.nlu.spelling import CORRECTED_TEXT, SpellingCorrector
from bot.nlu.tokenizer import ShopTokenizer

DICTIONARY_LOADED_AT_IMPORT = spelling._checker is not None

EXAMPLES = [("where is my delivery", "ask_logistics"), ("I want a refund please", "request_refund"),
            ("can I exchange this sweatshirt for a bigger size", "request_exchange"),
            ("my package has not arrived", "ask_logistics"), ("这件卫衣有货吗", "ask_stock")]


def context(name):
    return ExecutionContext(GraphSchema({}), node_name=name)


def pipeline(tmp_path):
    """A tokenizer and a corrector trained on EXAMPLES, stored in tmp_path."""
    storage = LocalModelStorage(tmp_path)
    tokenizer = ShopTokenizer.create(ShopTokenizer.get_default_config(), storage, Resource("tok"), context("tok"))
    training = tokenizer.process_training_data(
        TrainingData([Message(data={TEXT: text, INTENT: intent}) for text, intent in EXAMPLES]))
    corrector = SpellingCorrector.create(SpellingCorrector.get_default_config(), storage, Resource("spell"),
                                         context("spell"))
    corrector.train(training)
    return storage, tokenizer, corrector, training


def read(tokenizer, corrector, text):
    message = Message(data={TEXT: text})
    tokenizer.process([message])
    corrector.process([message])
    return message


def lemmas(message):
    return [t.lemma for t in message.get(TOKENS_NAMES[TEXT])]


def test_nothing_is_loaded_at_import():
    assert not DICTIONARY_LOADED_AT_IMPORT


def test_a_typo_is_read_as_the_training_word_and_the_buyer_text_is_kept(tmp_path):
    _, tokenizer, corrector, _ = pipeline(tmp_path)
    message = read(tokenizer, corrector, "Where is my delivry?? 快点")
    assert message.get(TEXT) == "Where is my delivry?? 快点"
    assert "delivery" in lemmas(message) and "delivry" not in lemmas(message)
    assert message.get(CORRECTED_TEXT) == "Where is my delivery?? 快点"
    assert message.as_dict(only_output_properties=True)[CORRECTED_TEXT] == "Where is my delivery?? 快点"
    token = next(t for t in message.get(TOKENS_NAMES[TEXT]) if t.lemma == "delivery")
    assert message.get(TEXT)[token.start:token.end] == "delivry"


def test_long_words_allow_two_edits_short_ones_one(tmp_path):
    _, tokenizer, corrector, _ = pipeline(tmp_path)
    assert "sweatshirt" in lemmas(read(tokenizer, corrector, "swetshrt in xl"))
    assert "refund" in lemmas(read(tokenizer, corrector, "refnd"))
    assert "arrived" in lemmas(read(tokenizer, corrector, "not arived"))


def test_real_words_short_words_and_chinese_are_left_alone(tmp_path):
    _, tokenizer, corrector, _ = pipeline(tmp_path)
    for text in ["is this blanket washable", "pls ur pkg", "这件卫衣有货吗", "iPhone15 case"]:
        message = read(tokenizer, corrector, text)
        assert message.get(CORRECTED_TEXT) is None, text
    assert "blanket" in lemmas(read(tokenizer, corrector, "is this blanket washable"))


def test_an_unknown_misspelling_falls_back_to_the_english_word_list(tmp_path):
    _, tokenizer, corrector, _ = pipeline(tmp_path)
    message = read(tokenizer, corrector, "the zippr is stuck")
    assert lemmas(message) == ["the", "zipper", "is", "stuck"]


def test_the_stored_words_survive_a_save_and_load(tmp_path):
    storage, tokenizer, corrector, _ = pipeline(tmp_path)
    loaded = SpellingCorrector.load(SpellingCorrector.get_default_config(), storage, Resource("spell"),
                                    context("spell"))
    for text in ["where is my delivry", "exchnage please", "is this blanket washable"]:
        assert lemmas(read(tokenizer, loaded, text)) == lemmas(read(tokenizer, corrector, text))
    assert "exchange" in lemmas(read(tokenizer, loaded, "exchnage please"))


def test_the_training_examples_are_not_changed(tmp_path):
    _, _, corrector, training = pipeline(tmp_path)
    before = [lemmas(m) for m in training.training_examples]
    corrector.process_training_data(training)
    corrector.process(training.training_examples)
    assert [lemmas(m) for m in training.training_examples] == before
    assert all(m.get(CORRECTED_TEXT) is None for m in training.training_examples)


def test_the_ngram_features_of_a_typo_equal_those_of_the_right_word(tmp_path):
    storage, tokenizer, corrector, training = pipeline(tmp_path)
    for number, extra in enumerate([{}, {"analyzer": "char_wb", "min_ngram": 1, "max_ngram": 3}]):
        featurizer = CountVectorsFeaturizer.create({**CountVectorsFeaturizer.get_default_config(), **extra},
                                                   storage, Resource(f"cvf{number}"), context(f"cvf{number}"))
        featurizer.train(training)
        typo, right = read(tokenizer, corrector, "whre is my packge"), read(tokenizer, corrector, "where is my package")
        featurizer.process([typo, right])
        typo_features = typo.get_sparse_features(TEXT)[1].features.toarray()
        right_features = right.get_sparse_features(TEXT)[1].features.toarray()
        np.testing.assert_array_equal(typo_features, right_features)


def test_the_sentence_encoder_reads_the_corrected_text(tmp_path):
    from bot.nlu.encoder import SentenceEncoderFeaturizer

    _, tokenizer, corrector, _ = pipeline(tmp_path)
    encoder = SentenceEncoderFeaturizer.create(SentenceEncoderFeaturizer.get_default_config(), None,
                                               Resource("encoder"), context("encoder"))
    typo, right = read(tokenizer, corrector, "where is my delivry"), Message(data={TEXT: "where is my delivery"})
    encoder.process([typo, right])
    np.testing.assert_allclose(typo.get_dense_features(TEXT)[1].features,
                               right.get_dense_features(TEXT)[1].features, atol=1e-6)
