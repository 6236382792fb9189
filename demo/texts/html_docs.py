"""HTML pages of the demo corpus. build.py wraps each in site boilerplate (header,
nav, aside, footer, scripts) around a <main>; each page becomes a <section>.
Illustrative texts written for KB; the sites are fictional."""

DOCS = [
    dict(
        file="sids-digital-public-infrastructure-workshop-agenda-2024.html",
        title="Agenda: Interregional Workshop on Digital Public Infrastructure for Small Island Developing States",
        author="KB demo corpus", org="KB demo corpus", site="Island Digital Exchange (fictional)",
        year=2024, month=5, day=6, date_text="6 May 2024", lang="en",
        countries=["MUS", "FJI", "BRB", "MDV", "JAM", "TON"], doc_type="meeting",
        topics=["digital-identity", "interoperability", "capacity-building", "e-services"],
        sids=["AIS", "Pacific", "Caribbean"],
        regions=["Sub-Saharan Africa", "Melanesia", "Latin America and the Caribbean", "Southern Asia", "Polynesia"],
        curated=True,
        description="Agenda of a three-day workshop in Mauritius on digital identity, data exchange and payments for small island developing states.",
        pages=[
            dict(h="About the workshop", p=[
                "Officials from small island developing states in the Caribbean, the Pacific and "
                "the Atlantic, Indian Ocean and South China Sea (AIS) regions meet in Port Louis, "
                "Mauritius, to exchange experience on digital public infrastructure: digital "
                "identity, data exchange and digital payments.",
                "Working languages: English and French. Participants are invited to bring a short "
                "presentation of their national situation.",
            ]),
            dict(h="Day 1 - Digital identity", b=[
                "09:00 Opening remarks by the host ministry",
                "09:30 Keynote: why small states need foundational identity systems",
                "10:30 Country panel: Mauritius, Fiji and Barbados",
                "14:00 Breakout groups: enrolment on outer islands and for the diaspora",
                "16:30 Report back and wrap-up",
            ]),
            dict(h="Day 2 - Data exchange and payments", b=[
                "09:00 Open-source data exchange layers and how to adopt them",
                "10:30 Case: Maldives government payment gateway",
                "11:30 Case: Jamaica's interoperability roadmap",
                "14:00 Hands-on session: designing a shared service catalogue",
                "16:00 Panel on procurement of shared regional platforms",
            ]),
            dict(h="Day 3 - Resilience and next steps", b=[
                "09:00 Keeping digital services running after cyclones and eruptions: lessons from Tonga",
                "10:30 Capacity building needs assessment (group work)",
                "13:00 Agreement on a SIDS community of practice",
                "15:00 Closing session",
            ]),
            dict(h="Practical information", p=[
                "Venue: conference centre, Port Louis. Interpretation English-French is "
                "available in plenary. Contact the secretariat for visa letters.",
            ]),
        ],
    ),
    dict(
        file="tonga-restoring-services-after-eruption-2022.html",
        title="Tonga: Keeping Government Running When the Cable Is Cut",
        author="Sione Taufa (fictional)", org="KB demo corpus", site="Pacific Practice Notes (fictional)",
        year=2022, month=9, day=20, date_text="20 September 2022", lang="en",
        countries=["TON"], doc_type="case-study",
        topics=["disaster-risk", "e-services", "cybersecurity"],
        sids=["Pacific"], regions=["Polynesia"], curated=False,
        description="Case study of how Tonga's government restored communications and services after the January 2022 volcanic eruption and tsunami.",
        pages=[
            dict(h="What happened", p=[
                "In January 2022 a volcanic eruption and tsunami damaged the single submarine "
                "cable that connects Tonga to the rest of the world. For about five weeks the "
                "country depended on limited satellite capacity.",
            ]),
            dict(h="Impact on government services", p=[
                "Online payments, e-mail and cloud-hosted systems became unreachable. Banks "
                "rationed cash, and ministries returned to paper forms. Remittances from "
                "relatives abroad, vital for many households, were delayed.",
            ]),
            dict(h="The response", b=[
                "Emergency satellite terminals for the national emergency management office",
                "Priority satellite bandwidth for health, finance and relief distribution",
                "Local copies of critical registers kept on servers in Nuku'alofa",
                "Radio broadcasts to inform outer island communities",
            ]),
            dict(h="Lessons for digital resilience", p=[
                "A cloud-first policy needs local fallbacks in a country with one cable. "
                "Continuity plans must assume days or weeks without international "
                "connectivity. Regional agreements for emergency satellite capacity, and a second "
                "cable route, are now priorities.",
            ]),
        ],
    ),
    dict(
        file="barbados-online-consultation-results-2025.html",
        title="Barbados: What We Heard in the Online Consultation on the Digital Government Bill",
        author="Andrea Griffith (fictional)", org="KB demo corpus", site="Civic Voice Barbados (fictional)",
        year=2025, month=2, day=14, date_text="14 February 2025", lang="en",
        countries=["BRB"], doc_type="report",
        topics=["e-participation", "legal-framework", "digital-identity"],
        sids=["Caribbean"], regions=["Latin America and the Caribbean"], curated=False,
        description="Report on an online public consultation about a draft digital government bill in Barbados.",
        pages=[
            dict(h="The consultation", p=[
                "Over six weeks, residents could comment on a draft bill on digital government "
                "services and digital identity, on a consultation website and at town hall "
                "meetings in each parish. This report is illustrative and was written for the "
                "KB demo corpus.",
            ]),
            dict(h="Who took part", t=[
                ["Channel", "Contributions"],
                ["Online comments on clauses", "1,140"],
                ["E-mail submissions", "210"],
                ["Town hall meetings", "11 meetings, 640 attendees"],
                ["Organisations", "38"],
            ]),
            dict(h="Main themes", b=[
                "Privacy: who can see data held about me, and for how long",
                "Choice: keeping paper and counter services for older people",
                "Digital identity: fear of exclusion if the app fails",
                "Accessibility for persons with disabilities",
            ]),
            dict(h="What changes in the bill", p=[
                "The revised bill adds a right to a non-digital alternative, a duty to publish "
                "data-sharing agreements, and an annual report to Parliament on the identity "
                "system. Each comment received a public response on the consultation site.",
            ]),
        ],
    ),
    dict(
        file="india-e-governance-capacity-building-programme-2010.html",
        title="Capacity Building for e-Governance: A Framework for State Governments in India",
        author="Suresh Nair (fictional)", org="KB demo corpus", site="e-Governance Learning Network (fictional)",
        year=2010, month=11, day=3, date_text="3 November 2010", lang="en",
        countries=["IND"], doc_type="guideline",
        topics=["capacity-building", "whole-of-government", "e-services"],
        sids=[], regions=["Southern Asia"], curated=False,
        description="Illustrative framework for building e-governance skills and institutions in Indian state governments.",
        pages=[
            dict(h="Why capacity matters", p=[
                "State governments in India run many e-governance projects, from land records to "
                "commercial taxes, yet few have enough staff who can manage technology "
                "projects. This framework proposes a structured approach to capacity building.",
            ]),
            dict(h="State e-Mission Teams", p=[
                "Each state creates a small e-Mission Team of professionals recruited from the "
                "market on fixed-term contracts, reporting to the chief secretary. The team "
                "prepares the state roadmap and supports departments in project design.",
            ]),
            dict(h="Training curriculum", t=[
                ["Audience", "Topic", "Duration"],
                ["Secretaries and heads of department", "Leadership for e-governance", "2 days"],
                ["Project managers", "Business process re-engineering", "2 weeks"],
                ["Project managers", "Procurement and contract management", "1 week"],
                ["Front-office staff", "Service delivery and citizen interface", "3 days"],
            ]),
            dict(h="Institutions", b=[
                "A national institute for e-governance training",
                "Partnerships with management schools for case-based courses",
                "A knowledge portal of case studies and templates",
            ]),
        ],
    ),
    dict(
        file="jamaica-cyber-incident-response-guidance-2021.html",
        title="Jamaica: Cyber Incident Response Guidance for Ministries, Departments and Agencies",
        author="Marcia Brown (fictional)", org="KB demo corpus", site="Caribbean Cyber Notes (fictional)",
        year=2021, month=3, day=30, date_text="30 March 2021", lang="en",
        countries=["JAM"], doc_type="guideline",
        topics=["cybersecurity", "legal-framework", "capacity-building"],
        sids=["Caribbean"], regions=["Latin America and the Caribbean"], curated=False,
        description="Illustrative guidance on handling cyber incidents in Jamaican public bodies.",
        pages=[
            dict(h="Scope", p=[
                "This guidance applies to ministries, departments and agencies in Jamaica that "
                "operate information systems. It is an illustrative text written for the KB "
                "demo corpus.",
            ]),
            dict(h="Phases of incident response", b=[
                "Prepare: keep an asset inventory, contacts and offline backups",
                "Detect and report: notify the national CIRT as soon as an incident is suspected",
                "Contain: isolate affected systems, preserve evidence",
                "Recover: restore from clean backups, reset credentials",
                "Learn: hold a review within two weeks and share lessons",
            ]),
            dict(h="Legal obligations", p=[
                "The cybercrimes law makes unauthorised access and data interference offences; "
                "evidence must be preserved for investigators. The data protection law requires "
                "notification of breaches of personal data to the regulator and, where there is "
                "a high risk, to the people affected.",
            ]),
            dict(h="Contacts and exercises", p=[
                "Every agency names an incident coordinator and a deputy. Tabletop exercises "
                "are held yearly with the national CIRT, using scenarios such as ransomware on a "
                "tax system or a defaced public website.",
            ]),
        ],
    ),
    dict(
        file="singapore-mobile-government-apps-2017.html",
        title="Singapore: From a One-Stop Portal to Life-Event Mobile Apps",
        author="Lim Wei Ling (fictional)", org="KB demo corpus", site="Asia Public Service Review (fictional)",
        year=2017, month=7, day=12, date_text="12 July 2017", lang="en",
        countries=["SGP"], doc_type="case-study",
        topics=["m-government", "one-stop-shop", "e-services", "digital-identity"],
        sids=["AIS"], regions=["South-eastern Asia"], curated=False,
        description="Case study of Singapore's shift from a government services portal to mobile apps organised by life events.",
        pages=[
            dict(h="Introduction", p=[
                "Singapore was among the first countries to put nearly all government services "
                "online. This illustrative case study traces how the channel changed from "
                "websites to mobile apps built around citizens' life events.",
            ]),
            dict(h="The one-stop shop portal era", p=[
                "In the early 2000s, government services were grouped on a one-stop shop portal "
                "organised by citizen needs rather than by agency, with a single national login. "
                "Businesses had their own online licensing portal that replaced many separate "
                "applications.",
            ]),
            dict(h="Going mobile", p=[
                "With smartphone penetration above 80 percent, agencies launched apps. To avoid "
                "a confusing number of apps, later designs bundled services by life event: "
                "having a baby, starting work, buying a flat, retiring.",
            ], b=[
                "Register a birth and apply for baby bonus in one flow",
                "Log in with the national digital identity app and fingerprint",
                "Receive reminders for vaccinations and school registration",
            ]),
            dict(h="Results and lessons", p=[
                "Usage of mobile channels overtook desktop for many transactions. Lessons "
                "include designing with users, reusing shared components such as identity and "
                "payments, and keeping assisted service counters for people who need help.",
            ]),
        ],
    ),
]
