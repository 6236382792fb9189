"""DOCX documents of the demo corpus. Each page is a Heading 1 section; paragraphs
starting with "## " become Heading 2. Illustrative texts written for KB."""

DOCS = [
    dict(
        file="maroc-strategie-administration-numerique-2016.docx",
        title="Stratégie nationale de l'administration numérique du Maroc 2016-2020 (version illustrative)",
        author="Youssef El Amrani (fictif)", org="KB demo corpus",
        year=2016, month=1, date_text="janvier 2016", lang="fr",
        countries=["MAR"], doc_type="strategy",
        topics=["e-services", "one-stop-shop", "digital-inclusion", "interoperability"],
        sids=[], regions=["Northern Africa"], curated=True,
        description="Stratégie illustrative pour une administration numérique au service des citoyens et des entreprises au Maroc.",
        pages=[
            dict(h="Préambule", p=[
                "Le présent document expose une stratégie illustrative pour la transformation "
                "numérique de l'administration marocaine. Il a été rédigé pour le corpus de "
                "démonstration KB et n'engage aucune institution.",
                "Il s'adresse aux ministères, aux collectivités territoriales et aux "
                "établissements publics.",
            ]),
            dict(h="Diagnostic", p=[
                "## Une offre de services encore fragmentée",
                "De nombreuses démarches exigent encore plusieurs déplacements et la fourniture "
                "de copies certifiées conformes. Les systèmes d'information des administrations "
                "échangent peu de données entre eux.",
                "## Une fracture numérique persistante",
                "L'accès à Internet progresse rapidement grâce au mobile, mais les écarts entre "
                "villes et zones rurales, ainsi qu'entre hommes et femmes, restent importants.",
            ]),
            dict(h="Axes stratégiques", p=[
                "## Axe 1 : un guichet unique en ligne",
                "Un portail national servira de guichet unique pour les démarches administratives "
                "des citoyens et des entreprises : état civil, création d'entreprise, permis de "
                "construire, paiement des impôts locaux. Chaque démarche sera décrite de façon "
                "simple et pourra être suivie en ligne.",
                "## Axe 2 : l'interopérabilité entre administrations",
                "Une plateforme d'échange de données permettra d'appliquer le principe « dites-le "
                "nous une fois » : l'usager ne fournit plus un document que l'administration "
                "détient déjà.",
                "## Axe 3 : l'inclusion numérique",
                "Des espaces d'accès publics dans les communes rurales, des contenus en arabe, en "
                "amazighe et en français, et des formations pour les agents d'accueil.",
            ]),
            dict(h="Gouvernance et suivi", p=[
                "Un comité de pilotage présidé par le chef du gouvernement suivra la mise en "
                "œuvre. Des indicateurs seront publiés chaque année.",
            ], t=[
                ["Indicateur", "Valeur 2015", "Cible 2020"],
                ["Démarches entièrement en ligne", "15 %", "60 %"],
                ["Communes dotées d'un espace numérique", "120", "800"],
                ["Satisfaction des usagers", "55 %", "75 %"],
            ]),
        ],
    ),
    dict(
        file="bangladesh-digital-inclusion-action-plan-2014.docx",
        title="Action Plan for Digital Inclusion through Union Digital Centres, Bangladesh 2014-2017",
        author="Farhana Akter (fictional)", org="KB demo corpus",
        year=2014, month=2, date_text="February 2014", lang="en",
        countries=["BGD"], doc_type="strategy",
        topics=["digital-inclusion", "e-services", "ppp", "capacity-building"],
        sids=[], regions=["Southern Asia"], curated=False,
        description="Illustrative action plan for rural service access points run by local entrepreneurs in Bangladesh.",
        pages=[
            dict(h="Introduction", p=[
                "This action plan sets out how Bangladesh will extend public services to every "
                "rural union through digital centres run by local entrepreneurs. It is an "
                "illustrative text written for the KB demo corpus.",
            ]),
            dict(h="The Union Digital Centre model", p=[
                "## A public-private partnership at village level",
                "Each centre is hosted in the union council building and run by two "
                "entrepreneurs, one woman and one man, who earn income from service fees. The "
                "government provides the space and training; the entrepreneurs invest in "
                "computers, printers and connectivity.",
                "## Services offered",
                "Birth registration, land records, passport applications, exam results, "
                "agricultural advice, mobile banking and telemedicine consultations.",
            ]),
            dict(h="Actions 2014-2017", t=[
                ["Action", "Responsible", "Deadline", "Indicator"],
                ["Connect all centres to broadband", "ICT division", "2015", "4,500 centres online"],
                ["Train 9,000 entrepreneurs", "Access to Information programme", "2016", "Trained persons"],
                ["Add 50 new e-services", "Ministries", "2017", "Services available"],
                ["Reach women users", "Local government division", "2017", "40% female users"],
            ]),
            dict(h="Risks and mitigation", p=[
                "## Sustainability of entrepreneurs' income",
                "Centres in remote unions earn less. A minimum set of paid government services "
                "will be guaranteed, and fees will be reviewed every year.",
                "## Quality of service",
                "A citizen charter will be displayed in every centre, with a complaint number.",
            ]),
        ],
    ),
    dict(
        file="trinidad-tobago-ppp-guidelines-ict-2011.docx",
        title="Guidelines for Public-Private Partnerships in Government ICT Projects: Trinidad and Tobago",
        author="Kavita Maharaj (fictional)", org="KB demo corpus",
        year=2011, month=9, date_text="September 2011", lang="en",
        countries=["TTO"], doc_type="guideline",
        topics=["ppp", "e-services", "legal-framework", "e-procurement"],
        sids=["Caribbean"], regions=["Latin America and the Caribbean"], curated=False,
        description="Illustrative guidelines on structuring public-private partnerships for e-government projects.",
        pages=[
            dict(h="Purpose", p=[
                "These guidelines help ministries in Trinidad and Tobago decide whether a "
                "public-private partnership is the right way to deliver an ICT-enabled service, "
                "and how to structure it. They were written for the KB demo corpus.",
            ]),
            dict(h="When to consider a partnership", p=[
                "## Suitable projects",
                "Services with a stable demand and a clear fee or availability payment, such as "
                "online vehicle licensing, e-payments or a government data centre.",
                "## Unsuitable projects",
                "Core policy functions, systems handling sensitive national security data, and "
                "projects whose scope cannot yet be defined.",
            ]),
            dict(h="Structuring the agreement", p=[
                "## Allocation of risk",
                "Risks should be carried by the party best able to manage them: technology "
                "and operations by the partner, policy and legal change by government.",
                "## Data and exit",
                "Government keeps ownership of all data. The contract must provide for the "
                "hand-over of data, documentation and, where possible, source code at the end "
                "of the term or on early termination.",
                "## Procurement",
                "Partners are selected by open competitive tender under the public procurement "
                "law, with published evaluation criteria.",
            ]),
            dict(h="Checklist", p=[
                "Before approval by Cabinet, the sponsoring ministry confirms that:",
            ], t=[
                ["Item", "Question"],
                ["Value for money", "Is the partnership cheaper over its life than public delivery?"],
                ["Affordability", "Can users pay the fees, and are exemptions defined?"],
                ["Service levels", "Are uptime and response times measurable and enforced?"],
                ["Exit", "Can government take over the service at the end of the term?"],
            ]),
        ],
    ),
    dict(
        file="cabo-verde-interoperability-workshop-summary-2017.docx",
        title="Summary Report: National Workshop on Interoperability and Digital Identity, Praia, Cabo Verde",
        author="KB demo corpus", org="KB demo corpus",
        year=2017, month=6, date_text="June 2017", lang="en",
        countries=["CPV"], doc_type="meeting",
        topics=["interoperability", "digital-identity", "capacity-building"],
        sids=["AIS"], regions=["Sub-Saharan Africa"], curated=True,
        description="Summary report of a two-day workshop on interoperability and digital identity in Cabo Verde.",
        pages=[
            dict(h="Opening session", p=[
                "The workshop was held in Praia over two days and brought together about sixty "
                "participants from ministries, municipalities, the national ICT operator, "
                "universities and development partners. This summary report is illustrative "
                "and was written for the KB demo corpus.",
                "In the opening remarks, the organisers recalled that Cabo Verde, as a small "
                "island developing state with a dispersed population on nine inhabited islands, "
                "has long relied on a common government network.",
            ]),
            dict(h="Session 1: Interoperability framework", p=[
                "Presenters described the national interoperability framework and the catalogue "
                "of shared data services. Participants noted that municipalities often lack "
                "staff to connect their systems.",
                "## Discussion",
                "Several participants asked for a simpler onboarding process and for "
                "Portuguese-language technical documentation.",
            ]),
            dict(h="Session 2: Digital identity", p=[
                "The civil registry presented plans for an electronic identity card with "
                "authentication and signature certificates, and for linking the identity number "
                "to the social security and tax registers.",
                "## Discussion",
                "Participants raised questions about citizens living abroad, who form a large "
                "diaspora, and about data protection safeguards.",
            ]),
            dict(h="Conclusions and recommendations", t=[
                ["No.", "Recommendation", "Addressed to"],
                ["1", "Publish onboarding guides for the data exchange platform", "ICT operator"],
                ["2", "Train two officers per municipality in interoperability", "Ministry of local government"],
                ["3", "Allow diaspora enrolment for the electronic identity card at consulates", "Civil registry"],
                ["4", "Hold a follow-up workshop in twelve months", "Organisers"],
            ], after=["The workshop closed with thanks to the host institution and the interpreters."]),
        ],
    ),
    dict(
        file="mexico-e-participation-toolkit-2009.docx",
        title="Toolkit for Online Public Consultation in Mexican Municipalities",
        author="Alejandra Ortiz (fictional)", org="KB demo corpus",
        year=2009, month=5, date_text="May 2009", lang="en",
        countries=["MEX"], doc_type="guideline",
        topics=["e-participation", "open-data", "capacity-building"],
        sids=[], regions=["Latin America and the Caribbean"], curated=False,
        description="Illustrative toolkit for municipalities running online consultations and participatory budgeting.",
        pages=[
            dict(h="How to use this toolkit", p=[
                "This toolkit guides municipal officials in Mexico through the planning of an "
                "online public consultation. It is illustrative and was written for the KB "
                "demo corpus.",
            ]),
            dict(h="Step 1: Define the question", p=[
                "A consultation should ask a question that the municipality can act upon: the "
                "priorities for street lighting, the design of a park, the rules for a market.",
                "## Publish the facts first",
                "Publish the relevant data (budgets, maps, usage figures) in open formats so "
                "that participants can form an informed opinion.",
            ]),
            dict(h="Step 2: Choose the tools", t=[
                ["Tool", "Good for", "Limitations"],
                ["Online survey", "Many participants, simple choices", "Little deliberation"],
                ["Discussion forum", "Arguments and proposals", "Needs moderation"],
                ["Participatory budgeting platform", "Voting on projects", "Needs identity checks"],
                ["SMS poll", "Reaching people without internet", "Short questions only"],
            ]),
            dict(h="Step 3: Reach people offline too", p=[
                "Combine the online channel with meetings in neighbourhoods and kiosks in "
                "municipal offices, so that older residents and people without internet can "
                "take part.",
            ]),
            dict(h="Step 4: Report back", p=[
                "Publish a summary of contributions and explain which proposals were adopted "
                "and why others were not. Participation that receives no answer discourages "
                "future participation.",
            ]),
        ],
    ),
    dict(
        file="dominican-republic-business-one-stop-shop-2018.docx",
        title="Dominican Republic: Registering a Business in One Day through a Single Window",
        author="Carlos Jiménez (fictional)", org="KB demo corpus",
        year=2018, month=10, date_text="October 2018", lang="en",
        countries=["DOM"], doc_type="case-study",
        topics=["one-stop-shop", "e-services", "interoperability"],
        sids=["Caribbean"], regions=["Latin America and the Caribbean"], curated=False,
        description="Case study of an online single window for business registration in the Dominican Republic.",
        pages=[
            dict(h="Summary", p=[
                "This illustrative case study describes how the Dominican Republic reduced the "
                "time to register a company by integrating the steps of several institutions "
                "into a single online window.",
            ]),
            dict(h="From seven offices to one one-stop shop portal", p=[
                "Previously an entrepreneur visited the chamber of commerce, the tax authority, "
                "the industrial property office and the labour ministry, with paper forms at "
                "each. The reform created a one-stop shop portal where the founder enters the "
                "company data once and pays a single fee.",
                "## Back-office integration",
                "Behind the portal, web services connect the commercial registry, the tax "
                "identification register and the social security system, so that a company "
                "receives its registration, tax number and employer number together.",
            ]),
            dict(h="Results", t=[
                ["Indicator", "Before", "After"],
                ["Days to register a company", "19", "1-3"],
                ["Number of procedures", "7", "1"],
                ["Companies registered online", "0%", "78%"],
            ], after=["Figures are invented for the demo corpus."]),
            dict(h="Lessons", p=[
                "Political backing from the presidency, a shared data model agreed by all "
                "institutions and a single fee were the keys. Remaining problems include "
                "municipal permits, which are not yet part of the single window.",
            ]),
        ],
    ),
    dict(
        file="vanuatu-e-government-capacity-assessment-2007.docx",
        title="Vanuatu: E-Government Readiness and Capacity Assessment",
        author="Jimmy Kalsakau (fictional)", org="KB demo corpus",
        year=2007, month=8, date_text="August 2007", lang="en",
        countries=["VUT"], doc_type="report",
        topics=["capacity-building", "digital-inclusion", "whole-of-government"],
        sids=["Pacific"], regions=["Melanesia"], curated=False,
        description="Illustrative assessment of ICT skills, infrastructure and institutions in Vanuatu's public service.",
        pages=[
            dict(h="Introduction", p=[
                "This report assesses the readiness of the Government of Vanuatu to deliver "
                "services electronically. It was written for the KB demo corpus and its "
                "findings are illustrative.",
            ]),
            dict(h="Infrastructure", p=[
                "Internet access outside Port Vila and Luganville is limited and expensive. "
                "Most provincial offices share a single dial-up or satellite link. Electricity "
                "supply on outer islands is irregular.",
            ]),
            dict(h="Skills in the public service", p=[
                "## Survey of civil servants",
                "Of 300 civil servants surveyed, fewer than half use e-mail daily, and only a "
                "few ministries employ a trained network administrator.",
            ], t=[
                ["Skill", "Share of staff (%)"],
                ["Basic computer use", "58"],
                ["Daily e-mail use", "44"],
                ["Spreadsheet use", "31"],
                ["Database or network administration", "3"],
            ]),
            dict(h="Recommendations", p=[
                "## Whole-of-government ICT office",
                "Create a small central ICT office to set standards, negotiate bandwidth for all "
                "ministries and build a government network linking provincial centres.",
                "## Training",
                "Run a national ICT skills programme for civil servants, with trainers in each "
                "province, and scholarships for network engineers.",
            ]),
        ],
    ),
]
