"""PDF documents of the demo corpus (multi-page). Illustrative texts written for KB;
figures and quotations are invented for the demo and must not be cited."""

DOCS = [
    # ------------------------------------------------------------------ Estonia
    dict(
        file="estonia-x-road-interoperability-case-study-2012.pdf",
        title="Estonia: Building a Data Exchange Layer for Whole-of-Government Services",
        author="Maris Kuusk (fictional)", org="KB demo corpus",
        year=2012, month=3, date_text="March 2012", lang="en",
        countries=["EST"], doc_type="case-study",
        topics=["interoperability", "digital-identity", "whole-of-government", "legal-framework"],
        sids=[], regions=["Northern Europe"], curated=True,
        description="Case study of Estonia's distributed data exchange layer and national eID card.",
        pages=[
            dict(h="Summary", p=[
                "This case study describes how Estonia connected the information systems of its "
                "ministries, agencies and municipalities through a distributed data exchange layer "
                "instead of a central database. It is written as a teaching case for public "
                "administrators in other countries who are designing their own interoperability "
                "arrangements.",
                "The case is organised in five parts: the starting point in the late 1990s, the "
                "design of the exchange layer, the role of the national identity card, the legal "
                "rules that made data sharing obligatory, and lessons for other governments.",
            ]),
            dict(h="1. Starting point", p=[
                "When the programme began, each agency kept its own registers: population, "
                "vehicles, land, businesses, health insurance. Citizens were asked for the same "
                "facts again and again, and civil servants retyped data received on paper.",
                "A small team in the ministry responsible for economic affairs proposed that no "
                "register would be copied; instead, systems would ask each other for the data they "
                "needed, at the moment they needed it, over secure connections across the public "
                "internet.",
            ]),
            dict(h="2. The X-Road data exchange layer", p=[
                "The X-Road is a set of security servers, one in front of each participating "
                "information system. Every message is signed, time-stamped and logged at both ends, "
                "so that an agency can prove which data it sent or received and when.",
                "Because there is no central hub that stores data, the architecture avoids a single "
                "point of failure and keeps each register under the control of its legal owner. "
                "Services are described in a common catalogue, and a central authority only "
                "certifies members and distributes trust lists.",
                "By the time of writing, several hundred organisations, including private banks and "
                "telecom operators, were exchanging queries through the layer, with millions of "
                "requests every month (illustrative figures).",
            ]),
            dict(h="3. Digital identity and signatures", p=[
                "Interoperability alone does not let a citizen act online. Estonia issued a "
                "chip-based identity card to every resident, carrying two certificates: one for "
                "authentication and one for a qualified digital signature with the same legal force "
                "as a handwritten one.",
                "A mobile ID on the SIM card followed, allowing people to log in and sign from a "
                "phone. Together with the exchange layer, the eID made it possible to file taxes, "
                "register a company or vote over the internet.",
            ]),
            dict(h="4. Legal framework", p=[
                "The Public Information Act and the Digital Signatures Act set the rules. The "
                "once-only principle was written into law: an agency may not ask a person for data "
                "that already exists in a state register. Each citizen can see in a data tracker "
                "which official looked at their records.",
            ]),
            dict(h="5. Lessons for other countries", b=[
                "Start with the legal obligation to share data, not with the technology.",
                "Keep registers decentralised but make the exchange protocol mandatory.",
                "Combine interoperability with a strong digital identity from the start.",
                "Publish the source code and standards so that neighbours can reuse them; "
                "Finland later adopted the same exchange layer.",
                "Transparency (logs visible to citizens) builds trust in data sharing.",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Rwanda
    dict(
        file="rwanda-irembo-one-stop-portal-case-study-2019.pdf",
        title="Rwanda: A Public-Private Partnership for a National Online Services Portal",
        author="Jean-Claude Habimana (fictional)", org="KB demo corpus",
        year=2019, month=9, date_text="September 2019", lang="en",
        countries=["RWA"], doc_type="case-study",
        topics=["one-stop-shop", "ppp", "e-services", "m-government"],
        sids=[], regions=["Sub-Saharan Africa"], curated=False,
        description="How Rwanda built a single online services portal through a public-private partnership.",
        pages=[
            dict(h="Overview", p=[
                "This illustrative case study looks at how the Government of Rwanda brought "
                "services from many institutions onto a single citizen-facing platform, operated "
                "under a concession by a locally owned technology company.",
                "It is intended for readers interested in financing models for digital services "
                "in low-income countries, and in how a small country can reach rural citizens.",
            ]),
            dict(h="Background: services scattered across institutions", p=[
                "Before the reform, a family registering a birth, applying for a driving test or "
                "requesting a criminal record certificate had to visit several offices, often in "
                "Kigali, and pay in cash. Queues were long and fees were not always receipted.",
                "The national ICT strategy set a target that most government services should be "
                "available online, and that no citizen should have to travel to the capital for "
                "a routine certificate.",
            ]),
            dict(h="Design of the one-stop shop portal", p=[
                "The central idea was a one-stop shop portal: a single website and USSD short code "
                "through which a citizen can find a service, fill in one form, pay by mobile money "
                "and receive the document by SMS or e-mail. Back offices remain in each ministry; "
                "the portal routes applications to them.",
                "The portal called Irembo started with a handful of services and grew to more than "
                "one hundred (illustrative figure). Assisted-access agents in every sector help "
                "people who have no smartphone or cannot read, for a small fee.",
            ], b=[
                "One account, one payment gateway, one notification service",
                "Mobile money and bank cards accepted",
                "Service level agreements published per service",
            ]),
            dict(h="The partnership model", p=[
                "The state did not pay for the platform up front. The operator built and runs it, "
                "and recovers its investment through a small convenience fee on each transaction, "
                "under a build-operate-transfer agreement with a fixed term.",
                "The agreement fixes fee ceilings, data ownership (all data belongs to the "
                "government), uptime requirements and the transfer of source code at the end. "
                "Critics point out the risk of lock-in and the burden of fees on poor households.",
            ]),
            dict(h="Results and open questions", p=[
                "Processing times for certificates fell from weeks to days, and cash handling in "
                "district offices almost disappeared. Mobile money payments made the service "
                "reachable from villages.",
                "Open questions include how to keep the fee affordable, how to integrate the "
                "portal with the national ID system more deeply, and how to measure user "
                "satisfaction beyond transaction counts.",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Fiji
    dict(
        file="fiji-digital-government-strategy-2021.pdf",
        title="Fiji Digital Government Strategy 2021-2026 (Illustrative Draft)",
        author="KB demo corpus", org="KB demo corpus",
        year=2021, month=7, date_text="July 2021", lang="en",
        countries=["FJI"], doc_type="strategy",
        topics=["one-stop-shop", "digital-identity", "digital-inclusion", "disaster-risk", "e-services"],
        sids=["Pacific"], regions=["Melanesia"], curated=True,
        description="Illustrative national digital government strategy for Fiji with five pillars.",
        pages=[
            dict(h="Foreword", p=[
                "Fiji is a nation of more than three hundred islands. Distance, the cost of "
                "travel and the threat of tropical cyclones shape how government reaches people. "
                "This strategy sets out how digital government can bring services closer to "
                "every community, from Suva to the maritime islands.",
                "The strategy was prepared as an illustrative text for the KB demo corpus and "
                "does not represent government policy.",
            ]),
            dict(h="Vision and pillars", p=[
                "Vision: a government that is accessible anytime, anywhere, to every person "
                "in Fiji, in English, iTaukei and Fiji Hindi.",
            ], b=[
                "Pillar 1: digital services through a single access point",
                "Pillar 2: a trusted national digital identity",
                "Pillar 3: connectivity and digital skills for all islands",
                "Pillar 4: resilient systems that keep working during disasters",
                "Pillar 5: data, legislation and institutions",
            ]),
            dict(h="Pillar 1: a one-stop shop portal for citizens and businesses", p=[
                "Government will create a one-stop shop portal, where a citizen can apply for a "
                "birth certificate, renew a driving licence, register a business or pay a utility "
                "bill without visiting several counters in Suva. Each ministry remains responsible "
                "for its service, but all services share one login, one payment channel and one "
                "helpdesk.",
                "Service kiosks in post offices and provincial offices will offer assisted access "
                "for people who are not online. Business licensing will be the first bundle, "
                "followed by social welfare payments.",
            ]),
            dict(h="Pillar 2: digital identity", p=[
                "A national digital identity, linked to the birth registry and the voter "
                "register, will allow people to prove who they are online. Enrolment teams will "
                "visit outer islands by boat. Privacy safeguards and a data protection law will "
                "accompany the roll-out.",
            ]),
            dict(h="Pillar 3 and 4: inclusion and resilience", p=[
                "Community telecentres, affordable data packages and digital literacy courses "
                "for women, older people and persons with disabilities will narrow the digital "
                "divide between urban and rural Fiji.",
                "After Cyclone Winston, several government systems were out of service for weeks. "
                "The strategy requires off-island backups, a cloud-first policy for non-sensitive "
                "systems and a tested continuity plan for every critical service, so that relief "
                "payments and civil registration continue after a cyclone.",
            ]),
            dict(h="Implementation and monitoring", t=[
                ["Milestone", "Target year", "Lead"],
                ["Portal launched with 20 services", "2022", "Digital government unit"],
                ["Digital ID enrolment reaches 50% of adults", "2024", "Civil registry"],
                ["All critical systems with off-island backup", "2023", "ICT agency"],
                ["100 community telecentres operating", "2025", "Ministry of communications"],
            ], after=[
                "Progress will be reported every year to Cabinet and published online.",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Pacific regional
    dict(
        file="pacific-islands-connectivity-e-government-report-2017.pdf",
        title="Connecting the Blue Continent: E-Government in the Pacific Islands",
        author="Losana Vakaloloma and Tomasi Fifita (fictional)", org="KB demo corpus",
        year=2017, month=11, date_text="November 2017", lang="en",
        countries=["FJI", "WSM", "TON", "VUT"], doc_type="report",
        topics=["digital-inclusion", "disaster-risk", "capacity-building", "e-services"],
        sids=["Pacific"], regions=["Melanesia", "Polynesia"], curated=False,
        description="Regional report on connectivity, skills and e-government in Pacific Island countries.",
        pages=[
            dict(h="Introduction", p=[
                "Pacific Island countries share small populations spread across vast ocean "
                "distances. This report reviews how four of them, Fiji, Samoa, Tonga and "
                "Vanuatu, have used digital technology to deliver public services, and what "
                "holds them back.",
                "It draws on illustrative interviews and a desk review. Figures are invented for "
                "the demo corpus.",
            ]),
            dict(h="Submarine cables and the cost of access", p=[
                "The arrival of submarine fibre-optic cables between 2013 and 2018 lowered the "
                "cost of international bandwidth, but outer islands still depend on satellite "
                "links. Mobile broadband covers most of the main islands, while many atolls have "
                "only 2G voice service.",
            ], t=[
                ["Country", "Mobile broadband coverage", "Households online"],
                ["Fiji", "91%", "52%"],
                ["Samoa", "85%", "38%"],
                ["Tonga", "88%", "41%"],
                ["Vanuatu", "70%", "26%"],
            ]),
            dict(h="Government services online", p=[
                "Most ministries publish information on websites, but few services can be "
                "completed online. Samoa and Tonga have started with online payment of fees and "
                "electronic business registration. Vanuatu has piloted a government network "
                "linking provincial centres. A shared regional platform was discussed but not "
                "yet agreed.",
            ]),
            dict(h="Disasters and resilience", p=[
                "Cyclones Pam (Vanuatu, 2015) and Winston (Fiji, 2016) showed that government "
                "information systems and telecommunications fail exactly when they are most "
                "needed. Early warning by SMS, mobile cash transfers to affected households and "
                "satellite backup for emergency operations centres are now regional priorities.",
            ]),
            dict(h="Skills and institutions", p=[
                "Small public services cannot keep large ICT departments. The report recommends "
                "pooling scarce skills regionally, with shared training through regional "
                "universities, twinning between ICT units and joint procurement of software "
                "licences.",
            ], b=[
                "Create a Pacific community of practice for government CIOs",
                "Share model legislation on electronic transactions and data protection",
                "Invest in women's participation in ICT careers",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Barbados legislation
    dict(
        file="barbados-electronic-transactions-act-2003.pdf",
        title="Electronic Transactions Act, 2003 (Illustrative Text Modelled for Barbados)",
        author="KB demo corpus", org="KB demo corpus",
        year=2003, month=5, date_text="May 2003", lang="en",
        countries=["BRB"], doc_type="legislation",
        topics=["legal-framework", "e-services", "digital-identity"],
        sids=["Caribbean"], regions=["Latin America and the Caribbean"], curated=True,
        description="Illustrative electronic transactions act with numbered sections, modelled for a Caribbean state.",
        pages=[
            dict(h="Arrangement of Sections", p=[
                "This text imitates the form of Commonwealth Caribbean legislation. It was drafted "
                "for the KB demo corpus and has no legal force. It is not the law of Barbados.",
            ], b=[
                "Part I - Preliminary: 1. Short title; 2. Interpretation; 3. Application",
                "Part II - Legal recognition: 4. Electronic records; 5. Writing; 6. Signatures; 7. Originals; 8. Retention",
                "Part III - Communication of electronic records: 9. Formation of contracts; 10. Time and place of dispatch",
                "Part IV - Electronic government: 11. Acceptance of electronic filings; 12. Electronic payments to government",
                "Part V - Intermediaries and certification: 13. Liability of intermediaries; 14. Certification service providers",
                "Part VI - Miscellaneous: 15. Offences; 16. Regulations",
            ]),
            dict(h="Part I - Preliminary", p=[
                "1. This Act may be cited as the Electronic Transactions Act, 2003.",
                "2. In this Act, \"electronic record\" means information generated, sent, received "
                "or stored by electronic means; \"electronic signature\" means data in electronic "
                "form attached to or logically associated with an electronic record and used to "
                "identify the signatory; \"public body\" means a ministry, department, statutory "
                "board or local authority.",
                "3. (1) This Act applies to any transaction, whether commercial or not. "
                "(2) This Act does not apply to wills, powers of attorney and the conveyance of "
                "land, or to any other matter excluded by order of the Minister.",
            ]),
            dict(h="Part II - Legal recognition of electronic records", p=[
                "4. Information shall not be denied legal effect, validity or enforceability "
                "solely on the ground that it is in the form of an electronic record.",
                "5. Where a law requires information to be in writing, that requirement is met by "
                "an electronic record if the information is accessible so as to be usable for "
                "subsequent reference.",
                "6. (1) Where a law requires the signature of a person, that requirement is met by "
                "an electronic signature that (a) identifies the person and indicates the person's "
                "approval of the information; and (b) is as reliable as is appropriate for the "
                "purpose. (2) An electronic signature supported by a certificate issued by an "
                "accredited certification service provider is presumed reliable.",
                "7. Where a law requires information to be presented in its original form, that "
                "requirement is met if there is a reliable assurance of the integrity of the "
                "information from the time it was first generated in its final form.",
                "8. A requirement to retain a document is met by retaining an electronic record "
                "that remains accessible and accurately represents the information.",
            ]),
            dict(h="Part III and Part IV - Contracts and electronic government", p=[
                "9. In the formation of a contract, an offer and its acceptance may be expressed "
                "by means of electronic records.",
                "10. Unless otherwise agreed, an electronic record is dispatched when it enters an "
                "information system outside the control of the originator.",
                "11. (1) A public body that is required by law to accept the filing of a document, "
                "the issue of a permit or licence, or the payment of a fee may do so by electronic "
                "means. (2) The Minister may by regulations prescribe the format, the manner of "
                "electronic signature and the form of acknowledgement for electronic filings.",
                "12. A public body may receive and make payments by electronic means, and a "
                "receipt issued electronically shall be valid evidence of payment.",
            ]),
            dict(h="Part V and Part VI - Intermediaries, offences and regulations", p=[
                "13. An intermediary shall not be subject to civil or criminal liability for "
                "third-party material to which it merely provides access, if it has no actual "
                "knowledge that the material is unlawful.",
                "14. (1) No person shall provide certification services to the public unless "
                "accredited by the Authority. (2) The Authority shall keep a public register of "
                "accredited certification service providers.",
                "15. A person who knowingly creates, publishes or uses a false certificate or an "
                "electronic signature of another person without authority commits an offence and "
                "is liable on summary conviction to a fine or to imprisonment.",
                "16. The Minister may make regulations for giving effect to this Act.",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Korea statistics
    dict(
        file="korea-e-government-usage-statistics-2015.pdf",
        title="Republic of Korea: E-Government Service Usage Survey 2015 - Statistical Tables",
        author="Park Ji-won (fictional)", org="KB demo corpus",
        year=2015, month=12, date_text="December 2015", lang="en",
        countries=["KOR"], doc_type="statistics",
        topics=["measurement", "e-services", "m-government"],
        sids=[], regions=["Eastern Asia"], curated=True,
        description="Illustrative statistical tables from a household survey of e-government service use in Korea.",
        pages=[
            dict(h="About this survey", p=[
                "This statistical release presents results of an illustrative household survey on "
                "the use of e-government services in the Republic of Korea. All numbers are "
                "invented for the KB demo corpus.",
                "The sample consisted of 4,000 persons aged 16 to 74, interviewed face to face. "
                "Results are weighted to the population. The margin of error is about 1.5 "
                "percentage points.",
            ]),
            dict(h="Table 1. Use of e-government services by age group", t=[
                ["Age group", "Used any service (%)", "Used on smartphone (%)", "Satisfied (%)"],
                ["16-29", "92.1", "81.4", "84.0"],
                ["30-49", "90.3", "74.8", "82.6"],
                ["50-64", "71.5", "49.2", "80.1"],
                ["65-74", "38.7", "21.3", "77.9"],
                ["Total", "79.6", "63.0", "82.0"],
            ], after=[
                "The gap between the youngest and oldest groups remains the largest divide in "
                "e-government use.",
            ]),
            dict(h="Table 2. Most used services", t=[
                ["Service", "Users (%)", "Main channel"],
                ["Year-end tax settlement", "58.2", "Web"],
                ["Civil documents issuance (Minwon24)", "47.5", "Web / kiosk"],
                ["Health insurance inquiries", "31.0", "Mobile app"],
                ["Traffic fines payment", "22.4", "Mobile app"],
                ["Online petitions (e-People)", "9.6", "Web"],
            ]),
            dict(h="Mobile government", p=[
                "Smartphone use for government services grew fastest. Respondents most often "
                "cited mobile authentication, push notifications of deadlines and mobile payment "
                "as reasons to prefer the app. Concerns about security of mobile certificates "
                "were mentioned by one in five non-users.",
            ]),
            dict(h="Methodological notes", p=[
                "Definitions follow the international household survey model for ICT use. "
                "\"E-government service\" means any interaction with a public body through the "
                "internet, including information search, download of forms and complete "
                "transactions. Satisfaction is measured on a five-point scale; the table reports "
                "the top two categories.",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ India
    dict(
        file="india-digital-identity-mobile-services-report-2016.pdf",
        title="Identity, Payments and Mobile Phones: Lessons from India's Digital Public Infrastructure",
        author="Ananya Rao (fictional)", org="KB demo corpus",
        year=2016, month=2, date_text="February 2016", lang="en",
        countries=["IND"], doc_type="report",
        topics=["digital-identity", "m-government", "digital-inclusion", "e-services"],
        sids=[], regions=["Southern Asia"], curated=False,
        description="Report on India's biometric identity, payments interface and mobile service delivery.",
        pages=[
            dict(h="Executive summary", p=[
                "India has built shared digital building blocks at population scale: a biometric "
                "identity number, an interoperable payments interface and a platform for mobile "
                "government services. This illustrative report examines how these blocks changed "
                "the delivery of subsidies and public services, and what risks they raise.",
            ]),
            dict(h="A unique identity for more than a billion people", p=[
                "The Aadhaar programme enrolled residents with fingerprints, iris scans and a "
                "photograph, and issued a twelve-digit number. Enrolment was voluntary in law "
                "but became a practical requirement for many services.",
                "Online authentication lets a ration shop or a bank agent confirm a person's "
                "identity with a fingerprint reader connected to a mobile phone. Authentication "
                "failures for manual workers and older people, whose fingerprints are worn, "
                "remain a serious problem for inclusion.",
            ]),
            dict(h="Direct benefit transfers", p=[
                "Linking identity numbers to bank accounts allowed subsidies for cooking gas, "
                "pensions and scholarships to be paid directly into accounts, removing "
                "intermediaries. The government reported large savings from the removal of "
                "duplicate and ghost beneficiaries (figures disputed by researchers).",
            ]),
            dict(h="Mobile government", p=[
                "With more mobile subscriptions than bank accounts, the phone is the main channel. "
                "A unified mobile application brings together hundreds of central and state "
                "services. USSD menus and voice services reach basic phones, and Common Service "
                "Centres run by village entrepreneurs provide assisted access.",
            ]),
            dict(h="Privacy and legal safeguards", p=[
                "Civil society raised concerns about surveillance, data leaks and exclusion. The "
                "Supreme Court's recognition of privacy as a fundamental right shaped later rules "
                "limiting the use of the identity number by private companies.",
            ], b=[
                "Build consent and purpose limitation into identity systems from the start",
                "Always offer an alternative when biometric authentication fails",
                "Publish authentication failure rates by state and by service",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Mauritius
    dict(
        file="mauritius-e-procurement-case-study-2006.pdf",
        title="Mauritius: Moving Public Procurement Online",
        author="Priya Ramdin (fictional)", org="KB demo corpus",
        year=2006, month=10, date_text="October 2006", lang="en",
        countries=["MUS"], doc_type="case-study",
        topics=["e-procurement", "legal-framework", "capacity-building"],
        sids=["AIS"], regions=["Sub-Saharan Africa"], curated=False,
        description="Case study of the introduction of electronic public procurement in Mauritius.",
        pages=[
            dict(h="Introduction", p=[
                "Public procurement accounts for a large share of government spending in "
                "Mauritius, as in most small island developing states. This illustrative case "
                "study follows the first steps of moving tender notices, bid submission and "
                "contract award notices online.",
            ]),
            dict(h="The reform of procurement law", p=[
                "A new Public Procurement Act created an independent procurement office, "
                "standard bidding documents and a review panel for complaints. The act allowed "
                "electronic publication of notices and, in a second stage, electronic "
                "submission of bids.",
            ]),
            dict(h="The e-procurement system", p=[
                "The first phase put all tender notices, bidding documents and award decisions on "
                "a public website, free of charge. Suppliers registered once and received alerts "
                "by e-mail. The second phase allowed encrypted electronic bids, opened "
                "automatically at the deadline in the presence of bidders.",
                "Pilot ministries were health, public infrastructure and education.",
            ], t=[
                ["Indicator", "Before (2004)", "After pilot (2006)"],
                ["Average days from notice to award", "120", "85"],
                ["Bids per tender", "3.1", "4.6"],
                ["Complaints to the review panel", "41", "29"],
            ]),
            dict(h="Capacity building for buyers and suppliers", p=[
                "Procurement officers received training in the new law and the electronic tools. "
                "Chambers of commerce ran workshops for small and medium suppliers, many of whom "
                "had never submitted a bid electronically.",
            ]),
            dict(h="Lessons", b=[
                "Transparency gains come first from publishing notices and awards online",
                "Electronic bid submission needs a legal basis for electronic signatures",
                "Small suppliers need help desks and training",
                "Open contracting data allows civil society to monitor spending",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ LAC regional
    dict(
        file="latin-america-caribbean-open-data-report-2020.pdf",
        title="Open Government Data in Latin America and the Caribbean: A Regional Review",
        author="Lucía Fernández and Marcus Campbell (fictional)", org="KB demo corpus",
        year=2020, month=4, date_text="April 2020", lang="en",
        countries=["URY", "CHL", "MEX", "JAM", "DOM"], doc_type="report",
        topics=["open-data", "e-participation", "interoperability", "measurement"],
        sids=["Caribbean"], regions=["Latin America and the Caribbean"], curated=True,
        description="Regional review of open government data policies in five Latin American and Caribbean countries.",
        pages=[
            dict(h="Introduction", p=[
                "Latin America and the Caribbean has been one of the most active regions in open "
                "government. This illustrative review compares open data policies in Uruguay, "
                "Chile, Mexico, Jamaica and the Dominican Republic.",
            ]),
            dict(h="Policy and legal basis", p=[
                "All five countries have access to information laws. Uruguay and Mexico adopted "
                "open-by-default policies requiring agencies to publish datasets in open formats "
                "with open licences. Jamaica and the Dominican Republic rely on action plans "
                "under the Open Government Partnership.",
            ]),
            dict(h="National open data portals", p=[
                "Each country operates a national open data portal. The number of datasets "
                "varies widely, but the more useful indicator is whether high-value datasets "
                "(budgets, procurement, transport, health facilities) are published and updated.",
            ], t=[
                ["Country", "Datasets on portal", "High-value sets updated", "Open licence"],
                ["Uruguay", "2,100", "8 of 10", "Yes"],
                ["Chile", "3,400", "7 of 10", "Yes"],
                ["Mexico", "39,000", "8 of 10", "Yes"],
                ["Jamaica", "300", "4 of 10", "Partly"],
                ["Dominican Republic", "1,200", "5 of 10", "Yes"],
            ], after=["Figures are invented for the demo corpus."]),
            dict(h="Use and reuse", p=[
                "Hackathons, civic technology groups and journalists are the main reusers. "
                "Examples include budget visualisations, maps of school performance and apps "
                "that track public transport. Reuse by government itself remains low.",
                "Interoperability between agency systems and the portal, through automated "
                "harvesting rather than manual uploads, is the main factor that keeps datasets "
                "up to date.",
            ]),
            dict(h="Recommendations", b=[
                "Publish procurement and budget data in the Open Contracting Data Standard",
                "Automate publication from source systems",
                "Measure reuse, not only the number of datasets",
                "Support Caribbean small island states through shared regional portals",
                "Link open data to e-participation platforms so citizens can comment on data",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Uruguay (Spanish)
    dict(
        file="uruguay-guia-interoperabilidad-2010.pdf",
        title="Guía de interoperabilidad para organismos públicos de Uruguay",
        author="Martín Pereira (ficticio)", org="KB demo corpus",
        year=2010, month=8, date_text="agosto de 2010", lang="es",
        countries=["URY"], doc_type="guideline",
        topics=["interoperability", "digital-identity", "whole-of-government"],
        sids=[], regions=["Latin America and the Caribbean"], curated=False,
        description="Guía ilustrativa sobre la plataforma de interoperabilidad y la firma electrónica en Uruguay.",
        pages=[
            dict(h="Presentación", p=[
                "Esta guía explica a los organismos públicos de Uruguay cómo conectar sus "
                "sistemas a la plataforma de interoperabilidad del Estado. Es un texto "
                "ilustrativo escrito para el corpus de demostración de KB.",
                "Está dirigida a responsables de tecnologías de la información, abogados y "
                "gestores de trámites.",
            ]),
            dict(h="1. ¿Qué es la plataforma de interoperabilidad?", p=[
                "La plataforma permite que los organismos intercambien información de forma "
                "segura mediante servicios web, sin que el ciudadano tenga que llevar "
                "certificados en papel de una oficina a otra.",
                "Cada organismo publica sus servicios en un catálogo común. Los mensajes se "
                "firman y quedan registrados, y el acceso se controla según la finalidad "
                "prevista por la ley de protección de datos personales.",
            ]),
            dict(h="2. Pasos para incorporarse", b=[
                "Firmar el acuerdo de adhesión con la agencia de gobierno electrónico",
                "Designar un responsable técnico y un responsable jurídico",
                "Describir los servicios en el catálogo con su base legal",
                "Obtener los certificados digitales del organismo",
                "Realizar pruebas en el entorno de preproducción",
            ]),
            dict(h="3. Identificación electrónica y firma", p=[
                "La cédula de identidad con chip permite a las personas autenticarse y firmar "
                "electrónicamente. La firma electrónica avanzada tiene la misma validez que la "
                "firma manuscrita. Los trámites en línea deben aceptar la cédula electrónica y "
                "otros medios de identificación reconocidos.",
            ]),
            dict(h="4. Trámites en línea y ventanilla única", p=[
                "El objetivo es que todos los trámites de la administración central puedan "
                "iniciarse en línea. La interoperabilidad hace posible una ventanilla única: el "
                "ciudadano presenta su solicitud una sola vez y los organismos obtienen entre sí "
                "los datos necesarios.",
            ], t=[
                ["Estándar", "Uso"],
                ["Servicios web SOAP / REST", "Intercambio entre organismos"],
                ["XML firmado", "Integridad de mensajes"],
                ["Certificados X.509", "Identificación de organismos"],
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Singapore
    dict(
        file="singapore-cybersecurity-guidelines-agencies-2023.pdf",
        title="Cybersecurity Guidelines for Government Agencies: A Whole-of-Government Approach",
        author="Daniel Tan (fictional)", org="KB demo corpus",
        year=2023, month=5, date_text="May 2023", lang="en",
        countries=["SGP"], doc_type="guideline",
        topics=["cybersecurity", "whole-of-government", "capacity-building"],
        sids=["AIS"], regions=["South-eastern Asia"], curated=False,
        description="Illustrative cybersecurity guideline for public agencies in Singapore.",
        pages=[
            dict(h="Purpose and scope", p=[
                "These illustrative guidelines describe baseline cybersecurity practices for "
                "ministries, statutory boards and their contractors in Singapore. They were "
                "written for the KB demo corpus and are not an official instruction manual.",
            ]),
            dict(h="1. Governance", p=[
                "Each agency appoints a chief information security officer who reports to the "
                "permanent secretary. Risks are recorded in a common register and reviewed "
                "quarterly. A central government cyber security operations centre monitors "
                "shared infrastructure around the clock.",
            ]),
            dict(h="2. Baseline controls", b=[
                "Multi-factor authentication for all privileged accounts and remote access",
                "Patch critical vulnerabilities within 14 days",
                "Encrypt personal data at rest and in transit",
                "Segregate internet-facing systems from internal networks",
                "Keep offline backups and test restoration twice a year",
                "Require suppliers to meet the same controls by contract",
            ]),
            dict(h="3. Incident response", p=[
                "Agencies must report a suspected incident to the central response team within "
                "two hours. A playbook for ransomware sets out who decides on isolating systems, "
                "how citizens are informed and when the data protection authority is notified.",
            ], t=[
                ["Severity", "Example", "Report within"],
                ["Critical", "Ransomware on a citizen-facing service", "2 hours"],
                ["High", "Leak of personal data", "24 hours"],
                ["Medium", "Phishing that compromised one account", "3 days"],
            ]),
            dict(h="4. People and skills", p=[
                "Every officer completes yearly phishing awareness training. A cyber talent "
                "programme rotates young engineers through agencies, and red-team exercises test "
                "defences. Small agencies may use shared security services instead of building "
                "their own team.",
            ]),
        ],
    ),
]
