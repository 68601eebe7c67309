"""Pinyin typos: a wrongly picked character read as the homophone the training examples use; real
words, words the segmenter knows and the buyer's text untouched."""
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.homophones import HomophoneCorrector
from bot.nlu.spelling import CORRECTED_TEXT, SpellingCorrector
from bot.nlu.tokenizer import ShopTokenizer

EXAMPLES = [(text, "x") for text in ["什么时候发货", "今天能发货吗", "发货了吗", "我要退货", "退货地址发我", "怎么退货",
                                     "包邮吗", "包邮不", "偏远包邮吗", "退款什么时候到", "退款到哪了", "退款呢",
                                     "尺码怎么选", "尺码偏大吗", "尺码表发我", "质量怎么样", "质量好吗", "质量太差了",
                                     "where is my delivery", "delivery time please"]]


def _context(name):
    return ExecutionContext(GraphSchema({}), node_name=name)


@pytest.fixture
def trained(tmp_path):
    storage = LocalModelStorage(tmp_path)
    tokenizer = ShopTokenizer.create({**ShopTokenizer.get_default_config(), "dictionary_path": "data/jieba"}, storage,
                                     Resource("tok"), _context("tok"))  # the shop's words: 包邮 is one
    training = tokenizer.process_training_data(TrainingData([Message(data={TEXT: t, INTENT: i}) for t, i in EXAMPLES]))
    homophones = HomophoneCorrector.create(HomophoneCorrector.get_default_config(), storage, Resource("hom"),
                                           _context("hom"))
    homophones.train(training)
    spelling = SpellingCorrector.create(SpellingCorrector.get_default_config(), storage, Resource("spell"),
                                        _context("spell"))
    spelling.train(training)
    return storage, tokenizer, homophones, spelling


def _read(tokenizer, components, text):
    message = Message(data={TEXT: text})
    tokenizer.process([message])
    for component in components:
        component.process([message])
    return message


@pytest.mark.parametrize("typed, meant", [("啥时候法货", "啥时候发货"), ("我要推货", "我要退货"), ("包油吗", "包邮吗"),
                                          ("退宽什么时候到", "退款什么时候到"), ("尺马怎么选", "尺码怎么选")])
def test_a_wrongly_picked_character_is_read_as_the_training_homophone(trained, typed, meant):
    _, tokenizer, homophones, _ = trained
    message = _read(tokenizer, [homophones], typed)
    assert message.get(TEXT) == typed and message.get(CORRECTED_TEXT) == meant
    lemmas = "".join(t.lemma for t in message.get(TOKENS_NAMES[TEXT]))
    assert lemmas == meant.replace(" ", "")


@pytest.mark.parametrize("text", ["及时发货吗", "两件衣服多少钱", "这个马丁靴保暖吗", "发货了吗", "where is my delivry"])
def test_words_the_dictionary_knows_and_correct_text_are_left_alone(trained, text):
    _, tokenizer, homophones, _ = trained
    assert _read(tokenizer, [homophones], text).get(CORRECTED_TEXT) is None


def test_english_spelling_starts_from_the_chinese_correction(trained):
    _, tokenizer, homophones, spelling = trained
    message = _read(tokenizer, [homophones, spelling], "delivry 啥时候法货")
    assert message.get(CORRECTED_TEXT) == "delivery 啥时候发货"


def test_the_stored_pairs_survive_a_save_and_load(trained):
    storage, tokenizer, homophones, _ = trained
    loaded = HomophoneCorrector.load(HomophoneCorrector.get_default_config(), storage, Resource("hom"), _context("hom"))
    assert _read(tokenizer, [loaded], "我要推货").get(CORRECTED_TEXT) == "我要退货"


def test_untrained_it_corrects_nothing(tmp_path):
    storage = LocalModelStorage(tmp_path)
    tokenizer = ShopTokenizer.create(ShopTokenizer.get_default_config(), storage, Resource("tok"), _context("tok"))
    fresh = HomophoneCorrector.create({}, storage, Resource("hom"), _context("hom"))
    assert _read(tokenizer, [fresh], "我要推货").get(CORRECTED_TEXT) is None
