"""Portuguese-language documents of the demo corpus, in several formats (the file
name's extension picks the builder). Illustrative texts written for KB; names,
figures and quotations are invented for the demo and must not be cited."""

DOCS = [
    # ------------------------------------------------------------------ Cabo Verde
    dict(
        file="cabo-verde-balcao-unico-casa-do-cidadao-2015.pdf",
        title="Cabo Verde: o balcão único de atendimento ao cidadão - estudo de caso",
        author="Ana Lúcia Tavares (fictícia)", org="KB demo corpus",
        year=2015, month=3, date_text="março de 2015", lang="pt",
        countries=["CPV"], doc_type="case-study",
        topics=["one-stop-shop", "e-services", "interoperability", "e-business"],
        sids=["AIS"], regions=["Sub-Saharan Africa"], curated=True,
        description="Estudo de caso ilustrativo sobre o balcão único presencial e online para cidadãos e empresas em Cabo Verde.",
        pages=[
            dict(h="Resumo", p=[
                "Este estudo de caso ilustrativo descreve como Cabo Verde, pequeno Estado insular "
                "em desenvolvimento com nove ilhas habitadas, reuniu serviços de vários "
                "organismos num balcão único de atendimento, presencial e online. Foi escrito "
                "para o corpus de demonstração do KB e os números são fictícios.",
            ]),
            dict(h="1. O desafio", p=[
                "Para obter uma certidão, registar uma empresa ou pedir um documento de "
                "identificação, o cidadão tinha de se deslocar a vários serviços, muitas vezes "
                "na cidade da Praia. Para os habitantes das ilhas mais distantes, isso significava "
                "viagens de barco ou de avião e vários dias de ausência do trabalho.",
                "A diáspora cabo-verdiana, tão numerosa como a população residente, dependia dos "
                "consulados para qualquer documento.",
            ]),
            dict(h="2. A solução: um balcão único", p=[
                "O governo criou uma rede de balcões únicos, as casas do cidadão, onde um só "
                "atendente trata pedidos de diferentes organismos: registo civil, registo "
                "comercial, finanças e segurança social. O mesmo catálogo de serviços está "
                "disponível num portal online.",
                "## Empresa no dia",
                "Um serviço de criação de empresa no próprio dia junta o registo comercial, o "
                "número de identificação fiscal e a inscrição na segurança social num único "
                "pedido e num único pagamento.",
                "## A rede tecnológica do Estado",
                "O balcão único só funciona porque os sistemas dos organismos estão ligados pela "
                "rede tecnológica privativa do Estado e por uma plataforma de interoperabilidade, "
                "que permite ao atendente consultar os registos sem pedir papéis ao cidadão.",
            ]),
            dict(h="3. Resultados", t=[
                ["Indicador", "2008", "2014"],
                ["Tempo para criar uma empresa", "52 dias", "1 dia"],
                ["Ilhas com balcão único", "1", "9"],
                ["Pedidos online (percentagem do total)", "0 %", "27 %"],
                ["Satisfação dos utentes", "-", "83 %"],
            ], after=[
                "Os números são ilustrativos. Os utentes destacam o fim das deslocações entre "
                "ilhas; os funcionários pedem mais formação para tratar processos de vários "
                "organismos.",
            ]),
            dict(h="4. Lições para outros pequenos Estados insulares", b=[
                "Um balcão único precisa de integração nos bastidores, não apenas de um balcão comum",
                "Começar pelos serviços mais procurados e alargar aos poucos",
                "Levar o atendimento às ilhas e à diáspora através dos consulados",
                "Investir numa rede do Estado própria e resiliente",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Brasil
    dict(
        file="brasil-identidade-digital-portal-unico-servicos-2022.pptx",
        title="Brasil: identidade digital e portal único de serviços públicos",
        author="Fernanda Albuquerque (fictícia)", org="KB demo corpus",
        year=2022, month=8, date_text="agosto de 2022", lang="pt",
        countries=["BRA"], doc_type="presentation",
        topics=["digital-identity", "one-stop-shop", "e-services", "m-government"],
        sids=[], regions=["Latin America and the Caribbean"], curated=True,
        description="Apresentação ilustrativa sobre o portal único de serviços e a conta de identidade digital no Brasil.",
        pages=[
            dict(h="Ponto de partida", b=[
                "Milhares de sites de órgãos federais, cada um com seu cadastro e sua senha",
                "Serviços pensados a partir da estrutura do governo, não do cidadão",
                "Muitos serviços exigiam ir a um posto de atendimento com documentos em papel",
            ], n="Todos os números desta apresentação são ilustrativos."),
            dict(h="Um portal único para o governo eletrônico", b=[
                "Um endereço, um catálogo de serviços escrito em linguagem simples",
                "Serviços organizados por eventos da vida: nascimento, trabalho, aposentadoria",
                "Avaliação de cada serviço pelo usuário depois do atendimento",
                "Aplicativo para celular com carteira de documentos digitais",
            ]),
            dict(h="A conta de identidade digital", b=[
                "Login único para todos os serviços digitais do governo federal",
                "Níveis de confiança: bronze, prata e ouro, conforme a validação",
                "Validação por biometria facial com a base da carteira de motorista",
                "Assinatura eletrônica de documentos gratuita para o cidadão",
            ], n="Explicar que os níveis de confiança determinam quais serviços cada conta pode usar."),
            dict(h="Resultados (números ilustrativos)", p=["Evolução do portal único"], t=[
                ["Indicador", "2019", "2022"],
                ["Serviços totalmente digitais", "1 800", "4 200"],
                ["Contas de identidade digital", "20 milhões", "130 milhões"],
                ["Economia estimada para o cidadão (R$ bilhões/ano)", "1", "4"],
            ]),
            dict(h="Desafios", b=[
                "Inclusão digital de quem não tem celular ou internet",
                "Proteção de dados pessoais e prevenção de fraudes de identidade",
                "Interoperabilidade com estados e municípios",
                "Manter o atendimento presencial para quem precisa",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Moçambique
    dict(
        file="mocambique-estrategia-governo-electronico-2019.docx",
        title="Moçambique: Estratégia de Governo Electrónico 2019-2023 (versão ilustrativa)",
        author="Celso Macuácua (fictício)", org="KB demo corpus",
        year=2019, month=7, date_text="julho de 2019", lang="pt",
        countries=["MOZ"], doc_type="strategy",
        topics=["e-services", "interoperability", "digital-inclusion", "capacity-building", "broadband"],
        sids=[], regions=["Sub-Saharan Africa"], curated=False,
        description="Estratégia ilustrativa de governo electrónico para Moçambique, com eixos de infraestrutura, serviços, interoperabilidade e inclusão.",
        pages=[
            dict(h="Introdução", p=[
                "Esta estratégia de governo electrónico é um texto ilustrativo escrito para o "
                "corpus de demonstração do KB. Não representa a política do Governo de "
                "Moçambique.",
                "O país tem uma população jovem, dispersa por um território extenso, e uma "
                "administração pública que ainda funciona sobretudo em papel. O telemóvel é o "
                "principal meio de acesso à internet.",
            ]),
            dict(h="Diagnóstico", p=[
                "## Infraestrutura",
                "A rede electrónica do governo liga as capitais provinciais, mas a maioria dos "
                "distritos depende de ligações lentas. Os centros de dados do Estado não têm "
                "cópia de segurança fora do sítio.",
                "## Serviços",
                "Poucos serviços públicos estão disponíveis online. Os cidadãos deslocam-se às "
                "conservatórias, às direcções de finanças e aos balcões de atendimento único "
                "para tratar de documentos.",
                "## Capacidade institucional",
                "Os ministérios têm poucos técnicos de informática, e os sistemas de cada sector "
                "não trocam dados entre si.",
            ]),
            dict(h="Eixos estratégicos", p=[
                "## Eixo 1: infraestrutura e segurança",
                "Alargar a rede electrónica do governo a todos os distritos e criar um centro de "
                "dados de recuperação.",
                "## Eixo 2: serviços públicos digitais",
                "Disponibilizar online os serviços mais procurados: registo de nascimento, "
                "licenciamento de actividades económicas, pagamento de impostos, matrícula "
                "escolar.",
                "## Eixo 3: interoperabilidade",
                "Aprovar um quadro nacional de interoperabilidade e uma plataforma de troca de "
                "dados entre o registo civil, as finanças e a segurança social.",
                "## Eixo 4: inclusão digital e formação",
                "Criar centros multimédia comunitários, conteúdos nas línguas nacionais e um "
                "programa de formação para funcionários públicos.",
            ]),
            dict(h="Monitoria", t=[
                ["Indicador", "Base 2018", "Meta 2023"],
                ["Distritos ligados à rede do governo", "58", "154"],
                ["Serviços disponíveis online", "12", "80"],
                ["Funcionários formados", "400", "5 000"],
                ["Centros multimédia comunitários", "40", "150"],
            ], after=["Os indicadores serão publicados anualmente no portal do governo."]),
        ],
    ),
    # ------------------------------------------------------------------ Timor-Leste
    dict(
        file="timor-leste-dados-abertos-transparencia-orcamental-2021.html",
        title="Timor-Leste: dados abertos e transparência orçamental - relatório de progresso",
        author="Jacinta da Costa Soares (fictícia)", org="KB demo corpus", site="Observatório Digital Lusófono (sítio fictício)",
        year=2021, month=11, day=18, date_text="18 de novembro de 2021", lang="pt",
        countries=["TLS"], doc_type="report",
        topics=["open-data", "transparency-anticorruption", "e-participation"],
        sids=["Pacific"], regions=["South-eastern Asia"], curated=True,
        description="Relatório ilustrativo sobre a publicação de dados abertos do orçamento e a participação cidadã em Timor-Leste.",
        pages=[
            dict(h="Enquadramento", p=[
                "Este relatório de progresso ilustrativo avalia a publicação de dados abertos "
                "sobre o orçamento do Estado em Timor-Leste, pequeno Estado insular em "
                "desenvolvimento. Foi escrito para o corpus de demonstração do KB; os números são "
                "fictícios.",
                "Num país em que grande parte da despesa pública é financiada pelo fundo "
                "petrolífero, saber como o dinheiro é gasto é uma questão central de "
                "transparência.",
            ]),
            dict(h="O portal de transparência", p=[
                "O Ministério das Finanças mantém um portal que publica o orçamento aprovado, a "
                "execução mensal por ministério e os contratos públicos acima de um limiar. Os "
                "dados podem ser descarregados em formatos abertos, em tétum, português e inglês.",
            ], t=[
                ["Conjunto de dados", "Formato", "Actualização"],
                ["Orçamento aprovado", "CSV, PDF", "Anual"],
                ["Execução da despesa", "CSV", "Mensal"],
                ["Contratos públicos", "CSV", "Semanal"],
                ["Ajuda externa", "CSV", "Trimestral"],
            ]),
            dict(h="Quem usa os dados", b=[
                "Jornalistas que acompanham obras de infraestrutura",
                "Organizações da sociedade civil que monitorizam a despesa em saúde e educação",
                "Deputados e comissões parlamentares",
                "Estudantes universitários em concursos de visualização de dados",
            ]),
            dict(h="Participação cidadã", p=[
                "Sessões de orçamento cidadão nos municípios explicam as grandes rubricas e "
                "recolhem sugestões, também por SMS. A participação continua baixa fora de Díli, "
                "onde o acesso à internet é limitado.",
            ]),
            dict(h="Recomendações", b=[
                "Publicar os dados ao nível do suco e da aldeia, e não só por ministério",
                "Adoptar o padrão de dados de contratação aberta para os contratos públicos",
                "Formar funcionários municipais para explicar os dados às comunidades",
                "Medir a reutilização dos dados, e não apenas o número de ficheiros publicados",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Guiné-Bissau
    dict(
        file="guine-bissau-modernizacao-registo-civil-2020.pptx",
        title="Guiné-Bissau: modernização do registo civil e identidade digital",
        author="Braima Sanhá (fictício)", org="KB demo corpus",
        year=2020, month=2, date_text="fevereiro de 2020", lang="pt",
        countries=["GNB"], doc_type="presentation",
        topics=["digital-identity", "records-management", "capacity-building"],
        sids=["AIS"], regions=["Sub-Saharan Africa"], curated=False,
        description="Apresentação ilustrativa sobre a digitalização do registo civil e a identidade digital na Guiné-Bissau.",
        pages=[
            dict(h="Situação actual", b=[
                "Menos de metade das crianças registadas no primeiro ano de vida (número ilustrativo)",
                "Livros de registo em papel, alguns danificados pela humidade",
                "Conservatórias concentradas em Bissau e nas capitais regionais",
                "Ilhas do arquipélago dos Bijagós com acesso muito difícil",
            ], n="Sublinhar que sem registo de nascimento não há bilhete de identidade nem identidade digital."),
            dict(h="O que propomos", b=[
                "Registo electrónico de nascimentos nas maternidades e centros de saúde",
                "Brigadas móveis de registo para as regiões e as ilhas",
                "Digitalização dos livros antigos",
                "Número de identificação único, ligado ao bilhete de identidade",
            ]),
            dict(h="Calendário", p=["Fases do projecto"], t=[
                ["Fase", "Período", "Resultado esperado"],
                ["Piloto em Bissau", "2020", "3 maternidades ligadas"],
                ["Extensão às regiões", "2021-2022", "Todas as regiões com registo electrónico"],
                ["Identidade digital", "2023", "Autenticação online para serviços públicos"],
            ]),
            dict(h="Capacitação", b=[
                "Formação de 120 oficiais do registo civil",
                "Manual de procedimentos em português e crioulo",
                "Apoio técnico de outros pequenos Estados insulares lusófonos, como Cabo Verde",
            ]),
            dict(h="Riscos", b=[
                "Energia eléctrica irregular fora de Bissau",
                "Protecção dos dados pessoais das crianças",
                "Sustentabilidade financeira depois do fim do apoio dos parceiros",
            ], n="Terminar com o pedido de apoio dos parceiros para a fase de extensão."),
        ],
    ),
    # ------------------------------------------------------------------ São Tomé e Príncipe
    dict(
        file="sao-tome-principe-lei-transacoes-eletronicas-2018.pdf",
        title="Lei das Transações Eletrónicas e da Assinatura Digital (texto ilustrativo modelado para São Tomé e Príncipe)",
        author="KB demo corpus", org="KB demo corpus",
        year=2018, month=12, date_text="dezembro de 2018", lang="pt",
        countries=["STP"], doc_type="legislation",
        topics=["legal-framework", "digital-identity", "e-services"],
        sids=["AIS"], regions=["Sub-Saharan Africa"], curated=False,
        description="Texto legislativo ilustrativo sobre documentos eletrónicos, assinatura digital e serviços públicos em linha.",
        pages=[
            dict(h="Nota prévia", p=[
                "Este texto é ilustrativo: foi redigido para o corpus de demonstração do KB e não "
                "reproduz nenhuma lei em vigor em São Tomé e Príncipe.",
                "A Assembleia Nacional decreta, nos termos da Constituição, o seguinte:",
            ]),
            dict(h="Capítulo I - Disposições gerais", p=[
                "Artigo 1.º (Objeto) A presente lei regula a validade e a eficácia dos documentos "
                "eletrónicos e da assinatura digital, bem como a prestação de serviços públicos "
                "por via eletrónica.",
                "Artigo 2.º (Definições) Para efeitos da presente lei, entende-se por: a) "
                "«documento eletrónico», o documento elaborado mediante processamento eletrónico "
                "de dados; b) «assinatura digital», a assinatura eletrónica baseada num "
                "certificado qualificado, que permite identificar o titular e detetar qualquer "
                "alteração posterior do documento.",
            ]),
            dict(h="Capítulo II - Valor dos documentos eletrónicos", p=[
                "Artigo 3.º O documento eletrónico satisfaz o requisito legal de forma escrita "
                "quando o seu conteúdo seja suscetível de representação como declaração escrita.",
                "Artigo 4.º A aposição de uma assinatura digital qualificada a um documento "
                "eletrónico equivale à assinatura autógrafa dos documentos com forma escrita "
                "sobre suporte de papel.",
            ]),
            dict(h="Capítulo III - Serviços públicos em linha", p=[
                "Artigo 5.º Os serviços da administração pública devem aceitar requerimentos "
                "apresentados por via eletrónica e podem notificar os cidadãos por correio "
                "eletrónico, com o seu consentimento.",
                "Artigo 6.º É criado o balcão único eletrónico, através do qual os cidadãos e as "
                "empresas podem aceder aos serviços dos diferentes organismos.",
                "Artigo 7.º Os organismos públicos partilham entre si, através da plataforma de "
                "interoperabilidade, os dados de que necessitam, não podendo exigir ao cidadão "
                "documentos que já se encontrem na posse da administração.",
            ]),
            dict(h="Capítulo IV - Disposições finais", p=[
                "Artigo 8.º O Governo regulamenta a presente lei no prazo de cento e oitenta dias.",
                "Artigo 9.º A presente lei entra em vigor no dia seguinte ao da sua publicação "
                "no Diário da República.",
            ]),
        ],
    ),
]
