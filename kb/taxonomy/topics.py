"""E-government topics: slug, label, and the words that signal each one in
English, French, Spanish and Portuguese (European and Brazilian spellings:
"eletrónico", "eletrônico", and the pre-1990 "electrónico" still common in
Mozambique and Angola).

The term lists are what the topics enricher matches (lowercased, accents kept,
a plural "s"/"es" allowed), so they favour phrases specific to the topic over
single common words: "open data" rather than "data", "e-procurement" rather than
"procurement" alone would be too broad in public-administration papers.
Terms should be written in their singular, lowercase form.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)   # language -> terms

    @property
    def all_terms(self) -> tuple[str, ...]:
        return tuple(t for terms in self.terms.values() for t in terms)


def _t(slug: str, label: str, en: str, fr: str = "", es: str = "") -> Topic:
    """Terms are written as ';'-separated strings to keep the table readable."""
    split = lambda s: tuple(x.strip().lower() for x in s.split(";") if x.strip())  # noqa: E731
    return Topic(slug, label, {"en": split(en), "fr": split(fr), "es": split(es)})


_TOPICS: tuple[Topic, ...] = (
    _t("e-participation", "E-participation",
       "e-participation; eparticipation; citizen participation; public participation; "
       "e-consultation; online consultation; citizen engagement; participatory budgeting; "
       "e-petition; civic engagement; co-creation",
       "participation citoyenne; participation électronique; e-participation; consultation en ligne; "
       "budget participatif; engagement citoyen",
       "participación ciudadana; participación electrónica; e-participación; consulta en línea; "
       "presupuesto participativo"),
    _t("open-data", "Open data",
       "open data; open government data; open data portal; open dataset; data.gov",
       "données ouvertes; open data; ouverture des données",
       "datos abiertos; datos gubernamentales abiertos"),
    _t("digital-identity", "Digital identity",
       "digital identity; digital id; electronic identity; eid; e-id; national id card; "
       "identity management; electronic signature; e-signature; digital signature; "
       "civil registration; unique identifier",
       "identité numérique; identité électronique; signature électronique; carte d'identité électronique; "
       "état civil",
       "identidad digital; identidad electrónica; firma electrónica; firma digital; "
       "cédula de identidad electrónica; registro civil"),
    _t("interoperability", "Interoperability",
       "interoperability; interoperable; data exchange; government service bus; x-road; "
       "enterprise architecture; data sharing; once-only",
       "interopérabilité; interopérable; échange de données; partage de données",
       "interoperabilidad; interoperable; intercambio de datos; arquitectura empresarial"),
    _t("cybersecurity", "Cybersecurity",
       "cybersecurity; cyber security; cyber-security; information security; cert; csirt; "
       "cybercrime; cyber attack; cyber resilience",
       "cybersécurité; sécurité informatique; sécurité de l'information; cybercriminalité",
       "ciberseguridad; seguridad de la información; seguridad informática; ciberdelito; "
       "ciberdelincuencia"),
    _t("digital-inclusion", "Digital inclusion",
       "digital inclusion; digital divide; digital literacy; digital skill; accessibility; "
       "persons with disabilities; vulnerable group; leave no one behind; e-inclusion",
       "inclusion numérique; fracture numérique; littératie numérique; compétences numériques; "
       "accessibilité",
       "inclusión digital; brecha digital; alfabetización digital; habilidades digitales; "
       "accesibilidad"),
    _t("one-stop-shop", "One-stop shops and service delivery",
       "one-stop shop; one stop shop; one-stop-shop; single window; service delivery; "
       "citizen service centre; citizen service center; integrated service delivery; "
       "front office; service centre",
       "guichet unique; guichets uniques; prestation de services; maison de services",
       "ventanilla única; ventanillas únicas; prestación de servicios; centro de atención ciudadana"),
    _t("e-services", "Online public services",
       "e-service; online service; electronic service; digital service; online public service; "
       "government portal; e-government portal; service portal; transactional service",
       "service en ligne; services en ligne; téléservice; service public en ligne; portail gouvernemental",
       "servicio en línea; servicios en línea; trámite en línea; trámites en línea; servicio digital; "
       "portal del estado; portal gubernamental"),
    _t("whole-of-government", "Whole-of-government and institutional coordination",
       "whole-of-government; whole of government; joined-up government; government cio; "
       "chief information officer; institutional framework; coordination mechanism; "
       "integrated government",
       "approche pangouvernementale; coordination interministérielle; gouvernement intégré",
       "gobierno integrado; enfoque de gobierno integral; coordinación interinstitucional"),
    _t("ppp", "Public-private partnerships",
       "public-private partnership; public private partnership; ppp; private sector partner",
       "partenariat public-privé; partenariats public-privé; ppp",
       "asociación público-privada; alianza público-privada; app"),
    _t("e-procurement", "E-procurement",
       "e-procurement; electronic procurement; eprocurement; public procurement; e-tendering; "
       "electronic tendering; procurement portal",
       "marchés publics; passation électronique des marchés; dématérialisation des marchés",
       "compras públicas; contratación pública; compras electrónicas; contratación electrónica; "
       "licitación electrónica"),
    _t("legal-framework", "Legal and regulatory framework",
       "legal framework; regulatory framework; legislation; e-transactions act; "
       "electronic transactions act; law reform; cyber law",
       "cadre juridique; cadre réglementaire; législation; loi sur les transactions électroniques",
       "marco legal; marco jurídico; marco normativo; marco regulatorio; legislación"),
    _t("m-government", "Mobile government",
       "m-government; mobile government; mgovernment; mobile service; sms; mobile app; "
       "mobile phone; mobile money; ussd",
       "gouvernement mobile; m-gouvernement; téléphone mobile; application mobile",
       "gobierno móvil; m-gobierno; telefonía móvil; aplicación móvil"),
    _t("capacity-building", "Capacity building",
       "capacity building; capacity-building; capacity development; training programme; "
       "training program; civil servant training; public sector skill; human resource development",
       "renforcement des capacités; renforcement de capacités; formation des fonctionnaires",
       "desarrollo de capacidades; fortalecimiento de capacidades; creación de capacidades; "
       "capacitación de funcionarios"),
    _t("measurement", "Measurement and indicators",
       "e-government development index; egdi; online service index; indicator; benchmarking; "
       "ranking; maturity model; assessment framework; monitoring and evaluation; "
       "key performance indicator",
       "indicateur; indice de développement de l'administration en ligne; évaluation; classement",
       "indicador; índice de desarrollo del gobierno electrónico; medición; evaluación comparativa"),
    _t("disaster-risk", "Disaster risk and resilience",
       "disaster risk; disaster management; disaster risk reduction; early warning; emergency "
       "response; climate change; resilience; natural hazard; hurricane; cyclone; tsunami",
       "risque de catastrophe; gestion des catastrophes; alerte précoce; changement climatique; "
       "résilience",
       "riesgo de desastres; gestión de desastres; alerta temprana; cambio climático; resiliencia"),
    _t("e-health", "E-health",
       "e-health; ehealth; digital health; telemedicine; telehealth; health information system; "
       "electronic health record; mhealth",
       "e-santé; santé numérique; télémédecine; dossier médical électronique",
       "salud digital; salud electrónica; telemedicina; historia clínica electrónica"),
    _t("e-education", "E-education",
       "e-learning; elearning; e-education; digital education; online learning; distance learning; "
       "school connectivity; ict in education; edtech",
       "éducation numérique; apprentissage en ligne; enseignement à distance; formation en ligne",
       "educación digital; aprendizaje en línea; educación a distancia; aprendizaje electrónico"),
    _t("data-protection", "Data protection and privacy",
       "data protection; personal data; privacy; data privacy; gdpr; data protection authority",
       "protection des données; données personnelles; données à caractère personnel; vie privée",
       "protección de datos; datos personales; privacidad"),
    _t("broadband", "Connectivity and infrastructure",
       "broadband; connectivity; internet access; ict infrastructure; fibre optic; fiber optic; "
       "submarine cable; telecommunication; mobile network; data centre; data center",
       "haut débit; connectivité; accès à internet; infrastructure numérique; fibre optique; "
       "télécommunications",
       "banda ancha; conectividad; acceso a internet; infraestructura digital; fibra óptica; "
       "telecomunicaciones"),
    _t("e-taxation", "E-taxation and customs",
       "e-taxation; e-tax; electronic tax; online tax filing; tax administration; e-filing; "
       "customs automation; asycuda; revenue authority",
       "fiscalité électronique; télédéclaration; déclaration en ligne; administration fiscale; douane",
       "impuestos en línea; factura electrónica; administración tributaria; declaración en línea; aduana"),
    _t("e-justice", "E-justice",
       "e-justice; ejustice; e-court; electronic court; judiciary; case management system; "
       "court automation; justice sector",
       "justice électronique; e-justice; tribunal; système judiciaire",
       "justicia electrónica; e-justicia; poder judicial; expediente judicial electrónico"),
    _t("digital-strategy", "Digital transformation strategy",
       "digital transformation; digital strategy; e-government strategy; digital government strategy; "
       "national ict policy; ict strategy; digital agenda; digital economy",
       "transformation numérique; transformation digitale; stratégie numérique; "
       "stratégie nationale du numérique; agenda numérique",
       "transformación digital; estrategia digital; agenda digital; estrategia de gobierno digital; "
       "economía digital"),
    _t("cloud", "Cloud computing",
       "cloud computing; cloud; government cloud; g-cloud; cloud-first; shared infrastructure",
       "informatique en nuage; nuage gouvernemental; cloud",
       "computación en la nube; nube gubernamental; nube"),
    _t("transparency-anticorruption", "Transparency and anti-corruption",
       "transparency; anti-corruption; anticorruption; corruption; accountability; "
       "access to information; freedom of information; open government partnership; integrity",
       "transparence; lutte contre la corruption; corruption; redevabilité; accès à l'information",
       "transparencia; anticorrupción; corrupción; rendición de cuentas; acceso a la información"),
    _t("local-government", "Local government",
       "local government; municipality; municipal; city council; decentralisation; decentralization; "
       "smart city; local authority",
       "collectivités locales; collectivité territoriale; commune; municipalité; décentralisation; "
       "ville intelligente",
       "gobierno local; municipio; municipalidad; alcaldía; descentralización; ciudad inteligente"),
    _t("gender", "Gender",
       "gender; women; gender equality; gender gap; girls; women's empowerment",
       "genre; femmes; égalité des sexes; égalité femmes-hommes",
       "género; mujeres; igualdad de género; brecha de género"),
    _t("ai", "Artificial intelligence",
       "artificial intelligence; machine learning; ai; chatbot; algorithm; automated decision",
       "intelligence artificielle; apprentissage automatique; ia",
       "inteligencia artificial; aprendizaje automático; ia"),
    _t("e-voting", "E-voting and elections",
       "e-voting; electronic voting; online voting; voter registration; election management; "
       "electoral commission; biometric voter",
       "vote électronique; inscription électorale; commission électorale",
       "voto electrónico; registro electoral; padrón electoral; organismo electoral"),
    _t("records-management", "Records and archives",
       "records management; electronic records; digital archive; document management system; "
       "e-archive; digitisation; digitization",
       "gestion des archives; archivage électronique; numérisation; gestion documentaire",
       "gestión documental; archivo digital; digitalización; expediente electrónico"),
    _t("e-business", "Business registration and e-commerce",
       "business registration; company registration; e-commerce; ease of doing business; "
       "business licensing; msme; sme",
       "création d'entreprise; registre du commerce; commerce électronique",
       "registro de empresas; comercio electrónico; apertura de empresas; pyme; mipyme"),
)

# Broader cues, added after measuring recall on the labelled set
# (`bench/enrich_eval.py`): the words practitioners actually use for a theme
# ("training" for capacity building, "portal" for online services, "law" for
# the legal framework) beside the textbook names above. Each is still specific
# enough to the theme in public-administration writing; the enricher's
# per-length threshold keeps a single passing use from tagging a long document.
_MORE_TERMS: dict[str, tuple[str, str, str]] = {
    "e-participation": ("public consultation; consultation; participation; participatory; citizen feedback; "
                        "feedback from citizens; civil society; crowdsourcing; comments from the public",
                        "consultation publique; concertation; société civile",
                        "consulta pública; sociedad civil; participación"),
    "open-data": ("open government; dataset; data catalog; data catalogue; machine-readable; "
                  "publish data; open format", "jeu de données; données publiques", "conjunto de datos"),
    "digital-identity": ("identity card; identification; authentication; single sign-on; sign-in; "
                         "identity number; digital certificate; mobile signature; identity system",
                         "identification; authentification; carte d'identité", "identificación; autenticación"),
    "interoperability": ("exchange data; share data; shared data; shared platform; service bus; api; "
                         "web service; back-office integration; system integration; data model",
                         "échanger des données; données partagées", "compartir datos; integración de sistemas"),
    "digital-inclusion": ("rural; outer island; remote communities; older people; elderly; underserved; "
                          "last mile; assisted digital; non-digital; offline alternative",
                          "zones rurales; personnes âgées", "zonas rurales; adultos mayores"),
    "e-services": ("portal; services online; online payment; e-payment; electronic payment; pay online; "
                   "apply online; online application; digital public service; public services online; "
                   "online channel; government app; e-government service",
                   "portail; démarche en ligne; démarches en ligne; paiement en ligne; voie électronique; "
                   "téléprocédure; mise en ligne",
                   "portal; trámite digital; trámites digitales; servicios digitales; pago en línea; "
                   "vía electrónica; medios electrónicos; trámites digitalizados"),
    "whole-of-government": ("coordination; inter-agency; cross-agency; government-wide; cross-government; "
                            "steering committee; all ministries; all agencies",
                            "coordination; interministériel", "coordinación; interinstitucional"),
    "ppp": ("private sector; private operator; concession; build-operate-transfer; private partner",
            "secteur privé; concession", "sector privado; concesión"),
    "e-procurement": ("procurement; tender; tendering; bidder; procurement portal",
                      "appel d'offres; marché public", "licitación; compras del estado"),
    "legal-framework": ("law; legal; bill; decree; legal basis; legal recognition; legal obligation; "
                        "draft law; new law",
                        "loi; décret; juridique; réglementation", "ley; decreto; jurídico; normativa"),
    "m-government": ("smartphone; mobile; mobile payment; mobile subscription; text message",
                     "mobile; smartphone; téléphone portable", "celular; teléfono móvil; móvil"),
    "capacity-building": ("training; trained; capacity assessment; institutional capacity; skills; "
                          "civil servants; public servants; staff capacity; curriculum",
                          "formation; compétences; fonctionnaires", "capacitación; formación; funcionarios"),
    "measurement": ("statistic; metric; benchmark; monitoring; usage rate; performance indicator",
                    "statistique; suivi", "estadística; seguimiento"),
    "cybersecurity": ("cyber incident; incident response; malware; ransomware; phishing; cyber threat",
                      "incident cyber; rançongiciel", "incidente cibernético"),
    "records-management": ("paper records; scanned; scanning; record keeping; registers",
                           "archives; registres", "archivos; registros"),
    "e-business": ("start a business; starting a business; register a business; registering a business; "
                   "business registry; commercial registry; entrepreneur; investment",
                   "entreprise; entrepreneur; registre de commerce",
                   "empresa; registro mercantil; emprendedor; inversión"),
    "cloud": ("cloud service; hosted abroad; hosting", "hébergement", "alojamiento"),
}


# Portuguese: the textbook names and the broader cues together, the same kinds
# of words as the English, French and Spanish lists above (spellings checked
# against the thesaurus, kb/taxonomy/thesaurus.tsv). Plurals that change more
# than an added "s" ("balcões", "telemóveis") are written out.
_PORTUGUESE: dict[str, str] = {
    "e-participation": "participação cidadã; participação dos cidadãos; participação pública; "
                       "participação eletrónica; participação eletrônica; participação electrónica; "
                       "e-participação; participação digital; consulta pública; consulta online; "
                       "consulta em linha; orçamento participativo; participação; sociedade civil",
    "open-data": "dados abertos; dados abertos governamentais; dados governamentais abertos; "
                 "portal de dados abertos; abertura de dados; governo aberto; conjunto de dados; "
                 "conjuntos de dados; formato aberto; formatos abertos; dados públicos",
    "digital-identity": "identidade digital; identidade eletrónica; identidade eletrônica; "
                        "identidade electrónica; assinatura eletrónica; assinatura eletrônica; "
                        "assinatura electrónica; assinatura digital; cartão de cidadão; bilhete de identidade; "
                        "carteira de identidade; registo civil; registro civil; número de identificação; "
                        "identificação; autenticação; certificado digital; login único",
    "interoperability": "interoperabilidade; interoperável; troca de dados; intercâmbio de dados; "
                        "partilha de dados; compartilhamento de dados; plataforma de interoperabilidade; "
                        "quadro de interoperabilidade; arquitetura empresarial; arquitectura empresarial; "
                        "integração de sistemas",
    "cybersecurity": "cibersegurança; segurança cibernética; segurança da informação; segurança informática; "
                     "cibercrime; cibercriminalidade; crime informático; incidente cibernético",
    "digital-inclusion": "inclusão digital; exclusão digital; fosso digital; literacia digital; "
                         "letramento digital; alfabetização digital; competências digitais; acessibilidade; "
                         "pessoas com deficiência; zonas rurais; áreas rurais; idosos; telecentro; "
                         "centro multimédia comunitário; centros multimédia comunitários",
    "one-stop-shop": "balcão único; balcões únicos; loja do cidadão; casa do cidadão; casas do cidadão; "
                     "atendimento ao cidadão; prestação de serviços; balcão de atendimento; "
                     "balcões de atendimento; posto de atendimento; janela única; portal único",
    "e-services": "serviço online; serviços online; serviço em linha; serviços em linha; "
                  "serviços públicos online; serviços públicos em linha; serviço digital; serviços digitais; "
                  "serviços públicos digitais; serviços eletrónicos; serviços eletrônicos; portal; "
                  "portal do cidadão; portal do governo; pagamento online; pagamento eletrónico; "
                  "pagamento eletrônico; via eletrónica; via eletrônica; disponível online; disponíveis online",
    "whole-of-government": "governo integrado; abordagem de governo integrado; coordenação; "
                           "coordenação interministerial; interinstitucional; todos os ministérios",
    "ppp": "parceria público-privada; parcerias público-privadas; setor privado; sector privado; "
           "concessão; parceiro privado",
    "e-procurement": "contratação pública; contratação pública eletrónica; contratação pública eletrônica; "
                     "compras públicas; compras públicas eletrónicas; compras públicas eletrônicas; "
                     "compras governamentais; licitação; licitação eletrónica; licitação eletrônica; "
                     "pregão eletrônico; concurso público",
    "legal-framework": "quadro legal; quadro jurídico; enquadramento legal; enquadramento jurídico; marco legal; "
                       "quadro regulamentar; legislação; lei; decreto; jurídico; regulamentação; base legal",
    "m-government": "governo móvel; m-governo; telemóvel; telemóveis; celular; telefone móvel; "
                    "aplicação móvel; aplicativo; dinheiro móvel; pagamentos móveis",
    "capacity-building": "capacitação; desenvolvimento de capacidades; reforço de capacidades; "
                         "fortalecimento de capacidades; formação; funcionários públicos; servidores públicos; "
                         "competências",
    "measurement": "indicador; índice de desenvolvimento do governo eletrónico; avaliação comparativa; "
                   "monitorização e avaliação; monitoramento e avaliação; estatística",
    "disaster-risk": "risco de desastres; gestão de desastres; redução do risco de desastres; alerta precoce; "
                     "alterações climáticas; mudanças climáticas; resiliência; ciclone; furacão; tsunami",
    "e-health": "saúde digital; e-saúde; saúde eletrónica; saúde eletrônica; telemedicina; telessaúde; "
                "processo clínico eletrónico; prontuário eletrônico",
    "e-education": "educação digital; ensino a distância; educação a distância; aprendizagem online; "
                   "ensino online",
    "data-protection": "proteção de dados; protecção de dados; proteção de dados pessoais; dados pessoais; "
                       "privacidade",
    "broadband": "banda larga; conectividade; acesso à internet; infraestrutura digital; fibra ótica; "
                 "fibra óptica; cabo submarino; telecomunicações; rede móvel; centro de dados; centros de dados",
    "e-taxation": "tributação eletrónica; administração tributária; declaração eletrónica; "
                  "declaração eletrônica; declaração online; impostos online; fatura eletrónica; "
                  "nota fiscal eletrônica; alfândega",
    "e-justice": "justiça eletrónica; justiça eletrônica; e-justiça; justiça digital; tribunal; tribunais; "
                 "sistema judicial; processo judicial eletrônico",
    "digital-strategy": "transformação digital; estratégia digital; estratégia de governo digital; "
                        "agenda digital; economia digital; estratégia nacional de tic",
    "cloud": "computação em nuvem; nuvem governamental; serviços em nuvem; nuvem; alojamento",
    "transparency-anticorruption": "transparência; anticorrupção; combate à corrupção; "
                                   "luta contra a corrupção; corrupção; prestação de contas; "
                                   "acesso à informação; responsabilização",
    "local-government": "governo local; poder local; autarquia; município; municipal; câmara municipal; "
                        "descentralização; cidade inteligente",
    "gender": "género; gênero; mulheres; igualdade de género; igualdade de gênero; raparigas; meninas",
    "ai": "inteligência artificial; aprendizagem automática; aprendizado de máquina; ia",
    "e-voting": "voto eletrónico; voto eletrônico; votação eletrónica; votação eletrônica; urna eletrônica; "
                "recenseamento eleitoral; registo eleitoral; comissão eleitoral",
    "records-management": "gestão documental; gestão de arquivos; arquivo digital; arquivos digitais; "
                          "arquivo eletrónico; digitalização; livro de registo; livros de registo; "
                          "registos em papel",
    "e-business": "registo comercial; registro comercial; registo de empresas; registro de empresas; "
                  "criação de empresa; criação de empresas; comércio eletrónico; comércio eletrônico; "
                  "empresa; empreendedor; investimento",
}


def _split(terms: str) -> tuple[str, ...]:
    return tuple(x.strip().lower() for x in terms.split(";") if x.strip())


def _merge(topic: Topic) -> Topic:
    more = _MORE_TERMS.get(topic.slug, ("", "", ""))
    extra = dict(zip(("en", "fr", "es"), (_split(m) for m in more)))
    extra["pt"] = _split(_PORTUGUESE.get(topic.slug, ""))
    terms = {lang: tuple(dict.fromkeys(topic.terms.get(lang, ()) + extra.get(lang, ())))
             for lang in ("en", "fr", "es", "pt")}
    return Topic(topic.slug, topic.label, terms)


TOPICS: dict[str, Topic] = {t.slug: _merge(t) for t in _TOPICS}


def label(slug: str) -> str:
    """Display label; an unknown slug is shown as stored."""
    t = TOPICS.get(slug)
    return t.label if t else slug
