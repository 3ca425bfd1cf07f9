"""Function words of Urdu, Hindi and English, as match keys.

Used for one thing only: the phrase field does not index a word pair when either word is a
function word ("کے لیے", "के लिए", "of the"). Those pairs are the commonest in the archive and
make up about half of all pairs, yet a phrase search is almost never made of them alone; the
phrase's content-word pairs plus its words find the articles, and the library checks shown hits
against the stored text. Plain word search still finds every function word.

Hand-written lists (the most frequent function words in the seeds and in general news prose);
there is no maintained Urdu stopword package to depend on.
"""
from __future__ import annotations

from .stem import match_key

URDU = """
کے کی کا کو سے میں نے ہے ہیں تھا تھی تھے ہو ہوں گا گی گے اور یا بھی تو جو جس جن جب تک
پر لیے لئے کر کیا کی گئی گیا گئے ہوا ہوئی ہوئے رہا رہی رہے ایک یہ وہ اس ان انہوں انہیں
اپنے اپنی اپنا کہ ہی نہ نہیں بعد ساتھ درمیان حوالے مطابق طرف طور بارے دوران ذریعے
""".split()

HINDI = """
के की का को से में ने है हैं था थी थे हो हों गा गी गे और या भी तो जो जिस जिन जब तक
पर लिए लिये कर किया गया गई गए हुआ हुई हुए रहा रही रहे एक यह वह इस उस इन उन अपने
अपनी अपना कि ही न नहीं बाद साथ बीच अनुसार तरह तरफ दौरान द्वारा
""".split()

ENGLISH = """
the a an of to in on at by for with from and or but as is are was were be been it its this
that these those he she they his her their not no
""".split()

STOP_KEYS: frozenset[str] = frozenset(match_key(w) for w in URDU + HINDI + ENGLISH)


def is_stop_key(key: str) -> bool:
    return key in STOP_KEYS
