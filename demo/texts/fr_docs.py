"""French-language documents of the demo corpus, in several formats (the file
name's extension picks the builder). Illustrative texts written for KB; names,
figures and quotations are invented for the demo and must not be cited."""

DOCS = [
    # ------------------------------------------------------------------ Haïti, état civil
    dict(
        file="haiti-etat-civil-numerique-2021.pdf",
        title="Haïti : numériser l'état civil pour reconstruire l'identité des citoyens - étude de cas",
        author="Marie-Ange Pierre-Louis (fictif)", org="KB demo corpus",
        year=2021, month=5, date_text="mai 2021", lang="fr",
        countries=["HTI"], doc_type="case-study",
        topics=["digital-identity", "e-services", "disaster-risk", "records-management"],
        sids=["Caribbean"], regions=["Latin America and the Caribbean"], curated=False,
        description="Étude de cas illustrative sur la numérisation des registres d'état civil en Haïti après le séisme.",
        pages=[
            dict(h="Résumé", p=[
                "Cette étude de cas décrit comment un programme illustratif de numérisation de "
                "l'état civil a été conduit en Haïti, petit État insulaire en développement des "
                "Caraïbes, après la destruction d'une grande partie des archives papier lors du "
                "séisme. Elle s'adresse aux responsables de l'administration électronique et aux "
                "partenaires qui soutiennent l'identité numérique dans les pays fragiles.",
                "Le texte suit le plan habituel : le défi, la solution retenue, les résultats "
                "obtenus et les leçons pour d'autres pays.",
            ]),
            dict(h="1. Le défi : des registres perdus et des citoyens sans acte", p=[
                "Avant le programme, de nombreux Haïtiens ne possédaient aucun acte de naissance. "
                "Les registres étaient tenus à la main dans les bureaux d'officiers d'état civil, "
                "en deux exemplaires, dont l'un devait être transmis aux Archives nationales. Dans "
                "la pratique, les doubles arrivaient avec des années de retard ou jamais.",
                "Le séisme a détruit des bâtiments publics à Port-au-Prince et dans les villes "
                "voisines. Des milliers de registres ont été perdus ou abîmés par l'eau. Sans acte "
                "de naissance, une personne ne peut obtenir de carte d'identification nationale, "
                "s'inscrire à un examen officiel, ouvrir un compte bancaire ou hériter d'un terrain.",
            ], b=[
                "Environ un enfant sur trois non déclaré à la naissance (chiffre illustratif)",
                "Délais de plusieurs mois pour obtenir un extrait d'acte",
                "Frais informels demandés aux usagers dans certains bureaux",
            ]),
            dict(h="2. La solution : un registre électronique de l'état civil", p=[
                "Le programme a combiné trois volets. D'abord, la numérisation des registres "
                "subsistants : chaque page a été photographiée, indexée par des opérateurs puis "
                "vérifiée par un second opérateur. Ensuite, la déclaration électronique des "
                "naissances dans les hôpitaux et les centres de santé, où un agent saisit "
                "l'information sur une tablette qui se synchronise dès que le réseau mobile est "
                "disponible. Enfin, l'attribution à chaque personne d'un numéro d'identification "
                "unique, repris par la carte d'identité et par les listes électorales.",
                "Les données sont répliquées dans deux centres de données, dont l'un hors de la "
                "capitale, afin qu'une nouvelle catastrophe ne détruise plus la mémoire de l'état "
                "civil. Un service en ligne permet aux officiers d'état civil de délivrer des "
                "extraits signés électroniquement.",
                "## Interopérabilité",
                "Le registre échange des données avec l'office chargé de la carte d'identité et "
                "avec le ministère de la santé, selon des conventions qui précisent les champs "
                "partagés et la finalité de chaque échange.",
            ]),
            dict(h="3. Les résultats", p=[
                "Les chiffres ci-dessous sont inventés pour le corpus de démonstration et ne "
                "doivent pas être cités.",
            ], t=[
                ["Indicateur", "Avant le programme", "Après trois ans"],
                ["Naissances déclarées dans l'année", "58 %", "81 %"],
                ["Délai moyen pour un extrait d'acte", "4 mois", "5 jours"],
                ["Pages de registres numérisées", "0", "2,1 millions"],
                ["Bureaux d'état civil connectés", "12", "140"],
            ], after=[
                "Les usagers interrogés citent surtout la fin des déplacements répétés vers la "
                "capitale. Les officiers d'état civil disent gagner du temps mais réclament une "
                "connexion plus stable dans les communes rurales.",
            ]),
            dict(h="4. Leçons pour d'autres pays", b=[
                "Commencer par sauvegarder ce qui existe : numériser les registres avant de "
                "construire un nouveau système.",
                "Rapprocher la déclaration du lieu de naissance, à l'hôpital ou par des agents "
                "mobiles, plutôt qu'attendre que les familles viennent au bureau.",
                "Prévoir une copie des données hors du pays ou hors de la zone à risque : la "
                "résilience aux catastrophes fait partie de la conception.",
                "Lier l'état civil à l'identité numérique par un numéro unique, avec des règles "
                "claires de protection des données.",
                "Former et rémunérer correctement les officiers d'état civil, premiers garants "
                "de la qualité des registres.",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Haïti, loi
    dict(
        file="haiti-avant-projet-loi-signature-electronique-2017.pdf",
        title="Avant-projet de loi sur les échanges électroniques et la signature électronique (texte illustratif modelé pour Haïti)",
        author="KB demo corpus", org="KB demo corpus",
        year=2017, month=11, date_text="novembre 2017", lang="fr",
        countries=["HTI"], doc_type="legislation",
        topics=["legal-framework", "digital-identity", "e-services"],
        sids=["Caribbean"], regions=["Latin America and the Caribbean"], curated=False,
        description="Texte législatif illustratif sur la valeur juridique des documents et signatures électroniques.",
        pages=[
            dict(h="Exposé des motifs", p=[
                "Le présent avant-projet de loi est un texte illustratif rédigé pour le corpus de "
                "démonstration KB. Il ne reproduit aucune loi en vigueur.",
                "Le développement de l'administration électronique et du commerce en ligne exige "
                "que les documents et les signatures électroniques aient la même valeur que leurs "
                "équivalents sur papier. Sans cette reconnaissance, les téléservices restent des "
                "formulaires à imprimer, et les citoyens doivent encore se déplacer pour signer.",
            ]),
            dict(h="Chapitre I - Dispositions générales", p=[
                "Article premier. La présente loi s'applique aux échanges électroniques entre "
                "l'administration et les usagers, entre administrations, et entre personnes "
                "privées, sauf pour les actes relatifs au droit de la famille et aux successions.",
                "Article 2. Au sens de la présente loi, on entend par : « document électronique », "
                "toute information créée, transmise ou conservée sous forme numérique ; "
                "« signature électronique », une donnée qui résulte d'un procédé fiable "
                "d'identification garantissant son lien avec l'acte auquel elle s'attache ; "
                "« prestataire de services de confiance », toute personne qui délivre des "
                "certificats électroniques.",
            ]),
            dict(h="Chapitre II - Valeur juridique", p=[
                "Article 3. Le document électronique est admis en preuve au même titre que le "
                "document sur support papier, sous réserve que puisse être dûment identifiée la "
                "personne dont il émane et qu'il soit conservé dans des conditions de nature à en "
                "garantir l'intégrité.",
                "Article 4. La signature électronique qualifiée, créée au moyen d'un certificat "
                "délivré par un prestataire agréé, a la même force probante que la signature "
                "manuscrite.",
                "Article 5. Une autorité administrative ne peut refuser une demande au seul motif "
                "qu'elle a été présentée par voie électronique.",
            ]),
            dict(h="Chapitre III - Prestataires de services de confiance", p=[
                "Article 6. Les prestataires de services de confiance sont agréés par l'autorité "
                "de régulation des télécommunications, qui tient une liste publique des "
                "prestataires agréés.",
                "Article 7. Le prestataire vérifie l'identité du titulaire du certificat, le cas "
                "échéant à partir du numéro d'identification unique inscrit au registre de l'état "
                "civil, et conserve les preuves de cette vérification pendant dix ans.",
            ]),
            dict(h="Chapitre IV - Dispositions finales", p=[
                "Article 8. Un décret fixe les conditions techniques de la signature électronique "
                "qualifiée et de l'archivage électronique des actes administratifs.",
                "Article 9. La présente loi entre en vigueur six mois après sa publication au "
                "journal officiel.",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Sénégal, guichet unique
    dict(
        file="senegal-guichet-unique-creation-entreprise-2019.pptx",
        title="Créer son entreprise en 24 heures : le guichet unique en ligne du Sénégal",
        author="Aminata Diop (fictif)", org="KB demo corpus",
        year=2019, month=3, date_text="mars 2019", lang="fr",
        countries=["SEN"], doc_type="presentation",
        topics=["one-stop-shop", "e-business", "e-services", "interoperability"],
        sids=[], regions=["Sub-Saharan Africa"], curated=False,
        description="Présentation illustrative d'un guichet unique en ligne pour la création d'entreprise au Sénégal.",
        pages=[
            dict(h="Le point de départ", b=[
                "Créer une société demandait jusqu'à 8 démarches dans 5 administrations",
                "Greffe du tribunal, impôts, sécurité sociale, chambre de commerce, journal d'annonces",
                "Dossiers papier déposés et retirés à Dakar uniquement",
                "Les entrepreneurs des régions renonçaient ou passaient par des intermédiaires",
            ], n="Rappeler que les chiffres de cette présentation sont illustratifs."),
            dict(h="La réponse : un guichet unique, physique puis en ligne", b=[
                "Un seul dossier, un seul paiement, un seul interlocuteur",
                "Le guichet unique transmet le dossier aux administrations par voie électronique",
                "Numéro d'identification de l'entreprise attribué en même temps que l'immatriculation",
                "Suivi du dossier par SMS et sur le portail",
                "Paiement par mobile money ou carte bancaire",
            ], n="Insister sur le fait que les administrations gardent leurs compétences : le guichet unique coordonne, il ne remplace pas."),
            dict(h="Ce qui se passe derrière le guichet", b=[
                "Plateforme d'échange de données entre le greffe, les impôts et la sécurité sociale",
                "Modèle de données commun pour l'entreprise et ses dirigeants",
                "Vérification de l'identité des fondateurs à partir de la carte d'identité biométrique",
                "Statuts types pour les petites sociétés, signés électroniquement",
            ]),
            dict(h="Résultats (chiffres illustratifs)", p=["Comparaison avant et après la mise en ligne"], t=[
                ["Indicateur", "2014", "2018"],
                ["Délai de création", "3 semaines", "24 à 48 heures"],
                ["Nombre de démarches", "8", "1"],
                ["Entreprises créées par an", "4 100", "11 800"],
                ["Dossiers déposés en ligne", "0 %", "62 %"],
            ], n="La hausse des créations tient aussi à la baisse du capital minimum."),
            dict(h="Leçons et prochaines étapes", b=[
                "Le soutien politique au plus haut niveau a débloqué les arbitrages entre administrations",
                "Simplifier la procédure avant de la numériser",
                "Ouvrir des antennes du guichet unique dans les régions pour ceux qui ne sont pas en ligne",
                "Étape suivante : permis de construire et licences sectorielles dans le même guichet",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Comores, stratégie
    dict(
        file="comores-strategie-administration-electronique-2020.docx",
        title="Union des Comores : stratégie nationale d'administration électronique 2020-2025 (version illustrative)",
        author="Said Ahmed Mohamed (fictif)", org="KB demo corpus",
        year=2020, month=10, date_text="octobre 2020", lang="fr",
        countries=["COM"], doc_type="strategy",
        topics=["e-services", "broadband", "digital-inclusion", "capacity-building", "interoperability"],
        sids=["AIS"], regions=["Sub-Saharan Africa"], curated=True,
        description="Stratégie illustrative d'administration électronique pour un petit État insulaire en développement de l'océan Indien.",
        pages=[
            dict(h="Introduction", p=[
                "L'Union des Comores est un archipel de trois îles principales, Grande Comore, "
                "Anjouan et Mohéli. Comme d'autres petits États insulaires en développement (PEID), "
                "elle fait face à des coûts de connectivité élevés, à une population dispersée et "
                "à une administration aux moyens limités.",
                "Cette stratégie, rédigée comme texte illustratif pour le corpus de démonstration "
                "KB, fixe les priorités de l'administration électronique pour cinq ans. Elle "
                "n'engage aucune institution.",
            ]),
            dict(h="Diagnostic", p=[
                "## Connectivité",
                "L'arrivée d'un câble sous-marin a réduit le coût de la bande passante "
                "internationale, mais la liaison entre les îles reste fragile et la couverture en "
                "haut débit mobile est inégale en dehors de Moroni.",
                "## Services publics",
                "La quasi-totalité des démarches se fait au guichet, sur papier. Les habitants "
                "d'Anjouan et de Mohéli doivent souvent se rendre à Moroni pour un passeport ou un "
                "document foncier.",
                "## Capacités",
                "Les ministères disposent de peu d'informaticiens, et les systèmes existants "
                "(paie, douanes, état civil) ne communiquent pas entre eux.",
            ]),
            dict(h="Axes stratégiques", p=[
                "## Axe 1 : infrastructures et réseau gouvernemental",
                "Relier les trois îles par un réseau gouvernemental sécurisé et mettre en place un "
                "centre de données national avec une copie de secours hors site.",
                "## Axe 2 : services en ligne prioritaires",
                "Mettre en ligne dix démarches à fort volume : acte de naissance, casier "
                "judiciaire, paiement des impôts et taxes, inscription aux examens, création "
                "d'entreprise. Un portail unique servira de point d'entrée.",
                "## Axe 3 : interopérabilité et identifiant unique",
                "Adopter un cadre national d'interopérabilité et un identifiant unique de la "
                "personne, repris par l'état civil et la carte d'identité.",
                "## Axe 4 : inclusion numérique et compétences",
                "Créer des points d'accès publics dans chaque préfecture, proposer les contenus en "
                "shikomori, en français et en arabe, et former 500 agents publics aux outils "
                "numériques.",
            ]),
            dict(h="Mise en œuvre et suivi", p=[
                "Une agence nationale de l'administration électronique, rattachée à la présidence, "
                "coordonne la stratégie. Elle s'appuie sur la coopération régionale avec d'autres "
                "PEID de l'océan Indien, notamment Maurice et les Seychelles.",
            ], t=[
                ["Indicateur", "Référence 2020", "Cible 2025"],
                ["Démarches disponibles en ligne", "2", "25"],
                ["Îles reliées au réseau gouvernemental", "1", "3"],
                ["Agents formés aux outils numériques", "60", "500"],
                ["Points d'accès publics", "3", "17"],
            ], after=[
                "Un rapport annuel de suivi sera publié sur le portail du gouvernement.",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Maurice et Seychelles
    dict(
        file="maurice-seychelles-administration-electronique-peid-2018.html",
        title="L'administration électronique dans deux petits États insulaires de l'océan Indien : Maurice et les Seychelles",
        author="Nathalie Labonté (fictif)", org="KB demo corpus", site="Notes de pratique Océan Indien (site fictif)",
        year=2018, month=6, day=28, date_text="28 juin 2018", lang="fr",
        countries=["MUS", "SYC"], doc_type="report",
        topics=["e-services", "one-stop-shop", "capacity-building", "digital-identity"],
        sids=["AIS"], regions=["Sub-Saharan Africa"], curated=False,
        description="Rapport illustratif comparant l'administration électronique à Maurice et aux Seychelles, deux PEID de l'océan Indien.",
        pages=[
            dict(h="Introduction", p=[
                "Ce rapport compare les trajectoires de l'administration électronique à Maurice et "
                "aux Seychelles, deux petits États insulaires en développement (PEID) de l'océan "
                "Indien. Il a été rédigé pour le corpus de démonstration KB ; les chiffres sont "
                "illustratifs.",
                "Les deux pays ont des populations réduites, une forte dépendance au tourisme et "
                "des administrations centralisées. Ils ont pourtant suivi des chemins différents.",
            ]),
            dict(h="Maurice : une stratégie de plateforme", p=[
                "Maurice a misé tôt sur un réseau gouvernemental reliant tous les ministères et "
                "sur un portail des services publics. Une carte d'identité à puce sert à "
                "l'authentification en ligne. Les entreprises disposent d'un guichet unique pour "
                "les permis et les licences, ce qui a amélioré le classement du pays pour la "
                "facilité de faire des affaires.",
                "La passation électronique des marchés publics, introduite par étapes, est "
                "devenue obligatoire pour les grands ministères.",
            ]),
            dict(h="Seychelles : des services de proximité", p=[
                "Aux Seychelles, l'accent a été mis sur quelques services très utilisés : "
                "déclarations fiscales, demandes de permis de travail et paiements en ligne. Les "
                "bureaux de district servent de guichets d'assistance pour les personnes peu à "
                "l'aise avec Internet.",
                "La petite taille de la fonction publique rend chaque compétence rare : un seul "
                "départ peut bloquer un projet. Le pays mise sur la formation continue et sur des "
                "solutions mutualisées avec ses partenaires régionaux.",
            ]),
            dict(h="Comparaison", t=[
                ["Critère", "Maurice", "Seychelles"],
                ["Population (ordre de grandeur)", "1,3 million", "100 000"],
                ["Services transactionnels en ligne", "plus de 150", "environ 40"],
                ["Identité numérique", "carte d'identité à puce", "identifiant national en projet"],
                ["Guichet unique pour les entreprises", "oui", "partiel"],
            ]),
            dict(h="Enseignements pour les PEID", b=[
                "La taille réduite permet d'aller vite, à condition de concentrer les efforts sur quelques services",
                "Les compétences sont le premier goulot d'étranglement : formation, mutualisation, coopération Sud-Sud",
                "Un guichet unique pour les entreprises a des effets visibles rapidement",
                "La coopération régionale entre petits États insulaires réduit les coûts des plateformes",
            ]),
        ],
    ),
]
