"""Spanish-language documents of the demo corpus, in several formats (the file
name's extension picks the builder). Illustrative texts written for KB; names,
figures and quotations are invented for the demo and must not be cited."""

DOCS = [
    # ------------------------------------------------------------------ Perú
    dict(
        file="peru-ventanilla-unica-servicios-estudio-de-caso-2017.pdf",
        title="Perú: una ventanilla única digital para los trámites del Estado - estudio de caso",
        author="Rosa Huamán Quispe (ficticia)", org="KB demo corpus",
        year=2017, month=9, date_text="septiembre de 2017", lang="es",
        countries=["PER"], doc_type="case-study",
        topics=["one-stop-shop", "e-services", "interoperability", "digital-identity"],
        sids=[], regions=["Latin America and the Caribbean"], curated=False,
        description="Estudio de caso ilustrativo sobre la integración de los portales del Estado peruano en una ventanilla única digital.",
        pages=[
            dict(h="Resumen", p=[
                "Este estudio de caso ilustrativo describe cómo el Perú pasó de cientos de "
                "portales institucionales a una ventanilla única digital para la ciudadanía. Fue "
                "escrito para el corpus de demostración de KB; las cifras son inventadas.",
                "Se organiza en cuatro partes: el desafío, la solución, los resultados y las "
                "lecciones aprendidas para otros programas de gobierno electrónico.",
            ]),
            dict(h="1. El desafío", p=[
                "Cada ministerio, organismo y municipalidad tenía su propio sitio web, con "
                "diseños, direcciones y formas de pago distintas. Una persona que quería renovar "
                "su pasaporte, inscribir a su hijo en el colegio o pedir un certificado de "
                "antecedentes debía averiguar primero qué entidad era competente.",
                "Muchos trámites solo podían iniciarse en Lima, y la población de las regiones "
                "andinas y amazónicas debía viajar durante horas para completar un procedimiento "
                "sencillo.",
            ], b=[
                "Más de 1.800 portales institucionales (cifra ilustrativa)",
                "Requisitos repetidos: copias del DNI y certificados emitidos por el propio Estado",
                "Poca información en quechua, aimara u otras lenguas originarias",
            ]),
            dict(h="2. La solución: una plataforma única", p=[
                "La secretaría de gobierno digital creó una plataforma única con un dominio común, "
                "un catálogo de trámites escrito en lenguaje claro y una sola cuenta ciudadana. "
                "La ventanilla única no reemplaza a las entidades: cada una sigue siendo "
                "responsable de su procedimiento, pero lo publica con un formato común.",
                "## Interoperabilidad",
                "La plataforma de interoperabilidad del Estado permite que las entidades consulten "
                "entre sí datos de identidad, de empresas y de propiedad, de modo que la persona "
                "no tenga que presentar documentos que el Estado ya posee.",
                "## Identidad digital",
                "El DNI electrónico y un sistema de autenticación con contraseña y código por SMS "
                "permiten iniciar sesión y firmar digitalmente las solicitudes.",
            ]),
            dict(h="3. Resultados", p=[
                "Las cifras siguientes son inventadas para el corpus de demostración.",
            ], t=[
                ["Indicador", "2015", "2017"],
                ["Trámites descritos en la ventanilla única", "0", "2.400"],
                ["Trámites que pueden iniciarse en línea", "310", "920"],
                ["Visitas mensuales a la plataforma", "-", "3,5 millones"],
                ["Satisfacción de usuarios (encuesta)", "-", "71 %"],
            ], after=[
                "Las municipalidades pequeñas fueron las más lentas en incorporarse, por falta de "
                "personal técnico y de conectividad.",
            ]),
            dict(h="4. Lecciones aprendidas", b=[
                "Empezar por la información: describir bien los trámites ya ahorra viajes",
                "Un estándar de diseño obligatorio evita que cada entidad reconstruya su portal",
                "La interoperabilidad es la condición para no pedir papeles al ciudadano",
                "Mantener canales presenciales y telefónicos para quienes no usan internet",
                "Medir la satisfacción, no solo el número de trámites digitalizados",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Colombia
    dict(
        file="colombia-guia-datos-abiertos-entidades-2019.html",
        title="Guía para la apertura de datos abiertos en entidades públicas de Colombia",
        author="Andrés Felipe Restrepo (ficticio)", org="KB demo corpus", site="Red de Práctica en Gobierno Digital (sitio ficticio)",
        year=2019, month=4, day=10, date_text="10 de abril de 2019", lang="es",
        countries=["COL"], doc_type="guideline",
        topics=["open-data", "e-participation", "transparency-anticorruption"],
        sids=[], regions=["Latin America and the Caribbean"], curated=False,
        description="Guía ilustrativa, paso a paso, para que las entidades públicas colombianas publiquen datos abiertos.",
        pages=[
            dict(h="Para qué sirve esta guía", p=[
                "Esta guía ilustrativa acompaña a las entidades públicas de Colombia en la "
                "publicación de datos abiertos: información pública en formatos reutilizables, con "
                "licencia abierta, que cualquier persona puede usar. Fue escrita para el corpus de "
                "demostración de KB y no es un documento oficial.",
            ]),
            dict(h="Paso 1: inventariar los datos", p=[
                "Cada entidad elabora un inventario de sus conjuntos de datos: qué información "
                "produce, en qué sistema se guarda, quién es responsable y con qué frecuencia se "
                "actualiza. El inventario identifica también los datos reservados o personales, "
                "que no se publican.",
            ]),
            dict(h="Paso 2: priorizar", p=[
                "Se priorizan los datos de alto valor, los que más piden la ciudadanía, los "
                "periodistas y las empresas: presupuesto y ejecución, contratación pública, "
                "ubicación de servicios de salud y educación, transporte y calidad del aire.",
            ], t=[
                ["Criterio", "Pregunta"],
                ["Demanda", "¿Lo han pedido mediante solicitudes de acceso a la información?"],
                ["Impacto", "¿Ayuda a controlar el gasto o a mejorar un servicio?"],
                ["Calidad", "¿Está completo y se actualiza con regularidad?"],
                ["Riesgo", "¿Contiene datos personales que haya que anonimizar?"],
            ]),
            dict(h="Paso 3: publicar en el portal nacional", b=[
                "Usar formatos abiertos (CSV, JSON) y no solo PDF",
                "Describir cada conjunto con metadatos: título, descripción, responsable, frecuencia",
                "Aplicar una licencia abierta que permita la reutilización",
                "Automatizar la actualización desde el sistema de origen",
            ]),
            dict(h="Paso 4: promover el uso", p=[
                "Los datos abiertos solo generan valor cuando alguien los usa. La guía recomienda "
                "organizar ejercicios de participación ciudadana, maratones de datos con "
                "universidades y mesas de trabajo con organizaciones de la sociedad civil, y "
                "publicar ejemplos de reutilización.",
                "Un canal de comentarios en el portal permite a los usuarios señalar errores y "
                "pedir nuevos conjuntos de datos, lo que convierte la apertura en un diálogo.",
            ]),
            dict(h="Paso 5: medir", p=[
                "Las entidades informan cada año cuántos conjuntos publicaron, cuántos se "
                "actualizaron a tiempo y qué usos se conocen. La transparencia sobre la propia "
                "apertura refuerza la confianza y ayuda a prevenir la corrupción.",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Costa Rica
    dict(
        file="costa-rica-ley-firma-digital-2005.docx",
        title="Ley de certificados, firmas digitales y documentos electrónicos (texto ilustrativo modelado para Costa Rica)",
        author="KB demo corpus", org="KB demo corpus",
        year=2005, month=8, date_text="agosto de 2005", lang="es",
        countries=["CRI"], doc_type="legislation",
        topics=["legal-framework", "digital-identity", "e-services"],
        sids=[], regions=["Latin America and the Caribbean"], curated=True,
        description="Texto legislativo ilustrativo sobre la validez de la firma digital y los documentos electrónicos.",
        pages=[
            dict(h="Nota preliminar", p=[
                "Este texto es ilustrativo: fue redactado para el corpus de demostración de KB y "
                "no reproduce ninguna ley vigente. Muestra la estructura típica de una ley de "
                "firma digital en América Latina.",
            ]),
            dict(h="Capítulo I. Disposiciones generales", p=[
                "Artículo 1. Ámbito de aplicación. Esta ley se aplica a toda clase de transacciones "
                "y actos jurídicos, públicos o privados, salvo disposición legal en contrario o "
                "que la naturaleza del acto sea incompatible con el medio electrónico.",
                "Artículo 2. Principio de equivalencia funcional. Cualquier manifestación con "
                "trascendencia jurídica podrá expresarse mediante documentos electrónicos, que "
                "tendrán el mismo valor y eficacia probatoria que los documentos en papel.",
                "Artículo 3. Neutralidad tecnológica. La ley no favorece ninguna tecnología en "
                "particular para la creación de firmas digitales.",
            ]),
            dict(h="Capítulo II. Firma digital", p=[
                "Artículo 4. Se entiende por firma digital cualquier conjunto de datos adjunto o "
                "lógicamente asociado a un documento electrónico, que permita verificar su "
                "integridad e identificar en forma unívoca a su autor.",
                "Artículo 5. Los documentos electrónicos firmados digitalmente con un certificado "
                "emitido por una autoridad certificadora registrada tendrán el mismo valor "
                "probatorio que los firmados de manera manuscrita.",
                "Artículo 6. Las instituciones públicas deberán aceptar las solicitudes y los "
                "documentos firmados digitalmente, y podrán emitir sus actos administrativos por "
                "medios electrónicos.",
            ]),
            dict(h="Capítulo III. Certificadores", p=[
                "Artículo 7. Se crea una dirección de certificadores de firma digital, encargada "
                "de registrar y supervisar a las autoridades certificadoras.",
                "Artículo 8. Las autoridades certificadoras verificarán la identidad del "
                "solicitante de forma presencial, con su cédula de identidad, antes de emitir un "
                "certificado.",
            ], t=[
                ["Tipo de certificado", "Titular", "Uso típico"],
                ["Persona física", "Ciudadanos y residentes", "Trámites, contratos, banca en línea"],
                ["Persona jurídica", "Empresas e instituciones", "Facturas, sellos de tiempo"],
                ["Agente electrónico", "Sistemas informáticos", "Firma automática de documentos"],
            ]),
            dict(h="Capítulo IV. Disposiciones finales", p=[
                "Artículo 9. El Poder Ejecutivo reglamentará esta ley en un plazo de seis meses.",
                "Artículo 10. Rige a partir de su publicación.",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ Cuba
    dict(
        file="cuba-gobierno-electronico-tramites-en-linea-2022.pptx",
        title="Cuba: gobierno electrónico y trámites en línea en un pequeño Estado insular",
        author="Yanelis Rodríguez Pérez (ficticia)", org="KB demo corpus",
        year=2022, month=11, date_text="noviembre de 2022", lang="es",
        countries=["CUB"], doc_type="presentation",
        topics=["e-services", "m-government", "digital-inclusion", "broadband"],
        sids=["Caribbean"], regions=["Latin America and the Caribbean"], curated=False,
        description="Presentación ilustrativa sobre trámites en línea, pagos móviles y acceso a internet en Cuba.",
        pages=[
            dict(h="Contexto", b=[
                "Pequeño Estado insular en desarrollo del Caribe con 11 millones de habitantes",
                "Acceso a internet móvil generalizado solo desde 2018",
                "Conectividad internacional limitada y costosa",
                "Trámites mayoritariamente presenciales en oficinas municipales",
            ], n="Las cifras de esta presentación son ilustrativas."),
            dict(h="Prioridades del gobierno electrónico", b=[
                "Portales provinciales con información de trámites",
                "Pago de servicios y de impuestos desde el teléfono móvil",
                "Ventanilla única para la inversión extranjera",
                "Digitalización del registro civil y de la vivienda",
            ]),
            dict(h="Gobierno móvil", b=[
                "Aplicaciones de pago por transferencia móvil para electricidad, agua y teléfono",
                "Consulta de trámites por SMS para quien no tiene datos móviles",
                "Notificaciones del registro de consumidores",
            ], n="Explicar por qué el móvil llegó antes que la banda ancha fija."),
            dict(h="Uso de los servicios (cifras ilustrativas)", p=["Transacciones mensuales"], t=[
                ["Servicio", "2020", "2022"],
                ["Pago de electricidad en línea", "150 000", "1 200 000"],
                ["Pago de impuestos", "20 000", "310 000"],
                ["Solicitudes de trámites de vivienda", "-", "45 000"],
            ]),
            dict(h="Retos", b=[
                "Brecha digital entre La Habana y las zonas rurales",
                "Capacitación de funcionarios municipales",
                "Marco jurídico para la firma digital y la protección de datos",
                "Resiliencia de los servicios ante huracanes y cortes eléctricos",
            ]),
        ],
    ),
    # ------------------------------------------------------------------ República Dominicana
    dict(
        file="republica-dominicana-compras-publicas-electronicas-2015.pdf",
        title="República Dominicana: el portal transaccional de compras y contrataciones públicas",
        author="Luis Manuel Peña (ficticio)", org="KB demo corpus",
        year=2015, month=2, date_text="febrero de 2015", lang="es",
        countries=["DOM"], doc_type="case-study",
        topics=["e-procurement", "transparency-anticorruption", "legal-framework"],
        sids=["Caribbean"], regions=["Latin America and the Caribbean"], curated=False,
        description="Estudio de caso ilustrativo sobre la contratación pública electrónica en la República Dominicana.",
        pages=[
            dict(h="Introducción", p=[
                "Este estudio de caso ilustrativo analiza la puesta en marcha de un portal "
                "transaccional de compras públicas en la República Dominicana. Fue escrito para "
                "el corpus de demostración de KB; las cifras son ficticias.",
            ]),
            dict(h="El problema", p=[
                "Las compras del Estado se gestionaban en papel, con convocatorias publicadas en "
                "periódicos y ofertas entregadas en sobre cerrado. Los proveedores de provincias "
                "tenían poca información sobre las oportunidades, y la ciudadanía no podía saber "
                "quién ganaba los contratos ni a qué precio.",
            ]),
            dict(h="La solución: contratación pública electrónica", p=[
                "La ley de compras y contrataciones estableció la obligación de publicar todos "
                "los procesos en un portal único. En una segunda etapa, el portal se volvió "
                "transaccional: los proveedores se registran una sola vez, presentan sus ofertas "
                "en línea y reciben las notificaciones por correo electrónico.",
                "Los datos de cada proceso, desde la planificación hasta el pago, se publican en "
                "formato de datos abiertos con el estándar de contrataciones abiertas.",
            ], b=[
                "Registro único de proveedores del Estado",
                "Catálogo electrónico para compras menores",
                "Evaluación de ofertas y adjudicaciones publicadas",
                "Mesa de ayuda para pequeñas y medianas empresas",
            ]),
            dict(h="Resultados", t=[
                ["Indicador", "2012", "2014"],
                ["Procesos publicados en el portal", "35 %", "92 %"],
                ["Ofertas promedio por proceso", "2,4", "4,1"],
                ["Proveedores registrados", "9 000", "38 000"],
                ["Participación de mipymes en adjudicaciones", "21 %", "44 %"],
            ], after=["Cifras inventadas para el corpus de demostración."]),
            dict(h="Lecciones", b=[
                "La transparencia comienza por publicar todo, aunque el proceso siga en papel",
                "La capacitación de proveedores pequeños es tan importante como la tecnología",
                "Los datos abiertos permiten a periodistas y veedurías ciudadanas vigilar el gasto",
            ]),
        ],
    ),
]
