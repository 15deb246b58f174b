# ruff: noqa: E501  (one message per line reads best in a table of translations)
"""The global notification templates of the demo, every kind in the 24 languages.

Each language has a greeting, a line before the status link and a closing, and for each kind
a subject and the core of the message; the body is put together as a customer reads it.
"""

from django.db import transaction

from returns.choices import CaseStatus
from returns.choices import NotificationKind as K
from returns.models import NotificationTemplate, ReturnCase, SurveyResponse

DEMO_REASON = "demo data"

# language -> (greeting, before the status link, closing)
FRAME = {
    "bg": (
        "Здравейте, {{ customer_name }},",
        "Можете да следите връщането по всяко време:",
        "Поздрави,",
    ),
    "cs": (
        "Dobrý den, {{ customer_name }},",
        "Stav vrácení můžete kdykoli sledovat zde:",
        "S pozdravem",
    ),
    "da": ("Hej {{ customer_name }}", "Du kan altid følge din returnering her:", "Venlig hilsen"),
    "de": (
        "Hallo {{ customer_name }},",
        "Sie können Ihre Rücksendung jederzeit hier verfolgen:",
        "Freundliche Grüße",
    ),
    "el": (
        "Γεια σας {{ customer_name }},",
        "Μπορείτε να παρακολουθείτε την επιστροφή σας ανά πάσα στιγμή:",
        "Με εκτίμηση,",
    ),
    "en": (
        "Hello {{ customer_name }},",
        "You can follow your return at any time:",
        "Kind regards,",
    ),
    "es": (
        "Hola, {{ customer_name }}:",
        "Puede seguir su devolución en cualquier momento:",
        "Un saludo,",
    ),
    "et": (
        "Tere, {{ customer_name }}!",
        "Tagastuse käiku saate igal ajal jälgida siin:",
        "Parimate soovidega",
    ),
    "fi": (
        "Hei {{ customer_name }},",
        "Voit seurata palautustasi milloin tahansa:",
        "Ystävällisin terveisin",
    ),
    "fr": (
        "Bonjour {{ customer_name }},",
        "Vous pouvez suivre votre retour à tout moment :",
        "Cordialement,",
    ),
    "ga": (
        "Dia duit, {{ customer_name }},",
        "Is féidir leat do thuairisceán a leanúint am ar bith:",
        "Le dea-mhéin,",
    ),
    "hr": (
        "Poštovani/a {{ customer_name }},",
        "Povrat možete pratiti u bilo kojem trenutku:",
        "Srdačan pozdrav,",
    ),
    "hu": (
        "Kedves {{ customer_name }}!",
        "Visszaküldését bármikor nyomon követheti itt:",
        "Üdvözlettel:",
    ),
    "it": (
        "Gentile {{ customer_name }},",
        "Può seguire il suo reso in qualsiasi momento:",
        "Cordiali saluti,",
    ),
    "lt": (
        "Sveiki, {{ customer_name }},",
        "Grąžinimo eigą galite bet kada stebėti čia:",
        "Pagarbiai",
    ),
    "lv": (
        "Labdien, {{ customer_name }}!",
        "Atgriešanas gaitu varat jebkurā laikā sekot šeit:",
        "Ar cieņu",
    ),
    "mt": (
        "Bonġu {{ customer_name }},",
        "Tista' ssegwi r-ritorn tiegħek f'kull ħin:",
        "Dejjem tagħkom,",
    ),
    "nl": (
        "Beste {{ customer_name }},",
        "U kunt uw retour op elk moment volgen:",
        "Met vriendelijke groet,",
    ),
    "pl": (
        "Dzień dobry, {{ customer_name }},",
        "Status zwrotu możesz w każdej chwili sprawdzić tutaj:",
        "Pozdrawiamy",
    ),
    "pt": (
        "Olá {{ customer_name }},",
        "Pode acompanhar a sua devolução a qualquer momento:",
        "Com os melhores cumprimentos,",
    ),
    "ro": ("Bună ziua, {{ customer_name }},", "Puteți urmări returul oricând aici:", "Cu stimă,"),
    "sk": (
        "Dobrý deň, {{ customer_name }},",
        "Stav vrátenia môžete kedykoľvek sledovať tu:",
        "S pozdravom",
    ),
    "sl": (
        "Pozdravljeni, {{ customer_name }},",
        "Vračilo lahko kadar koli spremljate tukaj:",
        "Lep pozdrav,",
    ),
    "sv": (
        "Hej {{ customer_name }},",
        "Du kan när som helst följa din retur här:",
        "Vänliga hälsningar",
    ),
}

# language -> kind -> (subject, message)
TEXTS = {
    "bg": {
        K.CASE_OPENED: (
            "Получихме заявката ви за връщане {{ case_reference }}",
            "Получихме заявката ви за връщане за поръчка {{ order_number }}. Вашият номер е {{ case_reference }}; ще ви пишем веднага щом вземем решение.",
        ),
        K.DECISION_REPLACEMENT: (
            "Връщане {{ case_reference }}: изпращаме ви заместващ продукт",
            "Добра новина: ще ви изпратим заместващ продукт. Ще получите още един имейл с номера за проследяване, когато бъде изпратен.",
        ),
        K.DECISION_REFUND: (
            "Връщане {{ case_reference }}: ще ви възстановим сумата",
            "Добра новина: ще ви възстановим {{ amount }}. Ще ви уведомим веднага щом парите бъдат изплатени.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Връщане {{ case_reference }}: вашият кредит за магазина",
            "Получавате кредит за магазина на стойност {{ amount }}, който можете да използвате в нашия магазин.{% if store_credit_code %} Вашият код: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Връщане {{ case_reference }}: ще заменим продукта",
            "Ще заменим вашия продукт. Ще получите още един имейл с номера за проследяване, когато бъде изпратен.",
        ),
        K.DECISION_REJECTED: (
            "Връщане {{ case_reference }}: нашето решение",
            "За съжаление не можем да приемем заявката ви.{% if reason %} Причина: {{ reason }}{% endif %}{% if alternative %} Вместо това ви предлагаме: {{ alternative }}.{% endif %}{% if store_credit_code %} Вашият код за кредит: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Заместващият продукт е на път ({{ case_reference }})",
            "Заместващият продукт е изпратен с {{ carrier }}. Номер за проследяване: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Възстановената сума по {{ case_reference }} е изплатена",
            "Изплатихме ви {{ amount }}. Може да минат няколко дни, докато сумата се появи в сметката ви.",
        ),
        K.SURVEY: (
            "Как се справихме? ({{ case_reference }})",
            "Връщането {{ case_reference }} е приключено. Доколко сте доволни от обслужването? Отговорът отнема минута: {{ survey_url }}",
        ),
    },
    "cs": {
        K.CASE_OPENED: (
            "Vaši žádost o vrácení {{ case_reference }} jsme přijali",
            "přijali jsme vaši žádost o vrácení k objednávce {{ order_number }}. Vaše číslo je {{ case_reference }}; jakmile rozhodneme, ozveme se.",
        ),
        K.DECISION_REPLACEMENT: (
            "Vrácení {{ case_reference }}: pošleme vám náhradu",
            "dobrá zpráva: pošleme vám náhradní zboží. Jakmile bude odesláno, dostanete další e-mail s číslem zásilky.",
        ),
        K.DECISION_REFUND: (
            "Vrácení {{ case_reference }}: vrátíme vám peníze",
            "dobrá zpráva: vrátíme vám {{ amount }}. Jakmile budou peníze odeslány, dáme vám vědět.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Vrácení {{ case_reference }}: váš kredit v obchodě",
            "získáváte kredit v hodnotě {{ amount }}, který můžete použít v našem obchodě.{% if store_credit_code %} Váš kód: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Vrácení {{ case_reference }}: zboží vám vyměníme",
            "vaše zboží vyměníme. Jakmile bude odesláno, dostanete další e-mail s číslem zásilky.",
        ),
        K.DECISION_REJECTED: (
            "Vrácení {{ case_reference }}: naše rozhodnutí",
            "vaši žádost bohužel nemůžeme přijmout.{% if reason %} Důvod: {{ reason }}{% endif %}{% if alternative %} Místo toho vám nabízíme: {{ alternative }}.{% endif %}{% if store_credit_code %} Kód vašeho kreditu: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Náhradní zboží je na cestě ({{ case_reference }})",
            "náhradní zboží jsme odeslali přes {{ carrier }}. Číslo zásilky: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Peníze za {{ case_reference }} byly odeslány",
            "odeslali jsme vám {{ amount }}. Než se částka objeví na vašem účtu, může to několik dní trvat.",
        ),
        K.SURVEY: (
            "Jak jsme si vedli? ({{ case_reference }})",
            "vaše vrácení {{ case_reference }} je vyřízeno. Jak jste byli spokojeni? Odpověď zabere minutu: {{ survey_url }}",
        ),
    },
    "da": {
        K.CASE_OPENED: (
            "Vi har modtaget din returanmodning {{ case_reference }}",
            "Vi har modtaget din returanmodning for ordre {{ order_number }}. Dit referencenummer er {{ case_reference }}; vi skriver, så snart vi har truffet en beslutning.",
        ),
        K.DECISION_REPLACEMENT: (
            "Retur {{ case_reference }}: vi sender dig en erstatning",
            "Godt nyt: vi sender dig en erstatningsvare. Du får en ny e-mail med sporingsnummeret, når den er afsendt.",
        ),
        K.DECISION_REFUND: (
            "Retur {{ case_reference }}: vi refunderer dig",
            "Godt nyt: vi refunderer {{ amount }}. Vi giver besked, så snart pengene er udbetalt.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Retur {{ case_reference }}: dit tilgodehavende",
            "Du får et tilgodehavende på {{ amount }}, som du kan bruge i vores butik.{% if store_credit_code %} Din kode: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Retur {{ case_reference }}: vi bytter din vare",
            "Vi bytter din vare. Du får en ny e-mail med sporingsnummeret, når den er afsendt.",
        ),
        K.DECISION_REJECTED: (
            "Retur {{ case_reference }}: vores beslutning",
            "Vi kan desværre ikke imødekomme din anmodning.{% if reason %} Begrundelse: {{ reason }}{% endif %}{% if alternative %} I stedet tilbyder vi dig: {{ alternative }}.{% endif %}{% if store_credit_code %} Din kode til tilgodehavendet: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Din erstatningsvare er på vej ({{ case_reference }})",
            "Din erstatningsvare er sendt med {{ carrier }}. Sporingsnummer: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Din refusion for {{ case_reference }} er udbetalt",
            "Vi har udbetalt din refusion på {{ amount }}. Der kan gå et par dage, før beløbet står på din konto.",
        ),
        K.SURVEY: (
            "Hvordan klarede vi det? ({{ case_reference }})",
            "Din retur {{ case_reference }} er afsluttet. Hvor tilfreds er du med vores behandling? Det tager et minut at svare: {{ survey_url }}",
        ),
    },
    "de": {
        K.CASE_OPENED: (
            "Ihre Rücksendeanfrage {{ case_reference }} ist eingegangen",
            "wir haben Ihre Rücksendeanfrage zur Bestellung {{ order_number }} erhalten. Ihre Vorgangsnummer ist {{ case_reference }}; wir melden uns, sobald wir entschieden haben.",
        ),
        K.DECISION_REPLACEMENT: (
            "Rücksendung {{ case_reference }}: Sie erhalten Ersatz",
            "gute Nachricht: Wir schicken Ihnen einen Ersatzartikel. Sobald er versandt ist, erhalten Sie eine weitere E-Mail mit der Sendungsnummer.",
        ),
        K.DECISION_REFUND: (
            "Rücksendung {{ case_reference }}: Wir erstatten Ihnen den Betrag",
            "gute Nachricht: Wir erstatten Ihnen {{ amount }}. Wir sagen Ihnen Bescheid, sobald das Geld überwiesen ist.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Rücksendung {{ case_reference }}: Ihr Guthaben",
            "Sie erhalten ein Guthaben über {{ amount }} für unseren Shop.{% if store_credit_code %} Ihr Code: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Rücksendung {{ case_reference }}: Wir tauschen Ihren Artikel um",
            "wir tauschen Ihren Artikel um. Sobald er versandt ist, erhalten Sie eine weitere E-Mail mit der Sendungsnummer.",
        ),
        K.DECISION_REJECTED: (
            "Rücksendung {{ case_reference }}: unsere Entscheidung",
            "leider können wir Ihrer Anfrage nicht entsprechen.{% if reason %} Grund: {{ reason }}{% endif %}{% if alternative %} Stattdessen bieten wir Ihnen an: {{ alternative }}.{% endif %}{% if store_credit_code %} Ihr Guthaben-Code: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Ihr Ersatzartikel ist unterwegs ({{ case_reference }})",
            "Ihr Ersatzartikel wurde mit {{ carrier }} verschickt. Sendungsnummer: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Ihre Erstattung zu {{ case_reference }} wurde ausgezahlt",
            "wir haben Ihnen {{ amount }} erstattet. Je nach Bank kann es einige Tage dauern, bis der Betrag auf Ihrem Konto erscheint.",
        ),
        K.SURVEY: (
            "Wie waren wir? ({{ case_reference }})",
            "Ihre Rücksendung {{ case_reference }} ist abgeschlossen. Wie zufrieden waren Sie mit uns? Die Antwort dauert eine Minute: {{ survey_url }}",
        ),
    },
    "el": {
        K.CASE_OPENED: (
            "Λάβαμε το αίτημα επιστροφής σας {{ case_reference }}",
            "Λάβαμε το αίτημα επιστροφής για την παραγγελία {{ order_number }}. Ο αριθμός αναφοράς σας είναι {{ case_reference }}· θα σας γράψουμε μόλις αποφασίσουμε.",
        ),
        K.DECISION_REPLACEMENT: (
            "Επιστροφή {{ case_reference }}: σας στέλνουμε αντικατάσταση",
            "Καλά νέα: θα σας στείλουμε προϊόν αντικατάστασης. Θα λάβετε νέο email με τον αριθμό αποστολής μόλις σταλεί.",
        ),
        K.DECISION_REFUND: (
            "Επιστροφή {{ case_reference }}: θα σας επιστρέψουμε τα χρήματα",
            "Καλά νέα: θα σας επιστρέψουμε {{ amount }}. Θα σας ενημερώσουμε μόλις γίνει η πληρωμή.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Επιστροφή {{ case_reference }}: η πίστωσή σας",
            "Λαμβάνετε πίστωση αξίας {{ amount }} για αγορές στο κατάστημά μας.{% if store_credit_code %} Ο κωδικός σας: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Επιστροφή {{ case_reference }}: θα αλλάξουμε το προϊόν σας",
            "Θα αλλάξουμε το προϊόν σας. Θα λάβετε νέο email με τον αριθμό αποστολής μόλις σταλεί.",
        ),
        K.DECISION_REJECTED: (
            "Επιστροφή {{ case_reference }}: η απόφασή μας",
            "Δυστυχώς δεν μπορούμε να δεχτούμε το αίτημά σας.{% if reason %} Αιτία: {{ reason }}{% endif %}{% if alternative %} Αντί αυτού σας προτείνουμε: {{ alternative }}.{% endif %}{% if store_credit_code %} Ο κωδικός πίστωσής σας: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Το προϊόν αντικατάστασης είναι καθ' οδόν ({{ case_reference }})",
            "Το προϊόν αντικατάστασης στάλθηκε με {{ carrier }}. Αριθμός αποστολής: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Η επιστροφή χρημάτων για {{ case_reference }} πληρώθηκε",
            "Σας καταβάλαμε {{ amount }}. Ίσως χρειαστούν λίγες ημέρες μέχρι να εμφανιστεί το ποσό στον λογαριασμό σας.",
        ),
        K.SURVEY: (
            "Πώς τα πήγαμε; ({{ case_reference }})",
            "Η επιστροφή {{ case_reference }} ολοκληρώθηκε. Πόσο ικανοποιημένοι είστε από την εξυπηρέτηση; Η απάντηση παίρνει ένα λεπτό: {{ survey_url }}",
        ),
    },
    "en": {
        K.CASE_OPENED: (
            "Your return request {{ case_reference }} has been received",
            "We have received your return request for order {{ order_number }}. Your reference is {{ case_reference }}; we will write to you as soon as we have decided.",
        ),
        K.DECISION_REPLACEMENT: (
            "Your return {{ case_reference }}: a replacement is coming",
            "Good news: we will send you a replacement. You will get another e-mail with the tracking number when it ships.",
        ),
        K.DECISION_REFUND: (
            "Your return {{ case_reference }}: we will refund you",
            "Good news: we will refund you {{ amount }}. We will let you know as soon as the money has been paid.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Your return {{ case_reference }}: your store credit",
            "You receive store credit worth {{ amount }} to use in our shop.{% if store_credit_code %} Your code: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Your return {{ case_reference }}: we will exchange your item",
            "We will exchange your item. You will get another e-mail with the tracking number when it ships.",
        ),
        K.DECISION_REJECTED: (
            "Your return {{ case_reference }}: our decision",
            "Unfortunately we cannot accept your request.{% if reason %} Reason: {{ reason }}{% endif %}{% if alternative %} Instead, we offer you: {{ alternative }}.{% endif %}{% if store_credit_code %} Your store credit code: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Your replacement is on its way ({{ case_reference }})",
            "Your replacement has been shipped with {{ carrier }}. Tracking number: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Your refund for {{ case_reference }} has been paid",
            "We have paid your refund of {{ amount }}. It may take a few days to appear on your account.",
        ),
        K.SURVEY: (
            "How did we do? ({{ case_reference }})",
            "Your return {{ case_reference }} is settled. How satisfied are you with how we handled it? Answering takes a minute: {{ survey_url }}",
        ),
    },
    "es": {
        K.CASE_OPENED: (
            "Hemos recibido su solicitud de devolución {{ case_reference }}",
            "Hemos recibido su solicitud de devolución del pedido {{ order_number }}. Su referencia es {{ case_reference }}; le escribiremos en cuanto tomemos una decisión.",
        ),
        K.DECISION_REPLACEMENT: (
            "Devolución {{ case_reference }}: le enviamos un artículo de sustitución",
            "Buenas noticias: le enviaremos un artículo de sustitución. Recibirá otro correo con el número de seguimiento cuando salga.",
        ),
        K.DECISION_REFUND: (
            "Devolución {{ case_reference }}: le reembolsaremos",
            "Buenas noticias: le reembolsaremos {{ amount }}. Le avisaremos en cuanto se haya realizado el pago.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Devolución {{ case_reference }}: su saldo para la tienda",
            "Recibe un saldo de {{ amount }} para usar en nuestra tienda.{% if store_credit_code %} Su código: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Devolución {{ case_reference }}: cambiaremos su artículo",
            "Cambiaremos su artículo. Recibirá otro correo con el número de seguimiento cuando salga.",
        ),
        K.DECISION_REJECTED: (
            "Devolución {{ case_reference }}: nuestra decisión",
            "Lamentablemente no podemos aceptar su solicitud.{% if reason %} Motivo: {{ reason }}{% endif %}{% if alternative %} En su lugar le ofrecemos: {{ alternative }}.{% endif %}{% if store_credit_code %} Su código de saldo: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Su artículo de sustitución está en camino ({{ case_reference }})",
            "Su artículo de sustitución se ha enviado con {{ carrier }}. Número de seguimiento: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Se ha pagado su reembolso de {{ case_reference }}",
            "Le hemos pagado el reembolso de {{ amount }}. Puede tardar unos días en aparecer en su cuenta.",
        ),
        K.SURVEY: (
            "¿Qué tal lo hicimos? ({{ case_reference }})",
            "Su devolución {{ case_reference }} está cerrada. ¿Qué tan satisfecho está con nuestra gestión? Responder lleva un minuto: {{ survey_url }}",
        ),
    },
    "et": {
        K.CASE_OPENED: (
            "Teie tagastustaotlus {{ case_reference }} on kätte saadud",
            "Saime teie tagastustaotluse tellimusele {{ order_number }}. Teie viitenumber on {{ case_reference }}; kirjutame teile kohe, kui oleme otsustanud.",
        ),
        K.DECISION_REPLACEMENT: (
            "Tagastus {{ case_reference }}: saadame asenduskauba",
            "Hea uudis: saadame teile asenduskauba. Kui see on teele pandud, saate uue e-kirja jälgimisnumbriga.",
        ),
        K.DECISION_REFUND: (
            "Tagastus {{ case_reference }}: maksame raha tagasi",
            "Hea uudis: maksame teile tagasi {{ amount }}. Anname teada, kui raha on välja makstud.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Tagastus {{ case_reference }}: teie ostukrediit",
            "Saate ostukrediiti {{ amount }} väärtuses, mida saab kasutada meie poes.{% if store_credit_code %} Teie kood: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Tagastus {{ case_reference }}: vahetame teie toote",
            "Vahetame teie toote välja. Kui see on teele pandud, saate uue e-kirja jälgimisnumbriga.",
        ),
        K.DECISION_REJECTED: (
            "Tagastus {{ case_reference }}: meie otsus",
            "Kahjuks ei saa me teie taotlust rahuldada.{% if reason %} Põhjus: {{ reason }}{% endif %}{% if alternative %} Selle asemel pakume teile: {{ alternative }}.{% endif %}{% if store_credit_code %} Teie ostukrediidi kood: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Teie asenduskaup on teel ({{ case_reference }})",
            "Teie asenduskaup saadeti teele vedajaga {{ carrier }}. Jälgimisnumber: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Tagastuse {{ case_reference }} raha on välja makstud",
            "Maksime teile tagasi {{ amount }}. Summa jõudmine kontole võib võtta mõne päeva.",
        ),
        K.SURVEY: (
            "Kuidas meil läks? ({{ case_reference }})",
            "Teie tagastus {{ case_reference }} on lõpetatud. Kui rahul olete meie teenindusega? Vastamine võtab minuti: {{ survey_url }}",
        ),
    },
    "fi": {
        K.CASE_OPENED: (
            "Palautuspyyntösi {{ case_reference }} on vastaanotettu",
            "Olemme vastaanottaneet palautuspyyntösi tilaukselle {{ order_number }}. Viitteesi on {{ case_reference }}; kirjoitamme heti, kun olemme tehneet päätöksen.",
        ),
        K.DECISION_REPLACEMENT: (
            "Palautus {{ case_reference }}: lähetämme korvaavan tuotteen",
            "Hyviä uutisia: lähetämme sinulle korvaavan tuotteen. Saat uuden sähköpostin seurantanumeroineen, kun se on lähetetty.",
        ),
        K.DECISION_REFUND: (
            "Palautus {{ case_reference }}: hyvitämme sinulle",
            "Hyviä uutisia: hyvitämme sinulle {{ amount }}. Ilmoitamme, kun rahat on maksettu.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Palautus {{ case_reference }}: ostohyvityksesi",
            "Saat {{ amount }} arvoisen ostohyvityksen käytettäväksi kaupassamme.{% if store_credit_code %} Koodisi: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Palautus {{ case_reference }}: vaihdamme tuotteesi",
            "Vaihdamme tuotteesi. Saat uuden sähköpostin seurantanumeroineen, kun se on lähetetty.",
        ),
        K.DECISION_REJECTED: (
            "Palautus {{ case_reference }}: päätöksemme",
            "Valitettavasti emme voi hyväksyä pyyntöäsi.{% if reason %} Syy: {{ reason }}{% endif %}{% if alternative %} Tarjoamme sen sijaan: {{ alternative }}.{% endif %}{% if store_credit_code %} Ostohyvityksesi koodi: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Korvaava tuotteesi on matkalla ({{ case_reference }})",
            "Korvaava tuotteesi on lähetetty kuljetusyhtiöllä {{ carrier }}. Seurantanumero: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Hyvityksesi ({{ case_reference }}) on maksettu",
            "Olemme maksaneet hyvityksesi {{ amount }}. Summan näkyminen tililläsi voi kestää muutaman päivän.",
        ),
        K.SURVEY: (
            "Miten onnistuimme? ({{ case_reference }})",
            "Palautuksesi {{ case_reference }} on käsitelty. Kuinka tyytyväinen olet palveluumme? Vastaaminen vie minuutin: {{ survey_url }}",
        ),
    },
    "fr": {
        K.CASE_OPENED: (
            "Nous avons reçu votre demande de retour {{ case_reference }}",
            "Nous avons bien reçu votre demande de retour pour la commande {{ order_number }}. Votre référence est {{ case_reference }} ; nous vous écrirons dès que nous aurons décidé.",
        ),
        K.DECISION_REPLACEMENT: (
            "Retour {{ case_reference }} : nous vous envoyons un article de remplacement",
            "Bonne nouvelle : nous vous envoyons un article de remplacement. Vous recevrez un autre e-mail avec le numéro de suivi dès son expédition.",
        ),
        K.DECISION_REFUND: (
            "Retour {{ case_reference }} : nous vous remboursons",
            "Bonne nouvelle : nous vous remboursons {{ amount }}. Nous vous préviendrons dès que le paiement sera effectué.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Retour {{ case_reference }} : votre avoir",
            "Vous recevez un avoir de {{ amount }} à utiliser dans notre boutique.{% if store_credit_code %} Votre code : {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Retour {{ case_reference }} : nous échangeons votre article",
            "Nous échangeons votre article. Vous recevrez un autre e-mail avec le numéro de suivi dès son expédition.",
        ),
        K.DECISION_REJECTED: (
            "Retour {{ case_reference }} : notre décision",
            "Malheureusement, nous ne pouvons pas accepter votre demande.{% if reason %} Motif : {{ reason }}{% endif %}{% if alternative %} À la place, nous vous proposons : {{ alternative }}.{% endif %}{% if store_credit_code %} Votre code d'avoir : {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Votre article de remplacement est en route ({{ case_reference }})",
            "Votre article de remplacement a été expédié avec {{ carrier }}. Numéro de suivi : {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Votre remboursement pour {{ case_reference }} a été versé",
            "Nous vous avons versé {{ amount }}. Le montant peut mettre quelques jours à apparaître sur votre compte.",
        ),
        K.SURVEY: (
            "Votre avis compte ({{ case_reference }})",
            "Votre retour {{ case_reference }} est terminé. Êtes-vous satisfait de notre service ? Répondre prend une minute : {{ survey_url }}",
        ),
    },
    "ga": {
        K.CASE_OPENED: (
            "Fuaireamar d'iarratas ar thuairisceán {{ case_reference }}",
            "Fuaireamar d'iarratas ar thuairisceán don ordú {{ order_number }}. Is é {{ case_reference }} do thagairt; scríobhfaimid chugat a luaithe a bheidh cinneadh déanta againn.",
        ),
        K.DECISION_REPLACEMENT: (
            "Tuairisceán {{ case_reference }}: seolfaimid earra ionaid chugat",
            "Dea-scéal: seolfaimid earra ionaid chugat. Gheobhaidh tú ríomhphost eile leis an uimhir rianaithe nuair a sheolfar é.",
        ),
        K.DECISION_REFUND: (
            "Tuairisceán {{ case_reference }}: aisíocfaimid thú",
            "Dea-scéal: aisíocfaimid {{ amount }} leat. Cuirfimid in iúl duit a luaithe a bheidh an t-airgead íoctha.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Tuairisceán {{ case_reference }}: do chreidmheas siopa",
            "Gheobhaidh tú creidmheas siopa ar fiú {{ amount }} é le húsáid inár siopa.{% if store_credit_code %} Do chód: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Tuairisceán {{ case_reference }}: malartóimid d'earra",
            "Malartóimid d'earra. Gheobhaidh tú ríomhphost eile leis an uimhir rianaithe nuair a sheolfar é.",
        ),
        K.DECISION_REJECTED: (
            "Tuairisceán {{ case_reference }}: ár gcinneadh",
            "Ar an drochuair, ní féidir linn glacadh le d'iarratas.{% if reason %} Cúis: {{ reason }}{% endif %}{% if alternative %} Ina áit sin, tairgimid duit: {{ alternative }}.{% endif %}{% if store_credit_code %} Cód do chreidmheasa: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Tá d'earra ionaid ar an mbealach ({{ case_reference }})",
            "Seoladh d'earra ionaid le {{ carrier }}. Uimhir rianaithe: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Íocadh d'aisíocaíocht do {{ case_reference }}",
            "D'íocamar d'aisíocaíocht de {{ amount }}. D'fhéadfadh sé cúpla lá a thógáil go dtaispeánfar í i do chuntas.",
        ),
        K.SURVEY: (
            "Conas a d'éirigh linn? ({{ case_reference }})",
            "Tá do thuairisceán {{ case_reference }} socraithe. Cé chomh sásta is atá tú leis an tseirbhís? Níl ann ach nóiméad: {{ survey_url }}",
        ),
    },
    "hr": {
        K.CASE_OPENED: (
            "Zaprimili smo vaš zahtjev za povrat {{ case_reference }}",
            "zaprimili smo vaš zahtjev za povrat za narudžbu {{ order_number }}. Vaš broj predmeta je {{ case_reference }}; javit ćemo vam se čim donesemo odluku.",
        ),
        K.DECISION_REPLACEMENT: (
            "Povrat {{ case_reference }}: šaljemo vam zamjenu",
            "dobre vijesti: poslat ćemo vam zamjenski proizvod. Kad bude poslan, dobit ćete novu e-poruku s brojem za praćenje.",
        ),
        K.DECISION_REFUND: (
            "Povrat {{ case_reference }}: vratit ćemo vam novac",
            "dobre vijesti: vratit ćemo vam {{ amount }}. Javit ćemo vam čim novac bude isplaćen.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Povrat {{ case_reference }}: vaš kredit za trgovinu",
            "dobivate kredit u vrijednosti {{ amount }} za kupnju u našoj trgovini.{% if store_credit_code %} Vaš kod: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Povrat {{ case_reference }}: zamijenit ćemo vaš proizvod",
            "zamijenit ćemo vaš proizvod. Kad bude poslan, dobit ćete novu e-poruku s brojem za praćenje.",
        ),
        K.DECISION_REJECTED: (
            "Povrat {{ case_reference }}: naša odluka",
            "nažalost, ne možemo prihvatiti vaš zahtjev.{% if reason %} Razlog: {{ reason }}{% endif %}{% if alternative %} Umjesto toga nudimo vam: {{ alternative }}.{% endif %}{% if store_credit_code %} Kod vašeg kredita: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Vaš zamjenski proizvod je na putu ({{ case_reference }})",
            "vaš zamjenski proizvod poslan je putem {{ carrier }}. Broj za praćenje: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Povrat novca za {{ case_reference }} je isplaćen",
            "isplatili smo vam {{ amount }}. Može proći nekoliko dana dok se iznos ne pojavi na vašem računu.",
        ),
        K.SURVEY: (
            "Kako smo se snašli? ({{ case_reference }})",
            "vaš povrat {{ case_reference }} je riješen. Koliko ste zadovoljni našom uslugom? Odgovor traje minutu: {{ survey_url }}",
        ),
    },
    "hu": {
        K.CASE_OPENED: (
            "Megkaptuk {{ case_reference }} visszaküldési kérelmét",
            "Megkaptuk visszaküldési kérelmét a(z) {{ order_number }} rendeléshez. Hivatkozási száma: {{ case_reference }}; amint döntöttünk, írunk Önnek.",
        ),
        K.DECISION_REPLACEMENT: (
            "{{ case_reference }} visszaküldés: csereterméket küldünk",
            "Jó hír: csereterméket küldünk Önnek. Amint feladtuk, újabb e-mailt kap a követési számmal.",
        ),
        K.DECISION_REFUND: (
            "{{ case_reference }} visszaküldés: visszatérítjük az összeget",
            "Jó hír: visszatérítünk Önnek {{ amount }} összeget. Amint kifizettük, értesítjük.",
        ),
        K.DECISION_STORE_CREDIT: (
            "{{ case_reference }} visszaküldés: az Ön vásárlási jóváírása",
            "{{ amount }} értékű vásárlási jóváírást kap, amelyet üzletünkben használhat fel.{% if store_credit_code %} Az Ön kódja: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "{{ case_reference }} visszaküldés: kicseréljük a terméket",
            "Kicseréljük a terméket. Amint feladtuk, újabb e-mailt kap a követési számmal.",
        ),
        K.DECISION_REJECTED: (
            "{{ case_reference }} visszaküldés: döntésünk",
            "Sajnos nem tudjuk elfogadni kérelmét.{% if reason %} Indok: {{ reason }}{% endif %}{% if alternative %} Helyette ezt ajánljuk: {{ alternative }}.{% endif %}{% if store_credit_code %} Jóváírási kódja: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Cseretermékét feladtuk ({{ case_reference }})",
            "Cseretermékét a(z) {{ carrier }} szállítja. Követési szám: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "A(z) {{ case_reference }} visszatérítését kifizettük",
            "Kifizettük a(z) {{ amount }} visszatérítést. Néhány napig tarthat, amíg megjelenik a számláján.",
        ),
        K.SURVEY: (
            "Hogyan teljesítettünk? ({{ case_reference }})",
            "A(z) {{ case_reference }} visszaküldés lezárult. Mennyire elégedett ügyintézésünkkel? A válasz egy percet vesz igénybe: {{ survey_url }}",
        ),
    },
    "it": {
        K.CASE_OPENED: (
            "Abbiamo ricevuto la sua richiesta di reso {{ case_reference }}",
            "abbiamo ricevuto la sua richiesta di reso per l'ordine {{ order_number }}. Il suo riferimento è {{ case_reference }}; le scriveremo appena avremo deciso.",
        ),
        K.DECISION_REPLACEMENT: (
            "Reso {{ case_reference }}: le inviamo un articolo sostitutivo",
            "buone notizie: le invieremo un articolo sostitutivo. Riceverà un'altra e-mail con il numero di tracciamento alla spedizione.",
        ),
        K.DECISION_REFUND: (
            "Reso {{ case_reference }}: la rimborseremo",
            "buone notizie: le rimborseremo {{ amount }}. La avviseremo non appena il pagamento sarà effettuato.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Reso {{ case_reference }}: il suo buono",
            "riceve un buono di {{ amount }} da usare nel nostro negozio.{% if store_credit_code %} Il suo codice: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Reso {{ case_reference }}: sostituiremo il suo articolo",
            "sostituiremo il suo articolo. Riceverà un'altra e-mail con il numero di tracciamento alla spedizione.",
        ),
        K.DECISION_REJECTED: (
            "Reso {{ case_reference }}: la nostra decisione",
            "purtroppo non possiamo accettare la sua richiesta.{% if reason %} Motivo: {{ reason }}{% endif %}{% if alternative %} In alternativa le offriamo: {{ alternative }}.{% endif %}{% if store_credit_code %} Il codice del suo buono: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Il suo articolo sostitutivo è in viaggio ({{ case_reference }})",
            "il suo articolo sostitutivo è stato spedito con {{ carrier }}. Numero di tracciamento: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Il rimborso per {{ case_reference }} è stato pagato",
            "le abbiamo pagato il rimborso di {{ amount }}. Potrebbero servire alcuni giorni prima che compaia sul suo conto.",
        ),
        K.SURVEY: (
            "Com'è andata? ({{ case_reference }})",
            "il suo reso {{ case_reference }} è concluso. Quanto è soddisfatto di come l'abbiamo gestito? Rispondere richiede un minuto: {{ survey_url }}",
        ),
    },
    "lt": {
        K.CASE_OPENED: (
            "Gavome jūsų grąžinimo prašymą {{ case_reference }}",
            "Gavome jūsų grąžinimo prašymą dėl užsakymo {{ order_number }}. Jūsų numeris: {{ case_reference }}; parašysime, kai tik priimsime sprendimą.",
        ),
        K.DECISION_REPLACEMENT: (
            "Grąžinimas {{ case_reference }}: išsiųsime pakaitinę prekę",
            "Gera žinia: išsiųsime jums pakaitinę prekę. Kai ji bus išsiųsta, gausite laišką su siuntos sekimo numeriu.",
        ),
        K.DECISION_REFUND: (
            "Grąžinimas {{ case_reference }}: grąžinsime pinigus",
            "Gera žinia: grąžinsime jums {{ amount }}. Pranešime, kai tik pinigai bus išmokėti.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Grąžinimas {{ case_reference }}: jūsų parduotuvės kreditas",
            "Gaunate {{ amount }} vertės kreditą, kurį galite panaudoti mūsų parduotuvėje.{% if store_credit_code %} Jūsų kodas: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Grąžinimas {{ case_reference }}: pakeisime jūsų prekę",
            "Pakeisime jūsų prekę. Kai ji bus išsiųsta, gausite laišką su siuntos sekimo numeriu.",
        ),
        K.DECISION_REJECTED: (
            "Grąžinimas {{ case_reference }}: mūsų sprendimas",
            "Deja, negalime patenkinti jūsų prašymo.{% if reason %} Priežastis: {{ reason }}{% endif %}{% if alternative %} Vietoj to siūlome: {{ alternative }}.{% endif %}{% if store_credit_code %} Jūsų kredito kodas: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Pakaitinė prekė jau pakeliui ({{ case_reference }})",
            "Pakaitinė prekė išsiųsta per {{ carrier }}. Siuntos sekimo numeris: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Pinigai už {{ case_reference }} išmokėti",
            "Išmokėjome jums {{ amount }}. Gali praeiti kelios dienos, kol suma atsiras jūsų sąskaitoje.",
        ),
        K.SURVEY: (
            "Kaip mums sekėsi? ({{ case_reference }})",
            "Jūsų grąžinimas {{ case_reference }} užbaigtas. Kiek esate patenkinti mūsų aptarnavimu? Atsakymas užtruks minutę: {{ survey_url }}",
        ),
    },
    "lv": {
        K.CASE_OPENED: (
            "Jūsu atgriešanas pieprasījums {{ case_reference }} ir saņemts",
            "Esam saņēmuši jūsu atgriešanas pieprasījumu pasūtījumam {{ order_number }}. Jūsu numurs ir {{ case_reference }}; rakstīsim, tiklīdz būsim pieņēmuši lēmumu.",
        ),
        K.DECISION_REPLACEMENT: (
            "Atgriešana {{ case_reference }}: nosūtīsim aizstājēju",
            "Labas ziņas: nosūtīsim jums aizstājējpreci. Kad tā būs nosūtīta, saņemsiet vēl vienu e-pastu ar izsekošanas numuru.",
        ),
        K.DECISION_REFUND: (
            "Atgriešana {{ case_reference }}: atmaksāsim naudu",
            "Labas ziņas: atmaksāsim jums {{ amount }}. Paziņosim, tiklīdz nauda būs izmaksāta.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Atgriešana {{ case_reference }}: jūsu veikala kredīts",
            "Jūs saņemat veikala kredītu {{ amount }} vērtībā, ko varat izmantot mūsu veikalā.{% if store_credit_code %} Jūsu kods: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Atgriešana {{ case_reference }}: apmainīsim jūsu preci",
            "Mēs apmainīsim jūsu preci. Kad tā būs nosūtīta, saņemsiet vēl vienu e-pastu ar izsekošanas numuru.",
        ),
        K.DECISION_REJECTED: (
            "Atgriešana {{ case_reference }}: mūsu lēmums",
            "Diemžēl mēs nevaram apmierināt jūsu pieprasījumu.{% if reason %} Iemesls: {{ reason }}{% endif %}{% if alternative %} Tā vietā piedāvājam: {{ alternative }}.{% endif %}{% if store_credit_code %} Jūsu kredīta kods: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Jūsu aizstājējprece ir ceļā ({{ case_reference }})",
            "Jūsu aizstājējprece ir nosūtīta ar {{ carrier }}. Izsekošanas numurs: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Atmaksa par {{ case_reference }} ir izmaksāta",
            "Esam izmaksājuši jums {{ amount }}. Var paiet dažas dienas, līdz summa parādīsies jūsu kontā.",
        ),
        K.SURVEY: (
            "Kā mums veicās? ({{ case_reference }})",
            "Jūsu atgriešana {{ case_reference }} ir pabeigta. Cik apmierināti esat ar mūsu darbu? Atbilde aizņems minūti: {{ survey_url }}",
        ),
    },
    "mt": {
        K.CASE_OPENED: (
            "Irċevejna t-talba tiegħek għal ritorn {{ case_reference }}",
            "Irċevejna t-talba tiegħek għal ritorn tal-ordni {{ order_number }}. In-numru ta' referenza tiegħek huwa {{ case_reference }}; niktbulek hekk kif niddeċiedu.",
        ),
        K.DECISION_REPLACEMENT: (
            "Ritorn {{ case_reference }}: se nibagħtulek oġġett sostitut",
            "Aħbar tajba: se nibagħtulek oġġett sostitut. Meta jintbagħat, tirċievi email oħra bin-numru tat-traċċar.",
        ),
        K.DECISION_REFUND: (
            "Ritorn {{ case_reference }}: se nroddulek il-flus",
            "Aħbar tajba: se nroddulek {{ amount }}. Ninfurmawk hekk kif il-flus jitħallsu.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Ritorn {{ case_reference }}: il-kreditu tiegħek fil-ħanut",
            "Tirċievi kreditu ta' {{ amount }} biex tużah fil-ħanut tagħna.{% if store_credit_code %} Il-kodiċi tiegħek: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Ritorn {{ case_reference }}: se nbiddlulek l-oġġett",
            "Se nbiddlulek l-oġġett. Meta jintbagħat, tirċievi email oħra bin-numru tat-traċċar.",
        ),
        K.DECISION_REJECTED: (
            "Ritorn {{ case_reference }}: id-deċiżjoni tagħna",
            "Jiddispjaċina, ma nistgħux naċċettaw it-talba tiegħek.{% if reason %} Raġuni: {{ reason }}{% endif %}{% if alternative %} Minflok, noffrulek: {{ alternative }}.{% endif %}{% if store_credit_code %} Il-kodiċi tal-kreditu tiegħek: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "L-oġġett sostitut tiegħek qiegħed fit-triq ({{ case_reference }})",
            "L-oġġett sostitut tiegħek intbagħat ma' {{ carrier }}. Numru tat-traċċar: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Il-flus għal {{ case_reference }} tħallsu",
            "Ħallasnielek {{ amount }}. Jista' jieħu ftit jiem biex jidhru fil-kont tiegħek.",
        ),
        K.SURVEY: (
            "Kif morna? ({{ case_reference }})",
            "Ir-ritorn tiegħek {{ case_reference }} ingħalaq. Kemm int sodisfatt bis-servizz tagħna? Tweġiba tieħu minuta: {{ survey_url }}",
        ),
    },
    "nl": {
        K.CASE_OPENED: (
            "Uw retouraanvraag {{ case_reference }} is ontvangen",
            "We hebben uw retouraanvraag voor bestelling {{ order_number }} ontvangen. Uw referentie is {{ case_reference }}; we laten van ons horen zodra we hebben besloten.",
        ),
        K.DECISION_REPLACEMENT: (
            "Retour {{ case_reference }}: u krijgt een vervangend artikel",
            "Goed nieuws: we sturen u een vervangend artikel. Zodra het verzonden is, krijgt u nog een e-mail met de trackingcode.",
        ),
        K.DECISION_REFUND: (
            "Retour {{ case_reference }}: we betalen u terug",
            "Goed nieuws: we betalen u {{ amount }} terug. We laten het u weten zodra het geld is overgemaakt.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Retour {{ case_reference }}: uw tegoed",
            "U krijgt een tegoed van {{ amount }} om in onze winkel te besteden.{% if store_credit_code %} Uw code: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Retour {{ case_reference }}: we ruilen uw artikel om",
            "We ruilen uw artikel om. Zodra het verzonden is, krijgt u nog een e-mail met de trackingcode.",
        ),
        K.DECISION_REJECTED: (
            "Retour {{ case_reference }}: ons besluit",
            "Helaas kunnen we uw aanvraag niet accepteren.{% if reason %} Reden: {{ reason }}{% endif %}{% if alternative %} In plaats daarvan bieden we u aan: {{ alternative }}.{% endif %}{% if store_credit_code %} Uw tegoedcode: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Uw vervangende artikel is onderweg ({{ case_reference }})",
            "Uw vervangende artikel is verzonden met {{ carrier }}. Trackingcode: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Uw terugbetaling voor {{ case_reference }} is uitbetaald",
            "We hebben u {{ amount }} terugbetaald. Het kan een paar dagen duren voordat het bedrag op uw rekening staat.",
        ),
        K.SURVEY: (
            "Hoe hebben we het gedaan? ({{ case_reference }})",
            "Uw retour {{ case_reference }} is afgerond. Hoe tevreden bent u over onze afhandeling? Antwoorden kost een minuut: {{ survey_url }}",
        ),
    },
    "pl": {
        K.CASE_OPENED: (
            "Otrzymaliśmy Twoje zgłoszenie zwrotu {{ case_reference }}",
            "otrzymaliśmy Twoje zgłoszenie zwrotu do zamówienia {{ order_number }}. Twój numer zgłoszenia to {{ case_reference }}; napiszemy, gdy tylko podejmiemy decyzję.",
        ),
        K.DECISION_REPLACEMENT: (
            "Zwrot {{ case_reference }}: wyślemy produkt zastępczy",
            "dobra wiadomość: wyślemy Ci produkt zastępczy. Gdy zostanie nadany, otrzymasz kolejny e-mail z numerem przesyłki.",
        ),
        K.DECISION_REFUND: (
            "Zwrot {{ case_reference }}: zwrócimy Ci pieniądze",
            "dobra wiadomość: zwrócimy Ci {{ amount }}. Damy znać, gdy tylko pieniądze zostaną wypłacone.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Zwrot {{ case_reference }}: Twoje środki w sklepie",
            "otrzymujesz środki o wartości {{ amount }} do wykorzystania w naszym sklepie.{% if store_credit_code %} Twój kod: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Zwrot {{ case_reference }}: wymienimy Twój produkt",
            "wymienimy Twój produkt. Gdy zostanie nadany, otrzymasz kolejny e-mail z numerem przesyłki.",
        ),
        K.DECISION_REJECTED: (
            "Zwrot {{ case_reference }}: nasza decyzja",
            "niestety nie możemy przyjąć Twojego zgłoszenia.{% if reason %} Powód: {{ reason }}{% endif %}{% if alternative %} W zamian proponujemy: {{ alternative }}.{% endif %}{% if store_credit_code %} Kod Twoich środków: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Produkt zastępczy jest w drodze ({{ case_reference }})",
            "produkt zastępczy został nadany przez {{ carrier }}. Numer przesyłki: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Zwrot pieniędzy za {{ case_reference }} został wypłacony",
            "wypłaciliśmy Ci {{ amount }}. Może minąć kilka dni, zanim kwota pojawi się na Twoim koncie.",
        ),
        K.SURVEY: (
            "Jak nam poszło? ({{ case_reference }})",
            "Twój zwrot {{ case_reference }} został zakończony. Jak bardzo jesteś zadowolony z obsługi? Odpowiedź zajmie minutę: {{ survey_url }}",
        ),
    },
    "pt": {
        K.CASE_OPENED: (
            "Recebemos o seu pedido de devolução {{ case_reference }}",
            "Recebemos o seu pedido de devolução da encomenda {{ order_number }}. A sua referência é {{ case_reference }}; escreveremos assim que tivermos decidido.",
        ),
        K.DECISION_REPLACEMENT: (
            "Devolução {{ case_reference }}: vamos enviar-lhe um artigo de substituição",
            "Boas notícias: vamos enviar-lhe um artigo de substituição. Receberá outro e-mail com o número de seguimento quando for expedido.",
        ),
        K.DECISION_REFUND: (
            "Devolução {{ case_reference }}: vamos reembolsá-lo",
            "Boas notícias: vamos reembolsar {{ amount }}. Avisaremos assim que o pagamento for feito.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Devolução {{ case_reference }}: o seu crédito na loja",
            "Recebe um crédito de {{ amount }} para usar na nossa loja.{% if store_credit_code %} O seu código: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Devolução {{ case_reference }}: vamos trocar o seu artigo",
            "Vamos trocar o seu artigo. Receberá outro e-mail com o número de seguimento quando for expedido.",
        ),
        K.DECISION_REJECTED: (
            "Devolução {{ case_reference }}: a nossa decisão",
            "Infelizmente não podemos aceitar o seu pedido.{% if reason %} Motivo: {{ reason }}{% endif %}{% if alternative %} Em alternativa, oferecemos: {{ alternative }}.{% endif %}{% if store_credit_code %} O código do seu crédito: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "O seu artigo de substituição está a caminho ({{ case_reference }})",
            "O seu artigo de substituição foi enviado por {{ carrier }}. Número de seguimento: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "O reembolso de {{ case_reference }} foi pago",
            "Pagámos o seu reembolso de {{ amount }}. Pode demorar alguns dias até aparecer na sua conta.",
        ),
        K.SURVEY: (
            "Como correu? ({{ case_reference }})",
            "A sua devolução {{ case_reference }} está concluída. Qual é o seu grau de satisfação com o nosso serviço? Responder demora um minuto: {{ survey_url }}",
        ),
    },
    "ro": {
        K.CASE_OPENED: (
            "Am primit cererea dumneavoastră de retur {{ case_reference }}",
            "Am primit cererea de retur pentru comanda {{ order_number }}. Referința dumneavoastră este {{ case_reference }}; vă scriem imediat ce luăm o decizie.",
        ),
        K.DECISION_REPLACEMENT: (
            "Retur {{ case_reference }}: vă trimitem un produs de înlocuire",
            "Vești bune: vă trimitem un produs de înlocuire. Veți primi un alt e-mail cu numărul de urmărire când este expediat.",
        ),
        K.DECISION_REFUND: (
            "Retur {{ case_reference }}: vă rambursăm banii",
            "Vești bune: vă rambursăm {{ amount }}. Vă anunțăm imediat ce plata a fost efectuată.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Retur {{ case_reference }}: creditul dumneavoastră în magazin",
            "Primiți un credit de {{ amount }} pe care îl puteți folosi în magazinul nostru.{% if store_credit_code %} Codul dumneavoastră: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Retur {{ case_reference }}: vă schimbăm produsul",
            "Vă schimbăm produsul. Veți primi un alt e-mail cu numărul de urmărire când este expediat.",
        ),
        K.DECISION_REJECTED: (
            "Retur {{ case_reference }}: decizia noastră",
            "Din păcate, nu putem accepta cererea dumneavoastră.{% if reason %} Motiv: {{ reason }}{% endif %}{% if alternative %} În schimb, vă oferim: {{ alternative }}.{% endif %}{% if store_credit_code %} Codul creditului dumneavoastră: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Produsul de înlocuire este pe drum ({{ case_reference }})",
            "Produsul de înlocuire a fost expediat prin {{ carrier }}. Număr de urmărire: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Rambursarea pentru {{ case_reference }} a fost plătită",
            "V-am plătit rambursarea de {{ amount }}. Poate dura câteva zile până apare în contul dumneavoastră.",
        ),
        K.SURVEY: (
            "Cum ne-am descurcat? ({{ case_reference }})",
            "Returul {{ case_reference }} este încheiat. Cât de mulțumit sunteți de modul în care l-am gestionat? Răspunsul durează un minut: {{ survey_url }}",
        ),
    },
    "sk": {
        K.CASE_OPENED: (
            "Vašu žiadosť o vrátenie {{ case_reference }} sme prijali",
            "prijali sme vašu žiadosť o vrátenie k objednávke {{ order_number }}. Vaše číslo je {{ case_reference }}; hneď ako rozhodneme, ozveme sa.",
        ),
        K.DECISION_REPLACEMENT: (
            "Vrátenie {{ case_reference }}: pošleme vám náhradu",
            "dobrá správa: pošleme vám náhradný tovar. Keď bude odoslaný, dostanete ďalší e-mail s číslom zásielky.",
        ),
        K.DECISION_REFUND: (
            "Vrátenie {{ case_reference }}: vrátime vám peniaze",
            "dobrá správa: vrátime vám {{ amount }}. Dáme vám vedieť, hneď ako budú peniaze odoslané.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Vrátenie {{ case_reference }}: váš kredit v obchode",
            "získavate kredit v hodnote {{ amount }}, ktorý môžete použiť v našom obchode.{% if store_credit_code %} Váš kód: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Vrátenie {{ case_reference }}: tovar vám vymeníme",
            "váš tovar vymeníme. Keď bude odoslaný, dostanete ďalší e-mail s číslom zásielky.",
        ),
        K.DECISION_REJECTED: (
            "Vrátenie {{ case_reference }}: naše rozhodnutie",
            "vašu žiadosť, žiaľ, nemôžeme prijať.{% if reason %} Dôvod: {{ reason }}{% endif %}{% if alternative %} Namiesto toho vám ponúkame: {{ alternative }}.{% endif %}{% if store_credit_code %} Kód vášho kreditu: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Náhradný tovar je na ceste ({{ case_reference }})",
            "náhradný tovar sme odoslali cez {{ carrier }}. Číslo zásielky: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Peniaze za {{ case_reference }} boli odoslané",
            "odoslali sme vám {{ amount }}. Kým sa suma objaví na vašom účte, môže to trvať niekoľko dní.",
        ),
        K.SURVEY: (
            "Ako sa nám darilo? ({{ case_reference }})",
            "vaše vrátenie {{ case_reference }} je vybavené. Ako ste boli spokojní? Odpoveď zaberie minútu: {{ survey_url }}",
        ),
    },
    "sl": {
        K.CASE_OPENED: (
            "Prejeli smo vašo zahtevo za vračilo {{ case_reference }}",
            "prejeli smo vašo zahtevo za vračilo za naročilo {{ order_number }}. Vaša referenca je {{ case_reference }}; pisali vam bomo takoj, ko se odločimo.",
        ),
        K.DECISION_REPLACEMENT: (
            "Vračilo {{ case_reference }}: poslali vam bomo nadomestni izdelek",
            "dobra novica: poslali vam bomo nadomestni izdelek. Ko bo odposlan, boste prejeli novo e-sporočilo s številko za sledenje.",
        ),
        K.DECISION_REFUND: (
            "Vračilo {{ case_reference }}: vrnili vam bomo denar",
            "dobra novica: vrnili vam bomo {{ amount }}. Obvestili vas bomo, ko bo denar nakazan.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Vračilo {{ case_reference }}: vaše dobroimetje",
            "prejmete dobroimetje v vrednosti {{ amount }} za nakup v naši trgovini.{% if store_credit_code %} Vaša koda: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Vračilo {{ case_reference }}: zamenjali bomo vaš izdelek",
            "vaš izdelek bomo zamenjali. Ko bo odposlan, boste prejeli novo e-sporočilo s številko za sledenje.",
        ),
        K.DECISION_REJECTED: (
            "Vračilo {{ case_reference }}: naša odločitev",
            "žal vaše zahteve ne moremo sprejeti.{% if reason %} Razlog: {{ reason }}{% endif %}{% if alternative %} Namesto tega vam ponujamo: {{ alternative }}.{% endif %}{% if store_credit_code %} Koda vašega dobroimetja: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Nadomestni izdelek je na poti ({{ case_reference }})",
            "nadomestni izdelek smo poslali s {{ carrier }}. Številka za sledenje: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Vračilo denarja za {{ case_reference }} je nakazano",
            "nakazali smo vam {{ amount }}. Lahko traja nekaj dni, da bo znesek viden na vašem računu.",
        ),
        K.SURVEY: (
            "Kako smo se odrezali? ({{ case_reference }})",
            "vaše vračilo {{ case_reference }} je zaključeno. Kako zadovoljni ste z našo obravnavo? Odgovor vzame minuto: {{ survey_url }}",
        ),
    },
    "sv": {
        K.CASE_OPENED: (
            "Vi har tagit emot din returbegäran {{ case_reference }}",
            "Vi har tagit emot din returbegäran för order {{ order_number }}. Ditt referensnummer är {{ case_reference }}; vi hör av oss så snart vi har bestämt oss.",
        ),
        K.DECISION_REPLACEMENT: (
            "Retur {{ case_reference }}: vi skickar en ersättningsvara",
            "Goda nyheter: vi skickar en ersättningsvara till dig. Du får ett nytt mejl med spårningsnumret när den har skickats.",
        ),
        K.DECISION_REFUND: (
            "Retur {{ case_reference }}: vi betalar tillbaka",
            "Goda nyheter: vi betalar tillbaka {{ amount }}. Vi meddelar dig så snart pengarna har betalats ut.",
        ),
        K.DECISION_STORE_CREDIT: (
            "Retur {{ case_reference }}: ditt tillgodohavande",
            "Du får ett tillgodohavande på {{ amount }} att använda i vår butik.{% if store_credit_code %} Din kod: {{ store_credit_code }}{% endif %}",
        ),
        K.DECISION_EXCHANGE: (
            "Retur {{ case_reference }}: vi byter din vara",
            "Vi byter din vara. Du får ett nytt mejl med spårningsnumret när den har skickats.",
        ),
        K.DECISION_REJECTED: (
            "Retur {{ case_reference }}: vårt beslut",
            "Tyvärr kan vi inte godkänna din begäran.{% if reason %} Skäl: {{ reason }}{% endif %}{% if alternative %} I stället erbjuder vi dig: {{ alternative }}.{% endif %}{% if store_credit_code %} Koden till ditt tillgodohavande: {{ store_credit_code }} ({{ amount }}).{% endif %}",
        ),
        K.SHIPMENT_SHIPPED: (
            "Din ersättningsvara är på väg ({{ case_reference }})",
            "Din ersättningsvara har skickats med {{ carrier }}. Spårningsnummer: {{ tracking_number }}.",
        ),
        K.REFUND_PAID: (
            "Din återbetalning för {{ case_reference }} är utbetald",
            "Vi har betalat ut {{ amount }} till dig. Det kan ta några dagar innan beloppet syns på ditt konto.",
        ),
        K.SURVEY: (
            "Hur gick det? ({{ case_reference }})",
            "Din retur {{ case_reference }} är avslutad. Hur nöjd är du med hur vi skötte den? Det tar en minut att svara: {{ survey_url }}",
        ),
    },
}


def body(language: str, kind: str) -> str:
    greeting, follow, closing = FRAME[language]
    message = TEXTS[language][kind][1]
    return (
        f"{greeting}\n\n{message}\n\n{follow}\n{{{{ status_url }}}}\n\n"
        f"{closing}\n{{{{ merchant_name }}}}"
    )


def seed_templates() -> int:
    """Create the missing global templates (every kind, every language); returns how many."""
    created = 0
    for kind in K.values:
        if NotificationTemplate.objects.filter(merchant__isnull=True, kind=kind).exists():
            continue
        fields = {"subject": TEXTS["en"][kind][0], "body": body("en", kind)}
        for language in TEXTS:
            fields[f"subject_{language}"] = TEXTS[language][kind][0]
            fields[f"body_{language}"] = body(language, kind)
        template = NotificationTemplate(merchant=None, kind=kind, **fields)
        template.full_clean()
        template._change_reason = DEMO_REASON
        template.save()
        created += 1
    return created


SURVEY_ANSWERS = [
    (5, "Quick and friendly, thank you."),
    (4, ""),
    (2, "It took a while before anyone answered my e-mail."),
]


def seed(log=print) -> None:
    """Called first by returns.demo.seed, so the demo's cases write their e-mails."""
    created = seed_templates()
    if created:
        log(f"{created} global notification templates in {len(TEXTS)} languages")
    # The cases are decided later in the same seed: a few customers answer the survey once
    # they are committed.
    transaction.on_commit(lambda: seed_survey_answers(log))


def seed_survey_answers(log=print) -> int:
    """A few decided demo cases get an answer to the follow-up survey; idempotent."""
    from returns.public.survey import survey_submit

    if SurveyResponse.objects.exists():
        return 0
    cases = ReturnCase.objects.filter(status__in=[CaseStatus.RESOLVED, CaseStatus.CLOSED])
    answered = 0
    for case, (score, comment) in zip(cases.order_by("pk"), SURVEY_ANSWERS, strict=False):
        survey_submit(case=case, score=score, comment=comment)
        answered += 1
    if answered:
        log(f"{answered} answers to the follow-up survey")
    return answered
