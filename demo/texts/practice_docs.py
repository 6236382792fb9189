"""Case studies written for the practice cards (issue 14), two in each of
KB's four languages, in every format. Illustrative texts written for KB:
names, figures, costs, partners and addresses are invented for the demo and
must not be cited. They state costs, partners and a contact where the older
documents do not, and two of them tell of initiatives that only partly
worked or did not work at all, so that the cards' outcome can be measured."""

DOCS = [
    # ------------------------------------------------------------------ Jamaica (did not work)
    dict(
        file="jamaica-property-tax-mobile-app-case-study-2019.pdf",
        title="Jamaica: A Mobile App for Property Tax that Did Not Take Off",
        author="Andrea Campbell (fictional)", org="KB demo corpus",
        year=2019, month=4, date_text="April 2019", lang="en",
        countries=["JAM"], doc_type="case-study",
        topics=["m-government", "e-taxation", "e-services"],
        sids=["Caribbean"], regions=["Latin America and the Caribbean"], curated=False,
        description="An illustrative case study of a mobile payment app for property tax that was withdrawn.",
        pages=[
            dict(h="Summary", p=[
                "This illustrative case study tells the story of a mobile application for paying "
                "property tax in Jamaica, launched with high hopes and withdrawn two years later. "
                "It is written for teams who plan a mobile service and want to avoid the same mistakes.",
            ]),
            dict(h="The challenge", p=[
                "Property owners paid their tax at collectorates, often queuing for an hour in the "
                "weeks before the deadline. In 2015 about 40 per cent of property tax went unpaid "
                "each year (illustrative figure), and the revenue authority wanted a channel that "
                "owners abroad could use as well.",
            ]),
            dict(h="What was done", p=[
                "The revenue authority commissioned a smartphone app that showed the valuation of a "
                "property and took payment by credit card. The app was built by an outside vendor in "
                "six months and launched in 2016 with a television campaign.",
                "The app was not linked to the valuation register in real time: balances were copied "
                "overnight, so a payment made at a collectorate the same day was not shown.",
            ]),
            dict(h="Results", p=[
                "Fewer than 3,000 payments were made through the app in its first year, under 1 per "
                "cent of all payments (illustrative figure). Many owners had no credit card, and those "
                "who saw a wrong balance called the revenue authority instead of paying. The app was "
                "abandoned in 2018 and payments moved to the revenue authority's website, which "
                "accepts bank transfers.",
            ]),
            dict(h="Cost and funding", p=[
                "The app cost about US$ 450,000 to build and run for two years (illustrative figure), "
                "paid from the revenue authority's own budget.",
            ]),
            dict(h="Lessons learned", b=[
                "Connect a new channel to the register it shows; stale data destroys trust.",
                "Offer the payment methods people already use, not only cards.",
                "Start small with a pilot parish before a national campaign.",
                "A responsive website can serve mobile users at a fraction of the cost of an app.",
            ]),
            dict(h="Contact", p=[
                "For more information, contact the digital services unit of the revenue authority "
                "(fictional address: digital@revenue.example.jm).",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Solomon Islands (partly)
    dict(
        file="solomon-islands-mobile-birth-registration-2021.docx",
        title="Solomon Islands: Registering Births with Mobile Phones in Rural Provinces",
        author="Grace Tanabose (fictional)", org="KB demo corpus",
        year=2021, month=11, date_text="November 2021", lang="en",
        countries=["SLB"], doc_type="case-study",
        topics=["digital-identity", "m-government", "records-management", "digital-inclusion"],
        sids=["Pacific"], regions=["Melanesia"], curated=False,
        description="An illustrative case study of mobile birth registration in the provinces of Solomon Islands.",
        pages=[
            dict(h="Overview", p=[
                "This illustrative case study describes a pilot that let health workers in rural "
                "provinces of Solomon Islands register births with a mobile phone. Figures are invented "
                "for the KB demo corpus.",
            ]),
            dict(h="The problem", p=[
                "Most births took place far from the civil registry office in Honiara. Parents had to "
                "travel by boat to register a child, and in 2017 only about one birth in four was "
                "registered within a year (illustrative figure).",
            ]),
            dict(h="The solution", p=[
                "Nurses in rural clinics were given a simple form on a basic mobile phone. The form is "
                "sent by SMS to the civil registry, which checks it and issues the birth certificate, "
                "delivered through the provincial office. The pilot ran from 2018 to 2020 in two "
                "provinces and was led by the Civil Registry Office of the Ministry of Home Affairs.",
                "The pilot was carried out with the support of the Ministry of Health and Medical "
                "Services and a regional development partner (illustrative).",
            ]),
            dict(h="Results", p=[
                "In the two pilot provinces, registration within a year rose from 26 per cent to 61 per "
                "cent (illustrative figures). Certificates, however, still took three months to reach "
                "families, and only partly replaced the trip to the provincial office, because the "
                "printed certificate had to be collected in person.",
            ]),
            dict(h="Cost and funding", p=[
                "The pilot cost about SBD 1.2 million (illustrative), funded by a grant from the "
                "regional development partner, with phones and airtime budgeted for three years.",
            ]),
            dict(h="Lessons", b=[
                "Register where births happen: the clinic, not the capital.",
                "Plan the delivery of the certificate, not only the registration.",
                "Budget airtime and phone replacement beyond the pilot.",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Bénin (worked)
    dict(
        file="benin-guichet-unique-foncier-en-ligne-2020.pptx",
        title="Bénin : le guichet unique foncier en ligne - retour d'expérience",
        author="Rodrigue Hounsou (fictif)", org="KB demo corpus",
        year=2020, month=10, date_text="octobre 2020", lang="fr",
        countries=["BEN"], doc_type="presentation",
        topics=["one-stop-shop", "e-services", "records-management"],
        sids=[], regions=["Sub-Saharan Africa"], curated=False,
        description="Présentation illustrative du guichet unique foncier en ligne du Bénin.",
        pages=[
            dict(h="Le problème", b=[
                "Obtenir un titre foncier demandait jusqu'à 12 mois (chiffre illustratif)",
                "Dossiers papier transmis entre quatre administrations",
                "Litiges fonciers nombreux faute de cadastre à jour",
            ]),
            dict(h="La solution : un guichet unique foncier", b=[
                "Un seul dossier déposé en ligne ou dans l'une des 12 antennes départementales",
                "Cadastre numérique consultable par parcelle",
                "Paiement des frais par mobile money",
                "Suivi du dossier par SMS, de la demande à la délivrance du titre",
            ]),
            dict(h="Résultats (chiffres illustratifs)", p=["Avant et après le guichet unique"], t=[
                ["Indicateur", "2016", "2019"],
                ["Délai moyen d'obtention du titre", "12 mois", "4 mois"],
                ["Titres délivrés par an", "3 500", "9 800"],
                ["Dossiers déposés en ligne", "0 %", "38 %"],
            ]),
            dict(h="Coût et financement", b=[
                "Coût du programme : environ 6 milliards de F CFA sur quatre ans (chiffre illustratif)",
                "Financé par le budget national avec l'appui d'un partenaire technique et financier",
            ]),
            dict(h="Leçons apprises", b=[
                "Numériser le cadastre avant d'ouvrir le guichet en ligne",
                "Garder des antennes physiques pour les usagers sans internet",
                "Publier les délais de traitement pour rendre l'administration redevable",
            ]),
            dict(h="Contact", b=[
                "Agence nationale du domaine et du foncier (fictif) : guichet@foncier.example.bj",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Madagascar (partly)
    dict(
        file="madagascar-declaration-fiscale-en-ligne-pme-2022.html",
        title="Madagascar : la déclaration fiscale en ligne pour les petites entreprises",
        author="Hanitra Rakotomalala (fictif)", org="KB demo corpus", site="Notes de pratique (fictif)",
        year=2022, month=3, date_text="mars 2022", lang="fr",
        countries=["MDG"], doc_type="case-study",
        topics=["e-taxation", "e-services", "m-government"],
        sids=[], regions=["Sub-Saharan Africa"], curated=False,
        description="Étude de cas illustrative sur la télédéclaration des impôts des petites entreprises à Madagascar.",
        pages=[
            dict(h="Le défi", p=[
                "Les petites entreprises devaient déposer chaque mois leur déclaration au centre fiscal, "
                "souvent à plusieurs heures de route. En 2017, moins de 20 % des entreprises "
                "enregistrées déclaraient à temps (chiffre illustratif).",
            ]),
            dict(h="Ce qui a été fait", p=[
                "L'administration fiscale a ouvert un portail de télédéclaration et de télépaiement, "
                "accessible depuis un téléphone, avec un formulaire simplifié pour les entreprises au "
                "régime de l'impôt synthétique. Le projet a été piloté par la Direction générale des "
                "Impôts, avec l'appui d'un programme de coopération régional (illustratif).",
                "Des agents des centres fiscaux ont formé les comptables et les associations de "
                "commerçants dans les six provinces.",
            ]),
            dict(h="Résultats", p=[
                "En 2021, 46 % des petites entreprises déclaraient en ligne et les délais de "
                "traitement sont passés de trois semaines à deux jours (chiffres illustratifs). Les "
                "résultats restent mitigés hors des grandes villes, où la couverture mobile et les "
                "moyens de paiement manquent encore.",
            ]),
            dict(h="Leçons apprises", b=[
                "Un formulaire simplifié compte plus que la technologie.",
                "Le paiement mobile doit être disponible en même temps que la déclaration.",
                "Les associations professionnelles sont les meilleurs relais de formation.",
            ]),
            dict(h="Pour en savoir plus", p=[
                "Pour en savoir plus, écrire au service de la télédéclaration (adresse fictive : "
                "teledeclaration@impots.example.mg).",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Paraguay (worked)
    dict(
        file="paraguay-receta-electronica-hospitales-2021.pdf",
        title="Paraguay: la receta médica electrónica en los hospitales públicos - estudio de caso",
        author="Lucía Benítez (ficticia)", org="KB demo corpus",
        year=2021, month=8, date_text="agosto de 2021", lang="es",
        countries=["PRY"], doc_type="case-study",
        topics=["e-health", "interoperability", "e-services"],
        sids=[], regions=["Latin America and the Caribbean"], curated=False,
        description="Estudio de caso ilustrativo sobre la receta electrónica en hospitales públicos de Paraguay.",
        pages=[
            dict(h="Resumen", p=[
                "Este estudio de caso ilustrativo describe cómo la red de hospitales públicos de "
                "Paraguay sustituyó la receta en papel por una receta electrónica. Las cifras son "
                "inventadas para el corpus de demostración de KB.",
            ]),
            dict(h="1. El desafío", p=[
                "Las recetas en papel se perdían, eran difíciles de leer y no permitían saber qué "
                "medicamentos faltaban en cada farmacia. En 2017 una de cada cinco recetas tenía "
                "errores de dosis o de nombre (cifra ilustrativa).",
            ]),
            dict(h="2. La solución", p=[
                "El ministerio de salud implantó una receta electrónica vinculada al número de cédula "
                "del paciente. El médico prescribe en una tableta, la farmacia del hospital ve la "
                "receta al instante y descuenta el medicamento de su inventario. El sistema se "
                "conecta con el registro de identidad mediante la plataforma de interoperabilidad del "
                "Estado. Se desplegó entre 2018 y 2020 en 32 hospitales.",
            ]),
            dict(h="3. Resultados", p=[
                "Los errores de prescripción bajaron del 20 % al 4 % y las roturas de stock se "
                "redujeron a la mitad (cifras ilustrativas). Los pacientes ya no pierden la receta y "
                "los médicos ven el historial de medicamentos.",
            ]),
            dict(h="4. Costo y financiamiento", p=[
                "La inversión fue de unos USD 2,8 millones (cifra ilustrativa), financiada con un "
                "préstamo de un banco de desarrollo y fondos del presupuesto nacional.",
            ]),
            dict(h="5. Lecciones aprendidas", b=[
                "Formar a los médicos en su propio servicio, no en cursos lejanos.",
                "Usar el número de identidad existente en lugar de crear un nuevo código.",
                "Prever un modo sin conexión para los cortes de red.",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Panamá (partly)
    dict(
        file="panama-permisos-construccion-en-linea-municipios-2020.docx",
        title="Panamá: permisos de construcción en línea en los municipios",
        author="Ricardo Sanjur (ficticio)", org="KB demo corpus",
        year=2020, month=2, date_text="febrero de 2020", lang="es",
        countries=["PAN"], doc_type="case-study",
        topics=["local-government", "e-services", "one-stop-shop"],
        sids=[], regions=["Latin America and the Caribbean"], curated=False,
        description="Estudio de caso ilustrativo sobre los permisos de construcción en línea en municipios de Panamá.",
        pages=[
            dict(h="Desafío", p=[
                "Un permiso de construcción exigía visitar la alcaldía, los bomberos y la oficina de "
                "ingeniería municipal, con planos impresos en cada paso. En 2016 el trámite tomaba en "
                "promedio 110 días (cifra ilustrativa).",
            ]),
            dict(h="Lo que se hizo", p=[
                "Tres municipios crearon una ventanilla única en línea donde el arquitecto sube los "
                "planos una vez y cada oficina los revisa en la misma plataforma. El proyecto fue "
                "gestionado por la Autoridad Nacional para la Innovación Gubernamental, en alianza con "
                "los municipios y el colegio de ingenieros y arquitectos.",
            ]),
            dict(h="Resultados", p=[
                "En el municipio capital el plazo bajó a 45 días; en los otros dos municipios la "
                "plataforma se usa solo en parte, porque las oficinas de bomberos siguen pidiendo "
                "planos impresos (cifras ilustrativas).",
            ]),
            dict(h="Lecciones aprendidas", b=[
                "Todas las oficinas que intervienen deben aceptar el expediente digital desde el inicio.",
                "Un reglamento que dé valor legal a los planos digitales evita la doble presentación.",
            ]),
            dict(h="Contacto", p=[
                "Más información: unidad de trámites municipales (dirección ficticia: "
                "tramites@innovacion.example.pa).",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ São Tomé e Príncipe (worked)
    dict(
        file="sao-tome-pagamento-movel-salarios-2023.pptx",
        title="São Tomé e Príncipe: pagamento móvel dos salários da função pública",
        author="Edite Trovoada (fictícia)", org="KB demo corpus",
        year=2023, month=6, date_text="junho de 2023", lang="pt",
        countries=["STP"], doc_type="presentation",
        topics=["m-government", "e-services", "digital-inclusion"],
        sids=["AIS"], regions=["Sub-Saharan Africa"], curated=False,
        description="Apresentação ilustrativa sobre o pagamento dos salários públicos por telemóvel em São Tomé e Príncipe.",
        pages=[
            dict(h="O desafio", b=[
                "Funcionários do Príncipe viajavam até à capital para levantar o salário em numerário",
                "Pagamentos atrasados até 10 dias por falta de notas nos balcões (número ilustrativo)",
                "Risco de funcionários fantasma nas folhas de pagamento",
            ]),
            dict(h="A solução", b=[
                "Salário pago numa carteira móvel associada ao número de identificação do funcionário",
                "Folha de pagamento cruzada com o registo de funcionários antes de cada pagamento",
                "Agentes de levantamento em todas as sedes de distrito",
                "Projecto executado pela Direcção do Tesouro entre 2020 e 2022",
            ]),
            dict(h="Resultados (números ilustrativos)", p=["Antes e depois do pagamento móvel"], t=[
                ["Indicador", "2019", "2022"],
                ["Salários pagos no dia previsto", "55 %", "97 %"],
                ["Funcionários pagos por telemóvel", "0", "6 100"],
                ["Registos duplicados removidos", "-", "310"],
            ]),
            dict(h="Parceiros", b=[
                "Em parceria com os dois operadores de telecomunicações e o banco central",
                "Apoio técnico de um programa de inclusão financeira (ilustrativo)",
            ]),
            dict(h="Lições aprendidas", b=[
                "Limpar a folha de pagamento antes de a digitalizar",
                "Garantir agentes de levantamento antes de mudar o meio de pagamento",
                "Explicar as tarifas aos funcionários com antecedência",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Angola (worked)
    dict(
        file="angola-registo-predial-digital-luanda-2022.html",
        title="Angola: o registo predial digital em Luanda - estudo de caso",
        author="Manuel Kiala (fictício)", org="KB demo corpus", site="Notas de prática (fictício)",
        year=2022, month=9, date_text="setembro de 2022", lang="pt",
        countries=["AGO"], doc_type="case-study",
        topics=["records-management", "e-services", "transparency-anticorruption"],
        sids=[], regions=["Sub-Saharan Africa"], curated=False,
        description="Estudo de caso ilustrativo sobre a digitalização do registo predial em Luanda.",
        pages=[
            dict(h="Resumo", p=[
                "Este estudo de caso ilustrativo descreve a digitalização do registo predial em Luanda. "
                "Os números foram inventados para o corpus de demonstração do KB.",
            ]),
            dict(h="O problema", p=[
                "Os livros do registo predial estavam guardados em papel em duas conservatórias, muitos "
                "danificados pela humidade. Uma certidão predial demorava em média 30 dias (número "
                "ilustrativo) e havia casos de dupla venda do mesmo imóvel.",
            ]),
            dict(h="O que foi feito", p=[
                "Os livros foram digitalizados e os registos passaram a ser feitos num sistema único, "
                "consultável pelos notários e pelos bancos. A certidão pode ser pedida e paga em linha. "
                "O projecto foi coordenado pelo Ministério da Justiça e dos Direitos Humanos, entre "
                "2019 e 2021.",
            ]),
            dict(h="Resultados", p=[
                "O tempo de emissão de uma certidão passou de 30 dias para 2 dias, e 1,4 milhões de "
                "páginas foram digitalizadas (números ilustrativos). Os bancos passaram a verificar os "
                "imóveis antes de conceder crédito à habitação.",
            ]),
            dict(h="Lições aprendidas", b=[
                "Digitalizar primeiro os livros mais consultados.",
                "Dar acesso directo aos notários e aos bancos multiplica o uso do sistema.",
                "Guardar cópias de segurança fora da cidade.",
            ]),
        ],
    ),
]
