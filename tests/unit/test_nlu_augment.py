"""Chat-typed copies of English training examples (bot.nlu.augment, ShopTokenizer)."""
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.augment import chat_noise, slip
from bot.nlu.tokenizer import ShopTokenizer


def test_english_is_typed_as_in_a_chat_the_same_way_every_time():
    text = "Could you please tell me what the delivery charges are for Mumbai? Thanks!"
    typed = chat_noise(text)
    assert typed == chat_noise(text)
    assert typed != text and typed == typed.lower()
    assert "?" not in typed or "!" not in typed
    assert len(typed.split()) == len(text.split())


def test_chinese_and_unchanged_texts_get_no_copy():
    assert chat_noise("这件有货吗？") is None
    assert chat_noise("hi") is None


def test_a_slip_changes_one_letter_inside_a_long_word_and_keeps_codes():
    import random

    rng = random.Random(1)
    for _ in range(50):
        word = slip("delivery", rng)
        assert word[0] == "d" and abs(len(word) - 8) <= 1 and word != ""
    assert slip("ab12345", rng) == "ab12345"
    assert slip("cod", rng) == "cod"


def test_the_tokenizer_adds_one_typed_copy_per_english_example_only_when_configured():
    def data():
        return TrainingData([Message(data={TEXT: "Where is my order? I have not received it yet.", INTENT: "track_logistics"}),
                             Message(data={TEXT: "我的快递到哪了", INTENT: "track_logistics"})])

    plain = ShopTokenizer(ShopTokenizer.get_default_config(), None, None).process_training_data(data())
    assert len(plain.intent_examples) == 2
    noisy = ShopTokenizer({**ShopTokenizer.get_default_config(), "chat_noise_copies": 1}, None, None) \
        .process_training_data(data())
    texts = [m.get(TEXT) for m in noisy.intent_examples]
    assert len(texts) == 3 and texts[2] == chat_noise(texts[0])
    assert noisy.intent_examples[2].get(INTENT) == "track_logistics"
    assert noisy.intent_examples[2].get("text_tokens")


def test_pinyin_slips_swap_characters_for_homophones_only_in_chinese():
    from pypinyin import lazy_pinyin

    from bot.nlu.augment import pinyin_slips

    texts = ["快递到哪了 三天没动了", "我要退货 质量太差了", "尺码怎么选 我165 100斤", "有没有优惠券 满减怎么算"]
    typed = [pinyin_slips(t) for t in texts]
    assert typed == [pinyin_slips(t) for t in texts]  # the same every time
    assert any(typed)
    for text, slipped in zip(texts, typed):
        slipped = slipped or text
        assert len(slipped) == len(text)
        for a, b in zip(text, slipped):
            assert a == b or lazy_pinyin(a) == lazy_pinyin(b), (text, slipped)
    assert pinyin_slips("where is my parcel") is None
