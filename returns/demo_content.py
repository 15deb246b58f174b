"""Translated demo content: return reasons and response scripts in the demo customers' languages."""

# code -> covered by the policy, {language: label}
REASONS = {
    "changed-mind": (
        True,
        {
            "en": "Changed my mind",
            "de": "Meinung geändert",
            "es": "He cambiado de opinión",
            "fr": "J'ai changé d'avis",
            "nl": "Van gedachten veranderd",
            "pl": "Zmiana decyzji",
            "it": "Ho cambiato idea",
            "pt": "Mudei de ideias",
            "cs": "Rozmyslel/a jsem si to",
            "sv": "Ångrat köpet",
        },
    ),
    "defective": (
        True,
        {
            "en": "Defective item",
            "de": "Artikel defekt",
            "es": "Artículo defectuoso",
            "fr": "Article défectueux",
            "nl": "Defect artikel",
            "pl": "Wadliwy produkt",
            "it": "Articolo difettoso",
            "pt": "Artigo com defeito",
            "cs": "Vadné zboží",
            "sv": "Defekt vara",
        },
    ),
    "wrong-size": (
        True,
        {
            "en": "Wrong size",
            "de": "Falsche Größe",
            "es": "Talla incorrecta",
            "fr": "Mauvaise taille",
            "nl": "Verkeerde maat",
            "pl": "Zły rozmiar",
            "it": "Taglia sbagliata",
            "pt": "Tamanho errado",
            "cs": "Špatná velikost",
            "sv": "Fel storlek",
        },
    ),
    "damaged-in-transit": (
        True,
        {
            "en": "Damaged in transit",
            "de": "Beim Versand beschädigt",
            "es": "Dañado durante el envío",
            "fr": "Endommagé pendant le transport",
            "nl": "Beschadigd tijdens transport",
            "pl": "Uszkodzony w transporcie",
            "it": "Danneggiato durante il trasporto",
            "pt": "Danificado no transporte",
            "cs": "Poškozeno při přepravě",
            "sv": "Skadad under transporten",
        },
    ),
    "not-as-described": (
        False,
        {
            "en": "Not as described",
            "de": "Entspricht nicht der Beschreibung",
            "es": "No coincide con la descripción",
            "fr": "Non conforme à la description",
            "nl": "Niet zoals beschreven",
            "pl": "Niezgodny z opisem",
            "it": "Non conforme alla descrizione",
            "pt": "Não corresponde à descrição",
            "cs": "Neodpovídá popisu",
            "sv": "Inte som beskrivet",
        },
    ),
}

# title and body per language
SCRIPTS = {
    "return-label": {
        "en": ("Return label sent", "I have sent you a prepaid return label by e-mail."),
        "de": (
            "Retourenschein gesendet",
            "Ich habe Ihnen einen frankierten Retourenschein per E-Mail geschickt.",
        ),
        "es": (
            "Etiqueta de devolución enviada",
            "Le he enviado por correo electrónico una etiqueta de devolución prepagada.",
        ),
        "fr": (
            "Étiquette de retour envoyée",
            "Je vous ai envoyé une étiquette de retour prépayée par e-mail.",
        ),
        "nl": (
            "Retourlabel verstuurd",
            "Ik heb u per e-mail een gefrankeerd retourlabel gestuurd.",
        ),
        "pl": (
            "Etykieta zwrotna wysłana",
            "Wysłałem(-am) Panu/Pani e-mailem opłaconą etykietę zwrotną.",
        ),
        "it": (
            "Etichetta di reso inviata",
            "Le ho inviato per e-mail un'etichetta di reso prepagata.",
        ),
        "pt": (
            "Etiqueta de devolução enviada",
            "Enviei-lhe por e-mail uma etiqueta de devolução pré-paga.",
        ),
        "cs": (
            "Štítek pro vrácení odeslán",
            "Poslal(a) jsem vám e-mailem předplacený štítek pro vrácení.",
        ),
        "sv": (
            "Returetikett skickad",
            "Jag har skickat en förbetald returetikett till dig via e-post.",
        ),
    },
    "replacement-on-its-way": {
        "en": (
            "Replacement on its way",
            "Your replacement will be shipped within two working days.",
        ),
        "de": ("Ersatz unterwegs", "Ihr Ersatzartikel wird innerhalb von zwei Werktagen versandt."),
        "es": (
            "Reemplazo en camino",
            "Su artículo de reemplazo se enviará en un plazo de dos días laborables.",
        ),
        "fr": (
            "Remplacement en route",
            "Votre article de remplacement sera expédié sous deux jours ouvrés.",
        ),
        "nl": (
            "Vervanging onderweg",
            "Uw vervangend artikel wordt binnen twee werkdagen verzonden.",
        ),
        "pl": (
            "Wymiana w drodze",
            "Produkt zastępczy zostanie wysłany w ciągu dwóch dni roboczych.",
        ),
        "it": (
            "Sostituzione in arrivo",
            "L'articolo sostitutivo sarà spedito entro due giorni lavorativi.",
        ),
        "pt": (
            "Substituição a caminho",
            "O artigo de substituição será enviado no prazo de dois dias úteis.",
        ),
        "cs": ("Náhrada je na cestě", "Náhradní zboží odešleme do dvou pracovních dnů."),
        "sv": ("Ersättning på väg", "Din ersättningsvara skickas inom två arbetsdagar."),
    },
}
