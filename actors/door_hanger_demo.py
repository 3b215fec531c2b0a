"""The door hanger's texts in English, Arabic, Somali and Turkish, given to every receiving
area of the demo. They are ordinary rows (Django admin: door hanger translations), for staff
to correct or replace with their own; a seed run again leaves edited rows alone."""

from actors.languages import Language
from actors.models import Area, DoorHangerTranslation

TEXTS = {
    Language.ENGLISH: (
        "Welcome to your new home! We are glad you have moved in. This card shows what the "
        "area offers and who can help you get settled.",
        "You have a new neighbour. A new family has moved into your stairwell. Say hello, show "
        "them the laundry room and the courtyard, and tell them about the residents' "
        "activities. A small welcome means a lot.",
    ),
    Language.ARABIC: (
        "مرحبًا بكم في بيتكم الجديد! يسعدنا أنكم انتقلتم إلى هنا. تجدون في هذه البطاقة ما "
        "تقدمه المنطقة ومن يمكنه مساعدتكم على الاستقرار.",
        "لديكم جار جديد. انتقلت عائلة جديدة إلى مدخل عمارتكم. قولوا لهم مرحبًا، وأروهم غرفة "
        "الغسيل والفناء، وأخبروهم عن أنشطة السكان. الترحيب البسيط يعني الكثير.",
    ),
    Language.SOMALI: (
        "Ku soo dhowow gurigaaga cusub! Waan ku faraxsannahay inaad halkan u soo guurtay. "
        "Kaarkan wuxuu ku tusayaa waxa aaggu bixiyo iyo cidda kaa caawin karta inaad degto.",
        "Waxaad leedahay deris cusub. Qoys cusub ayaa u soo guuray jaranjaradaada. Salaan, "
        "tus qolka dharka lagu dhaqo iyo barxadda, una sheeg hawlaha dadka deggan. "
        "Soo dhaweyn yar ayaa wax badan tarta.",
    ),
    Language.TURKISH: (
        "Yeni evinize hoş geldiniz! Buraya taşındığınız için mutluyuz. Bu kartta bölgenin "
        "neler sunduğunu ve yerleşmenize kimin yardımcı olabileceğini görebilirsiniz.",
        "Yeni bir komşunuz var. Merdiven boşluğunuza yeni bir aile taşındı. Merhaba deyin, "
        "onlara çamaşırhaneyi ve avluyu gösterin, sakinlerin etkinliklerinden bahsedin. "
        "Küçük bir hoş geldin çok şey ifade eder.",
    ),
}


def seed_door_hangers():
    """Give every receiving area the four translations it does not have yet."""
    for area in Area.objects.filter(is_receiving_area=True):
        for language, (welcome, neighbours) in TEXTS.items():
            DoorHangerTranslation.objects.get_or_create(
                area=area,
                language=language,
                defaults={"welcome_text": welcome, "neighbour_text": neighbours},
            )
