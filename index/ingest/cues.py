"""Phrase tables for the line cleaner: boilerplate cues in Urdu, Hindi and English.

Every phrase is matched on the *token key* of a line (see `cleaner.key`): the line folded with
`normalize()` and re-joined from `tokens()` with single spaces, so punctuation, case, harakat,
nukta and spelling variants of Arabic-script letters do not matter ("یہ بھی پڑھیں:" matches
"یہ بھی پڑھیں", "Read Also" matches "read also").
"""
from __future__ import annotations

from ..text.normalize import normalize
from ..text.tokenize import tokens


def _keys(*phrases: str) -> frozenset[str]:
    return frozenset(" ".join(tokens(normalize(p))) for p in phrases)


def _words(*phrases: str) -> frozenset[str]:
    out: set[str] = set()
    for p in phrases:
        out.update(tokens(normalize(p)))
    return frozenset(out)


# Lines starting with one of these are links to other stories.
READ_ALSO = _keys(
    "یہ بھی پڑھیں", "یہ بھی پڑھیے", "یہ بھی پڑھئے", "مزید پڑھیں", "مزید پڑھیے", "ضرور پڑھیں",
    "پڑھیں", "پڑھیے", "اسے بھی پڑھیں", "یہ بھی دیکھیں", "مزید دیکھیں",
    "ये भी पढ़ें", "यह भी पढ़ें", "इसे भी पढ़ें", "और पढ़ें", "ज़रूर पढ़ें", "पढ़ें", "ये भी देखें",
    "यह भी देखें", "ये भी पढ़े", "यह भी पढ़े",
    "read also", "also read", "read more", "see also", "also see", "read", "related",
    "also watch", "watch", "click here",
    "اقرأ أيضا", "اقرأ أيضاً", "اقرأ المزيد", "اقرأ ايضا", "بیشتر بخوانید", "بخوانید",
    "همچنین بخوانید",
)

# Short lines that announce a list of other stories (and end the article).
LIST_HEADERS = _keys(
    "تازہ ترین", "تازہ ترین خبریں", "اہم خبریں", "مزید خبریں", "متعلقہ", "متعلقہ خبریں",
    "متعلقہ مضامین", "متعلقہ تحاریر", "مقبول", "مقبول خبریں", "مقبول ترین",
    "سب سے زیادہ پڑھی گئی", "سب سے زیادہ پڑھی جانے والی", "ویڈیو", "ویڈیوز", "کالم",
    "کالم تجزیہ", "تجزیہ", "آپ کے لیے", "آپ کے لئے", "دریافت کیجیے", "دریافت کریں", "مزید",
    "ٹاپ اسٹوریز", "بریکنگ نیوز", "دلچسپ و عجیب", "ٹرینڈنگ", "اسی طرح کی خبریں", "دیگر خبریں",
    "ताज़ा खबरें", "ताजा खबरें", "ताज़ा ख़बरें", "लेटेस्ट न्यूज़", "लेटेस्ट", "संबंधित खबरें",
    "संबंधित ख़बरें", "संबंधित", "सबसे ज्यादा पढ़ी गई", "सबसे ज़्यादा पढ़ी गई", "सबसे अधिक पढ़ी गई",
    "सबसे ज्यादा पढ़े गए", "ट्रेंडिंग", "टॉप स्टोरीज़", "टॉप न्यूज़", "वीडियो", "और खबरें",
    "अन्य खबरें", "लोकप्रिय", "मुख्य खबरें", "बड़ी खबरें", "आपके लिए", "ब्रेकिंग न्यूज़",
    "latest", "latest news", "latest stories", "related", "related news", "related articles",
    "related posts", "related stories", "trending", "trending now", "most read", "most popular",
    "popular", "top stories", "videos", "video", "more news", "more stories", "more from",
    "recommended", "you may also like", "you might also like", "editor's picks",
    "editors picks", "discover", "discover more", "opinion", "columns", "also on", "for you",
    "must read", "in case you missed it", "breaking news",
    "الأكثر قراءة", "أخبار ذات صلة", "اخبار ذات صلة", "آخر الأخبار", "اخبار مرتبط", "پربازدیدترین",
    "آخرین اخبار",
)

ADVERTISEMENT = _keys(
    "advertisement", "advertisements", "sponsored", "ad", "ads", "sponsored content",
    "scroll to continue with content", "story continues below advertisement",
    "continue reading below", "اشتہار", "اشتہارات", "विज्ञापन", "स्पॉन्सर्ड",
)

SOURCE_LINK = _keys(
    "source link", "source", "original source", "via", "original article", "source url",
    "ماخذ", "لنک", "सोर्स लिंक",
)

# Whole-line comment / reaction widgets (matched as key prefixes too).
COMMENT_PHRASES = _keys(
    "leave a reply", "leave a comment", "your email address will not be published",
    "required fields are marked", "please enter your comment", "please enter your name",
    "post comment", "cancel reply", "save my name", "add comment", "comments", "comment",
    "name", "email", "website", "submit", "view comments", "show comments", "load comments",
    "تبصرے", "تبصرہ", "تبصرہ شائع کریں", "تبصرہ کریں", "اپنی رائے دیں", "اپنی رائے",
    "اپنی رائے کا اظہار کریں", "اس خبر پر اپنی رائے کا اظہار کریں", "نام", "ای میل",
    "آپ کا ای میل ایڈریس شائع نہیں کیا جائے گا", "یہ خبر آپ کو کیسی لگی",
    "टिप्पणी", "टिप्पणियां", "टिप्पणियाँ", "कमेंट", "कमेंट करें", "अपनी राय दें", "अपनी राय",
    "यह खबर आपको कैसी लगी", "ये खबर आपको कैसी लगी", "नाम", "ईमेल", "टिप्पणी करें",
    "टिप्पणी भेजें", "कुल टिप्पणियां", "ویب سائٹ", "वेबसाइट", "reply", "report", "reply report",
    "load more comments", "التعليقات", "أضف تعليقا", "نظرات", "ارسال نظر",
)

COPYRIGHT_WORDS = _keys("all rights reserved", "copyright", "جملہ حقوق", "جملہ حقوق محفوظ ہیں",
                        "सर्वाधिकार सुरक्षित", "सर्वाधिकार", "कॉपीराइट")

DISCLAIMER = _keys("disclaimer", "ڈس کلیمر", "اعلان دستبرداری", "अस्वीकरण", "डिस्क्लेमर")

NAVIGATION = _keys(
    "post navigation", "previous", "next", "previous post", "next post", "previous article",
    "next article", "home", "ہوم", "होम", "back to top", "menu", "search", "skip to content",
    "پچھلی خبر", "اگلی خبر", "पिछली खबर", "अगली खबर", "पिछला", "अगला",
    "کد خبر", "شناسه خبر", "news id", "رقم الخبر",
)

HOME_WORDS = _words("home", "ہوم", "होम", "صفحہ اول", "मुखपृष्ठ")

# Words a share-button row is made of.
SOCIAL_CORE = _words(
    "facebook", "twitter", "whatsapp", "telegram", "linkedin", "pinterest", "reddit",
    "instagram", "youtube", "koo", "threads", "email", "e-mail", "print", "share", "tweet",
    "like", "copy", "messenger", "snapchat", "tumblr", "x",
    "فیس بک", "ٹوئٹر", "ٹویٹر", "واٹس ایپ", "وٹس ایپ", "ٹیلیگرام", "ٹیلی گرام", "انسٹاگرام",
    "یوٹیوب", "ای میل", "پرنٹ", "شیئر", "ایکس", "لنکڈ ان",
    "फेसबुक", "ट्विटर", "व्हाट्सएप", "व्हाट्सऐप", "टेलीग्राम", "इंस्टाग्राम", "यूट्यूब", "ईमेल",
    "प्रिंट", "शेयर", "लिंक्डइन", "एक्स",
    "فيسبوك", "فيس بوك", "تويتر", "واتساب", "واتس اب", "تيليجرام", "شارك", "مشاركة",
    "اشتراک", "اشتراک‌گذاری", "اشتراک گذاری", "فیسبوک", "توییتر", "واتساپ", "تلگرام",
)
SOCIAL_FILL = _words(
    "on", "this", "via", "us", "with", "link", "loading", "share", "shares", "icon", "google",
    "news", "and", "or", "the", "article", "story", "page", "button", "buttons", "count",
    "کریں", "پر", "اس", "خبر", "کو", "لنک", "کاپی", "ہمیں", "اور",
    "करें", "पर", "इस", "खबर", "को", "लिंक", "कॉपी", "हमें", "और", "न्यूज़",
)

PROMO_VERBS = _words(
    "follow", "subscribe", "join", "download", "newsletter", "install", "sign up", "signup",
    "فالو", "سبسکرائب", "جوائن", "ڈاؤن لوڈ", "ڈاؤنلوڈ", "شامل ہوں", "نیوز لیٹر",
    "फॉलो", "फ़ॉलो", "सब्सक्राइब", "ज्वाइन", "जॉइन", "जुड़ें", "डाउनलोड", "न्यूज़लेटर",
)
PROMO_TARGETS = _words(
    "whatsapp", "telegram", "channel", "group", "facebook", "twitter", "youtube", "instagram",
    "app", "newsletter", "google", "us", "page",
    "واٹس ایپ", "وٹس ایپ", "ٹیلیگرام", "چینل", "گروپ", "فیس بک", "ٹوئٹر", "ٹویٹر", "یوٹیوب",
    "انسٹاگرام", "ایپ", "ہمیں", "پیج",
    "व्हाट्सएप", "व्हाट्सऐप", "टेलीग्राम", "चैनल", "ग्रुप", "फेसबुक", "ट्विटर", "यूट्यूब",
    "इंस्टाग्राम", "ऐप", "हमें", "गूगल", "पेज",
)
MESSENGER_WORDS = _words("whatsapp", "telegram", "channel", "واٹس ایپ", "وٹس ایپ", "ٹیلیگرام",
                         "چینل", "व्हाट्सएप", "व्हाट्सऐप", "टेलीग्राम", "चैनल")

# "Label: value" lines. Labels are matched on the key of the text before the colon.
SOURCE_LABELS = _keys("ذریعہ", "بشکریہ", "ماخذ", "source", "courtesy", "via", "स्रोत", "सोर्स",
                      "साभार", "सौजन्य", "credit", "المصدر", "مصدر", "منبع")
KEYWORD_LABELS = _keys(
    "کلیدی لفظ", "کلیدی الفاظ", "ٹیگز", "ٹیگ", "ٹیگس", "موضوعات", "tags", "tag", "keywords",
    "keyword", "topics", "tagged", "filed under", "टैग", "टैग्स", "कीवर्ड", "कीवर्ड्स",
    "विषय", "الكلمات المفتاحية", "كلمات مفتاحية", "الوسوم", "برچسب‌ها", "برچسب ها", "برچسب",
    "کلیدواژه", "کلیدواژه‌ها", "کلید واژه",
)
SECTION_LABELS = _keys("سیکشن", "زمرہ", "کیٹیگری", "شعبہ", "section", "category", "categories",
                       "सेक्शन", "श्रेणी", "कैटेगरी", "वर्ग")
BYLINE_LABELS = _keys(
    "رپورٹ", "تحریر", "رپورٹر", "نامہ نگار", "مصنف", "از", "by", "reported by", "written by",
    "author", "reporter", "edited by", "लेखक", "रिपोर्ट", "रिपोर्टर", "द्वारा", "संवाददाता",
    "लेखिका", "एडिटेड बाय", "posted by",
)
CAPTION_LABELS = _keys("تصویر", "فوٹو", "فائل فوٹو", "photo", "image", "file photo",
                       "photo credit", "picture", "फोटो", "फ़ोटो", "तस्वीर", "फाइल फोटो", "pic")
DATE_LABELS = _keys("تاریخ", "تاریخ اشاعت", "date", "dated", "published", "updated",
                    "दिनांक", "तारीख")
READ_TIME = _words("پڑھنے", "پڑھنا", "read", "reading", "पढ़ने", "पढ़ें", "पढ़")
MINUTE_WORDS = _words("منٹ", "min", "mins", "minute", "minutes", "मिनट")

# Short lines naming a desk / bureau / correspondent rather than a person's sentence.
BYLINE_WORDS = _words(
    "ڈیسک", "بیورو", "نمائندہ", "نامہ نگار", "رپورٹر", "ایجنسیاں", "ایجنسی", "خصوصی",
    "desk", "bureau", "correspondent", "reporter", "staff", "agencies", "agency",
    "डेस्क", "ब्यूरो", "संवाददाता", "रिपोर्टर", "एजेंसी", "एजेंसियां", "न्यूज़", "ऑनलाइन",
)
BYLINE_CORE = _words("ڈیسک", "بیورو", "نمائندہ", "نامہ نگار", "ایجنسیاں", "desk", "bureau",
                     "correspondent", "agencies", "डेस्क", "ब्यूरो", "संवाददाता", "एजेंसियां",
                     "staff reporter")

# Function words: sentences have them, headline lists and tag clouds have few.
FUNCTION_WORDS = _words(
    # Urdu
    "کے", "کی", "کا", "میں", "نے", "ہے", "ہیں", "سے", "کو", "اور", "پر", "یہ", "وہ", "تھا",
    "تھے", "تھی", "گیا", "گئی", "گئے", "کہ", "بھی", "لیے", "لئے", "ہو", "کر", "رہے", "رہا",
    "رہی", "جو", "جس", "اس", "ان", "گا", "گی", "گے", "تک", "ساتھ", "بعد", "کیا", "دیا",
    "ہوں", "ہوئے", "ہوا", "نہیں", "تاہم", "جبکہ", "لیکن", "کہا", "والے", "والی",
    # Hindi
    "के", "की", "का", "में", "ने", "है", "हैं", "से", "को", "और", "पर", "यह", "वह", "था", "थे",
    "थी", "गया", "गई", "गए", "कि", "भी", "लिए", "हो", "कर", "रहे", "रहा", "रही", "जो", "जिस",
    "इस", "उस", "इन", "उन", "तक", "साथ", "बाद", "किया", "दिया", "हुआ", "हुई", "हुए", "नहीं",
    "लेकिन", "कहा", "वाले", "वाली", "एक", "ही",
    # English
    "the", "of", "and", "to", "in", "a", "an", "is", "are", "was", "were", "for", "on", "that",
    "with", "as", "by", "at", "from", "it", "its", "has", "have", "had", "be", "been", "this",
    "which", "who", "will", "would", "said", "but", "not", "or",
    # Arabic
    "في", "من", "على", "إلى", "عن", "مع", "أن", "التي", "الذي", "هذا", "هذه", "كان", "قد",
    # Persian
    "از", "به", "در", "که", "را", "با", "این", "است", "برای", "می", "شد", "شده", "آن",
)

# Sentence-final punctuation (after stripping closing quotes/brackets we look at the last char).
SENTENCE_END = set("۔।.؟?!")
CLOSERS = set("”’\"'»)]›」")

# Lines pushing a newsletter/app (key substrings).
PROMO_PHRASES = tuple(" ".join(tokens(normalize(p))) for p in (
    "delivered to your inbox", "sign up for", "enter your email", "subscribe to our",
    "our newsletter", "download our app", "download the app", "get the app",
    "نیوز لیٹر", "ایپ ڈاؤن لوڈ کریں", "न्यूज़लेटर", "ऐप डाउनलोड करें", "सब्सक्राइब करें",
))
