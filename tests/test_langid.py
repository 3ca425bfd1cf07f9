"""Language identification and paragraph direction."""
import pytest

from akhbar.index.text.langid import detect_language, paragraph_direction, script_counts


@pytest.mark.parametrize(
    "text, lang",
    [
        ("شمالی کوریا کے صدر کم جونگ ان رواں ماہ روس جائیں گے۔", "ur"),
        ("یہ ایک اردو جملہ ہے۔", "ur"),
        ("پاکستان", "ur"),  # no evidence either way: Urdu is the archive default
        ("ملک بھر میں آج شاعرِ مَشرق علّامہ محمد اِقبالؒ کا یومِ پیدائش منایا گیا۔", "ur"),
        ("रूस हथियारों के लिए उत्तर कोरिया की तरफ देख रहा है।", "hi"),
        ("किम जोंग उन", "hi"),
        ("The Punjab government ordered all schools to remain closed.", "en"),
        ("ذهب الرجل إلى المدرسة في الصباح.", "ar"),
        ("قال البنك في بيان إن هذه الخطوة تهدف إلى القضاء على السوق الموازية للعملة.", "ar"),
        ("این تصمیم در جلسه کارگروه اضطرار آلودگی هوای استان تهران گرفته شد.", "fa"),
        ("ایران یک کشور بزرگ در خاورمیانه است.", "fa"),
        ("کارشناسان علت اصلی این وضعیت را پدیده وارونگی دما می‌دانند.", "fa"),
        ("Привет, мир", "ru"),
        ("শুভ সকাল", "bn"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "   ", "123", "۲۰۲۴", "१२३", "10:45", "— , ۔ ।"])
def test_undetermined(text):
    assert detect_language(text) == "und"


def test_mixed_script_majority_wins():
    # English lead-in, Hindi body: Devanagari letters dominate.
    text = "Russia North Korea Relation: यूक्रेन के साथ लम्बे समय से जारी जंग के बीच रूस को सहायता चाहिए"
    assert detect_language(text) == "hi"
    # An English caption with one Urdu word stays English.
    assert detect_language("Sergei Shoigu visits North Korea / Reuters رپورٹ") == "en"


def test_script_counts_ignore_digits_and_marks_count():
    counts = script_counts("उत्तर 123")
    assert counts == {"Deva": 5}
    assert script_counts("2024-03-05") == {}


@pytest.mark.parametrize(
    "text, direction",
    [
        ("یہ اردو ہے", "rtl"),
        ("123 یہ اردو ہے", "rtl"),  # digits are weak; first strong character decides
        ("Putin اور کم", "ltr"),
        ("हिंदी", "ltr"),
        ("مرحبا", "rtl"),
        ("", "ltr"),
        ("123", "ltr"),
    ],
)
def test_paragraph_direction(text, direction):
    assert paragraph_direction(text) == direction
