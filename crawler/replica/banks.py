"""Seeded word and sentence banks for plausible English and Russian analysis prose.

Russian templates use slot fillers already declined for their slot, so every sentence is grammatical
without morphology. Nothing here is random by itself: :mod:`crawler.replica.prose` draws from it.
"""

from __future__ import annotations

ACTORS_EN = (
    "Moscow",
    "Washington",
    "Beijing",
    "Brussels",
    "Ankara",
    "New Delhi",
    "Tehran",
    "Tokyo",
    "Berlin",
    "Paris",
    "the Kremlin",
    "the White House",
    "the European Union",
    "NATO",
    "the SCO",
    "ASEAN",
    "the Gulf monarchies",
    "Central Asian capitals",
    "the BRICS countries",
    "the African Union",
)
ACTORS_RU = (
    "Москва",
    "Вашингтон",
    "Пекин",
    "Брюссель",
    "Анкара",
    "Нью-Дели",
    "Тегеран",
    "Токио",
    "Берлин",
    "Париж",
    "Кремль",
    "Белый дом",
    "Евросоюз",
    "НАТО",
    "ШОС",
    "АСЕАН",
    "Китай",
    "Индия",
    "Турция",
    "Япония",
)
VERBS_EN = (
    "is likely to reconsider",
    "can hardly ignore",
    "continues to pursue",
    "will have to balance",
    "seeks to redefine",
    "is unlikely to abandon",
    "may eventually accept",
    "openly questions",
    "cautiously supports",
    "is trying to shape",
    "has little reason to oppose",
    "keeps testing",
)
VERBS_RU = (
    "вряд ли откажется от",
    "осторожно поддерживает идею",
    "не спешит отказываться от",
    "добивается",
    "опасается",
    "продолжает обсуждение",
    "выступает за сохранение",
    "настаивает на пересмотре",
    "ставит под сомнение ценность",
    "пытается добиться",
    "требует",
)
OBJECTS_EN = (
    "the strategic arms control agenda",
    "its economic partnership with Europe",
    "the regional security architecture",
    "the sanctions regime",
    "the energy dialogue",
    "the idea of a multipolar world order",
    "the nuclear nonproliferation regime",
    "new transport corridors across Eurasia",
    "the Arctic cooperation framework",
    "the settlement of the Syrian conflict",
    "the future of the Iran nuclear deal",
    "the reform of the United Nations Security Council",
    "its military presence in the region",
    "the digital sovereignty debate",
    "the global food security agenda",
)
OBJECTS_RU = (
    "контроля над стратегическими вооружениями",
    "экономического партнерства с Европой",
    "региональной архитектуры безопасности",
    "санкционного режима",
    "энергетического диалога",
    "идеи многополярного мирового порядка",
    "режима нераспространения ядерного оружия",
    "новых транспортных коридоров в Евразии",
    "сотрудничества в Арктике",
    "урегулирования сирийского конфликта",
    "будущего ядерной сделки с Ираном",
    "реформы Совета Безопасности ООН",
    "цифрового суверенитета",
    "глобальной продовольственной безопасности",
)
PERIODS_EN = (
    "in the coming years",
    "in the short term",
    "after the next election cycle",
    "for the time being",
    "in the foreseeable future",
    "at least until the end of the decade",
    "this year",
)
PERIODS_RU = (
    "в ближайшие годы",
    "в краткосрочной перспективе",
    "после следующего избирательного цикла",
    "в обозримом будущем",
    "по крайней мере до конца десятилетия",
    "в этом году",
    "пока что",
)
OPENERS_EN = (
    "At the same time,",
    "Nevertheless,",
    "In practice,",
    "Moreover,",
    "On the other hand,",
    "For now,",
    "Unsurprisingly,",
    "Paradoxically,",
    "In this context,",
    "Still,",
)
OPENERS_RU = (
    "В то же время",
    "Тем не менее",
    "На практике",
    "Более того",
    "С другой стороны",
    "Пока что",
    "Неудивительно, что",
    "Парадоксально, но",
    "В этом контексте",
    "И все же",
)
CLAIMS_EN = (
    "the window of opportunity is closing fast",
    "the room for compromise remains narrow",
    "domestic politics leave little space for bold moves",
    "the old mechanisms of dialogue no longer work",
    "experts disagree on the long-term consequences",
    "the costs of inaction are growing every month",
    "regional players are increasingly acting on their own",
    "trust between the parties is at a historic low",
    "the economic dimension matters more than the military one",
    "public opinion is shifting faster than official positions",
)
CLAIMS_RU = (
    "окно возможностей быстро закрывается",
    "пространство для компромисса остается узким",
    "внутренняя политика оставляет мало места для смелых шагов",
    "старые механизмы диалога больше не работают",
    "эксперты расходятся в оценках долгосрочных последствий",
    "цена бездействия растет с каждым месяцем",
    "региональные игроки все чаще действуют самостоятельно",
    "доверие между сторонами находится на историческом минимуме",
    "экономическое измерение важнее военного",
    "общественное мнение меняется быстрее официальных позиций",
)
QUESTIONS_EN = (
    "What does this mean for {actor}?",
    "Can {actor} afford to stay on the sidelines?",
    "How will {actor} respond to these changes?",
    "Is there a realistic alternative for {actor}?",
)
QUESTIONS_RU = (
    "Что это означает для региона?",
    "Может ли кто-то позволить себе остаться в стороне?",
    "Как на это ответят ключевые игроки?",
    "Есть ли реалистичная альтернатива?",
)
TITLE_TOPICS_EN = (
    "Arms Control",
    "Energy Security",
    "the Arctic",
    "Central Asia",
    "the Middle East",
    "the Korean Peninsula",
    "Sanctions",
    "the Black Sea",
    "the Indo-Pacific",
    "Eurasian Integration",
    "Global Governance",
    "Cyber Security",
    "Climate Policy",
    "the Balkans",
    "Africa",
    "Latin America",
    "the South Caucasus",
)
TITLE_TOPICS_RU = (
    "Контроль над вооружениями",
    "Энергетическая безопасность",
    "Арктика",
    "Центральная Азия",
    "Ближний Восток",
    "Корейский полуостров",
    "Санкции",
    "Черное море",
    "Индо-Тихоокеанский регион",
    "Евразийская интеграция",
    "Глобальное управление",
    "Кибербезопасность",
    "Климатическая политика",
    "Балканы",
    "Африка",
    "Латинская Америка",
    "Южный Кавказ",
)
TITLE_PATTERNS_EN = (
    "{topic}: {angle}",
    "{actor} and {topic}: {angle}",
    "Why {topic} Matters for {actor}",
    "{angle} in {topic}",
    "The Future of {topic}",
    "{topic} after the Summit",
)
TITLE_PATTERNS_RU = (
    "{topic}: {angle}",
    "{topic} и {actor}: {angle}",
    "Будущее темы «{topic}»",
    "{angle}. {topic}",
)
TITLE_ANGLES_EN = (
    "Competition or Cooperation?",
    "A New Balance",
    "Lessons Learned",
    "Risks and Opportunities",
    "The Art of the Possible",
    "Beyond the Stalemate",
    "Old Problems, New Players",
    "What Comes Next",
)
TITLE_ANGLES_RU = (
    "соперничество или сотрудничество?",
    "новый баланс",
    "извлеченные уроки",
    "риски и возможности",
    "искусство возможного",
    "выход из тупика",
    "старые проблемы, новые игроки",
    "что дальше",
)
FIRST_NAMES = (
    ("Ivan", "Иван"),
    ("Elena", "Елена"),
    ("Dmitry", "Дмитрий"),
    ("Maria", "Мария"),
    ("Sergey", "Сергей"),
    ("Anna", "Анна"),
    ("Alexey", "Алексей"),
    ("Olga", "Ольга"),
    ("Pavel", "Павел"),
    ("Natalia", "Наталья"),
    ("Andrey", "Андрей"),
    ("Irina", "Ирина"),
    ("Nikolai", "Николай"),
    ("Tatiana", "Татьяна"),
    ("Mikhail", "Михаил"),
    ("Ekaterina", "Екатерина"),
    ("Timofei", "Тимофей"),
    ("Yulia", "Юлия"),
)
LAST_NAMES = (
    ("Petrov", "Петров"),
    ("Smirnov", "Смирнов"),
    ("Volkov", "Волков"),
    ("Kuznetsov", "Кузнецов"),
    ("Sokolov", "Соколов"),
    ("Lebedev", "Лебедев"),
    ("Morozov", "Морозов"),
    ("Novikov", "Новиков"),
    ("Fedorov", "Федоров"),
    ("Orlov", "Орлов"),
    ("Zaitsev", "Зайцев"),
    ("Pavlov", "Павлов"),
    ("Semenov", "Семенов"),
    ("Bogdanov", "Богданов"),
    ("Vinogradov", "Виноградов"),
    ("Belov", "Белов"),
    ("Tarasov", "Тарасов"),
    ("Belyakov", "Беляков"),
    ("Gromov", "Громов"),
    ("Karpov", "Карпов"),
)
POSITIONS = (
    ("RIAC Member", "Член РСМД"),
    ("RIAC Expert", "Эксперт РСМД"),
    ("RIAC Program Manager", "Программный менеджер РСМД"),
    (
        "Ph.D. in Political Science, Associate Professor at MGIMO University",
        "Кандидат политических наук, доцент МГИМО МИД России",
    ),
    (
        "Senior Research Fellow at the Institute of World Economy and International Relations",
        "Ведущий научный сотрудник ИМЭМО РАН",
    ),
    ("Director of the Center for International Security", "Директор Центра международной безопасности"),
    (
        "Head of the Department of Asian Studies, HSE University",
        "Руководитель департамента востоковедения НИУ ВШЭ",
    ),
    ("Journalist", "Журналист"),
    ("Deputy Director General of RIAC", "Заместитель генерального директора РСМД"),
)
REGIONS = (
    ("Russia", "Россия"),
    ("Europe", "Европа"),
    ("Asia", "Азия"),
    ("Middle East", "Ближний Восток"),
    ("USA", "США"),
    ("Central Asia", "Центральная Азия"),
    ("Africa", "Африка"),
    ("Latin America", "Латинская Америка"),
    ("Arctic", "Арктика"),
    ("Global", "Глобальный"),
)
TAGS = (
    ("Turkey", "Турция"),
    ("China", "Китай"),
    ("USA", "США"),
    ("EU", "ЕС"),
    ("Iran", "Иран"),
    ("India", "Индия"),
    ("Japan", "Япония"),
    ("Syria", "Сирия"),
    ("Energy", "Энергетика"),
    ("Security", "Безопасность"),
    ("Sanctions", "Санкции"),
    ("Arms control", "Контроль над вооружениями"),
)
TYPES = {
    "analytics": ("Analytics", "Аналитика"),
    "comments": ("Comments", "Комментарии"),
    "interview": ("Interview", "Интервью"),
    "news": ("News", "Новости"),
    "blogs": ("Blog", "Блог"),
}
BLOGS = (
    ("arctic", "Arctic Blog", "Арктический блог"),
    ("eurasia", "Eurasian Notes", "Евразийские заметки"),
    ("security", "Security Matters", "Вопросы безопасности"),
    ("economy", "Global Economy Watch", "Мировая экономика"),
)
POLL_QUESTIONS = (
    (
        (
            "In your opinion, what are the US long-term goals for Russia?",
            "Каковы, на ваш взгляд, долгосрочные цели США в отношении России?",
        ),
        (
            ("Containment", "Сдерживание"),
            ("Partnership on selected issues", "Партнерство по отдельным вопросам"),
            ("Regime change", "Смена режима"),
            ("Hard to say", "Затрудняюсь ответить"),
        ),
    ),
    (
        (
            "Which region will matter most for Russian foreign policy in the next decade?",
            "Какой регион будет важнее всего для внешней политики России в следующем десятилетии?",
        ),
        (
            ("Asia-Pacific", "Азиатско-Тихоокеанский регион"),
            ("Europe", "Европа"),
            ("Middle East", "Ближний Восток"),
            ("Africa", "Африка"),
            ("Central Asia", "Центральная Азия"),
        ),
    ),
    (
        ("Will the arms control regime survive?", "Сохранится ли режим контроля над вооружениями?"),
        (
            ("Yes, in a new form", "Да, в новой форме"),
            ("No", "Нет"),
            ("Only bilateral elements", "Только двусторонние элементы"),
        ),
    ),
    (
        (
            "What should be the priority of the Arctic Council?",
            "Каким должен быть приоритет Арктического совета?",
        ),
        (
            ("Climate research", "Изучение климата"),
            ("Shipping safety", "Безопасность судоходства"),
            ("Indigenous peoples", "Коренные народы"),
            ("Economic projects", "Экономические проекты"),
        ),
    ),
)
KOREAN_POLL_RU = (
    "Кризис на Корейском полуострове не имеет военного решения. Как его урегулировать?",
    (
        "Демилитаризация региона на основе российско-китайского предложения «двойного замораживания»",
        "Восстановление многостороннего переговорного процесса без предварительных условий",
        "Пока ситуация выгодна внутренней повестке Ким Чен Ына и Трампа, решения не будет",
        "Вооруженного конфликта все еще не избежать",
        "Усиление сдерживания со стороны США через модернизацию военной инфраструктуры в регионе",
        "Ужесточение экономических санкций против КНДР",
    ),
)
EDIT_SENTENCES_EN = (
    "This text was updated to reflect the latest developments.",
    "Since the publication, the parties have confirmed their positions.",
)
EDIT_SENTENCES_RU = (
    "Текст обновлен с учетом последних событий.",
    "После публикации стороны подтвердили свои позиции.",
)
