"""Word lists for the context rules, in Urdu, Hindi and English (normalised on load).

Titles and honorifics announce a person ("صدر ولادیمیر پوتن", "राष्ट्रपति पुतिन", "श्री
वर्मा"); organisation words close or open an organisation's name ("وزارت خارجہ", "विदेश
मंत्रालय", "… ایجنسی"); function words end a name. Written by hand from newspaper usage.
"""
from __future__ import annotations

from ..text.normalize import normalize

_TITLES = """
صدر وزیراعظم وزیر اعظم وزیرِاعظم وزیرِ اعظم وزیر وزیرِ خارجہ وزیر خارجہ وزیر دفاع وزیر خزانہ
وزیر داخلہ وزیر اطلاعات وزیر اعلیٰ وزیراعلیٰ مسٹر مسز مس جناب محترمہ رہنما لیڈر سربراہ
چیئرمین جنرل لیفٹیننٹ کرنل میجر کیپٹن ایڈمرل ڈاکٹر پروفیسر شہزادہ شیخ بادشاہ ملکہ سفیر ترجمان
گورنر جج چیف جسٹس سینیٹر رکن اسمبلی مشیر سیکرٹری نائب صدر سابق صدر سابق وزیراعظم
राष्ट्रपति प्रधानमंत्री प्रधान मंत्री मंत्री विदेश मंत्री रक्षा मंत्री गृह मंत्री वित्त मंत्री
मुख्यमंत्री नेता श्री श्रीमती सुश्री डॉ डॉक्टर प्रोफेसर जनरल कर्नल मेजर कैप्टन राजदूत प्रवक्ता
अध्यक्ष सांसद विधायक न्यायाधीश जज राज्यपाल उपराष्ट्रपति पूर्व राष्ट्रपति पूर्व प्रधानमंत्री
सलाहकार सचिव महासचिव चेयरमैन
president prime minister minister mr mrs ms dr prof general sir spokesman spokeswoman
secretary chancellor governor senator ambassador leader chairman
"""

# Words that open an organisation's name (Urdu puts the head noun first).
_ORG_OPENERS = "وزارت ادارہ محکمہ کمیشن عدالت بینک یونیورسٹی پارٹی فوج کونسل"
# Words that close one ("विदेश मंत्रालय", "X ایجنسی", "Y Party").
_ORG_CLOSERS = """
ایجنسی پارٹی کمیشن کونسل بینک یونیورسٹی فاؤنڈیشن کمپنی گروپ ٹائمز پوسٹ نیوز ٹی وی
मंत्रालय एजेंसी पार्टी आयोग परिषद बैंक विश्वविद्यालय संगठन कंपनी समूह टाइम्स पोस्ट न्यूज़ न्यूज
agency party commission council bank university ministry times post news group company
"""

# Function words and postpositions: a name never contains them.
_STOP = """
کے کی کا کو نے سے میں پر اور یا بھی تو ہی نہ نہیں ہے ہیں تھا تھے تھی گا گی گے جو جس جن
کہ یہ وہ ان اس ایک اپنے اپنی اپنا لیے لئے تک بعد قبل ساتھ درمیان طرف مطابق بارے ہو ہوں ہوئے
کر کرنے کیا کیے گیا گئے گئی دیا دی رہے رہا رہی چاہتے کہا بتایا کہنا جبکہ لیکن مگر اب
के की का को ने से में पर और या भी तो ही न नहीं है हैं था थे थी गा गी गे जो जिस जिन कि यह वह
उन इस एक अपने अपनी अपना लिए तक बाद पहले साथ बीच तरफ अनुसार बारे हो हों हुए कर करने किया
किए गया गए गई दिया दी रहे रहा रही चाहते कहा बताया लेकिन मगर अब द
the of and or in on at to for from by with a an is was are were has have said says
"""

_COMMON = """
کم از بہت زیادہ امن شریف خان نواز پیر
कम बहुत ज्यादा शांति
"""


def _words(block: str) -> set[str]:
    return {normalize(w) for w in block.split()}


def _phrases(block: str) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for line in block.strip().splitlines():
        words = [normalize(w) for w in line.split()]
        out.update((w,) for w in words)
    return out


TITLE_WORDS = _words(_TITLES)
ORG_OPENERS = _words(_ORG_OPENERS)
ORG_CLOSERS = _words(_ORG_CLOSERS)
STOPWORDS = _words(_STOP)
COMMON_WORDS = _words(_COMMON)
ACCORDING_TO = {("کے", "مطابق"), ("के", "अनुसार"), ("according", "to")}
