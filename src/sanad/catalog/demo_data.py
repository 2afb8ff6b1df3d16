"""The demo catalog's reference lists. Public figures say so in `PUBLIC`; every other value is an assumption.

Morocco: national reference tariff (TNR, grid 1), in dirhams. Mauritania (CNASS): values in ouguiyas (MRU),
all assumptions of the order of the public hospitals' fees.
"""

from __future__ import annotations

from decimal import Decimal as D

# The sources are the fund's own notes, written in its working language (French) as its staff would.
PUBLIC = "public : tarif national de référence (TNR), grille 1"
ASSUMED_MA = "hypothèse : ordre de grandeur du TNR pour ce type d'acte"
ASSUMED_MR = "hypothèse : ordre de grandeur des tarifs des hôpitaux publics en Mauritanie"

# letter: (Morocco value, public figure?, Mauritania value)
KEY_LETTERS: dict[str, tuple[D, bool, D]] = {
    "C": (D("80"), True, D("300")),
    "CS": (D("150"), True, D("600")),
    "CNPSY": (D("190"), True, D("800")),
    "V": (D("120"), True, D("450")),
    "VS": (D("190"), True, D("800")),
    "KC": (D("22.50"), True, D("80")),
    "Z": (D("10"), True, D("40")),
    "P": (D("1.10"), True, D("5")),
    "K": (D("15"), False, D("60")),
    "B": (D("1.10"), False, D("5")),
    "D": (D("15"), False, D("60")),
    "SF": (D("15"), False, D("50")),
}
# An earlier value of the specialist consultation, so that the history pages show a change (assumption).
FORMER_CS = (D("120"), D("500"))

# The categories whose acts are priced by a package: (Morocco price, public figure?, Mauritania price).
PACKAGES: dict[str, tuple[D, bool, D]] = {
    "physiotherapy": (D("50"), True, D("200")),
    "intensive_care": (D("1200"), True, D("5000")),
    "inpatient_stay": (D("750"), False, D("2500")),
    "day_hospital": (D("400"), False, D("1500")),
    "dialysis": (D("850"), False, D("3500")),
    "chemotherapy": (D("2500"), False, D("9000")),
    "radiotherapy": (D("1500"), False, D("6000")),
    "surgery_package": (D("8000"), False, D("30000")),
    "medical_evacuation": (D("3000"), False, D("15000")),
    "optical": (D("400"), False, D("1500")),
    "orthodontics_first_semester": (D("1500"), False, D("6000")),
}

# (code, French label, category, key letter or "", coefficients, Arabic label)
ACTS: list[tuple[str, str, str, str, tuple[int, ...], str]] = [
    ("CON-C", "Consultation du médecin généraliste", "consultation", "C", (1,), "استشارة الطبيب العام"),
    ("CON-CS", "Consultation du médecin spécialiste", "consultation", "CS", (1,), "استشارة الطبيب المختص"),
    (
        "CON-PSY",
        "Consultation du psychiatre ou du neurologue",
        "consultation",
        "CNPSY",
        (1,),
        "استشارة طبيب نفسي",
    ),
    ("CON-PED", "Consultation de pédiatrie", "consultation", "CS", (1,), "استشارة طب الأطفال"),
    (
        "CON-SF",
        "Consultation prénatale par la sage-femme",
        "consultation",
        "SF",
        (2,),
        "استشارة ما قبل الولادة",
    ),
    ("VIS-V", "Visite à domicile du généraliste", "visit", "V", (1,), "زيارة منزلية للطبيب العام"),
    ("VIS-VS", "Visite à domicile du spécialiste", "visit", "VS", (1,), "زيارة منزلية للطبيب المختص"),
    ("LAB-GLY", "Glycémie à jeun", "lab", "B", (30,), "نسبة السكر في الدم"),
    ("LAB-HBA", "Hémoglobine glyquée (HbA1c)", "lab", "B", (120,), "الهيموغلوبين السكري"),
    ("LAB-NFS", "Numération formule sanguine", "lab", "B", (60,), "تعداد الدم الكامل"),
    ("LAB-CRE", "Créatininémie", "lab", "B", (30,), "الكرياتينين"),
    ("LAB-URE", "Urée sanguine", "lab", "B", (30,), "اليوريا"),
    ("LAB-ION", "Ionogramme sanguin", "lab", "B", (80,), "الشوارد"),
    ("LAB-LIP", "Bilan lipidique", "lab", "B", (150,), "فحص الدهون"),
    ("LAB-TSH", "Dosage de la TSH", "lab", "B", (200,), "هرمون الغدة الدرقية"),
    ("LAB-CRP", "Protéine C réactive", "lab", "B", (70,), "البروتين التفاعلي"),
    ("LAB-PAL", "Recherche de plasmodium (goutte épaisse)", "lab", "B", (50,), "فحص الملاريا"),
    ("LAB-HIV", "Sérologie VIH", "lab", "B", (150,), "فحص فيروس نقص المناعة"),
    ("LAB-CV", "Charge virale VIH", "lab", "B", (800,), "الحمل الفيروسي"),
    ("LAB-ECB", "Examen cytobactériologique des urines", "lab", "B", (100,), "فحص البول"),
    ("LAB-BIO", "Examen anatomopathologique d'une biopsie", "lab", "P", (300,), "فحص خزعة"),
    ("IMG-THX", "Radiographie du thorax", "imaging", "Z", (15,), "تصوير الصدر بالأشعة"),
    ("IMG-ECG", "Électrocardiogramme", "imaging", "K", (5,), "تخطيط القلب"),
    ("IMG-ECH", "Échographie abdominale", "imaging", "Z", (40,), "تصوير البطن بالصدى"),
    ("IMG-OBS", "Échographie obstétricale", "imaging", "Z", (40,), "تصوير الحمل بالصدى"),
    ("IMG-MAM", "Mammographie bilatérale", "imaging", "Z", (50,), "تصوير الثدي"),
    ("IMG-SCA", "Scanner cérébral", "imaging", "Z", (150,), "التصوير المقطعي للدماغ"),
    ("IMG-IRM", "IRM du rachis", "imaging", "Z", (250,), "الرنين المغناطيسي"),
    ("CHI-APP", "Appendicectomie", "surgery", "KC", (50,), "استئصال الزائدة"),
    ("CHI-CES", "Césarienne", "surgery", "KC", (80,), "عملية قيصرية"),
    ("CHI-ACC", "Accouchement par voie basse", "surgery", "SF", (40,), "ولادة طبيعية"),
    ("CHI-HER", "Cure de hernie inguinale", "surgery", "KC", (40,), "إصلاح الفتق"),
    ("CHI-CHO", "Cholécystectomie", "surgery", "KC", (80,), "استئصال المرارة"),
    ("CHI-CAT", "Chirurgie de la cataracte", "surgery", "KC", (60,), "جراحة الساد"),
    ("CHI-PTH", "Prothèse totale de hanche (forfait)", "surgery_package", "", (), "استبدال مفصل الورك"),
    ("CHI-SUT", "Suture d'une plaie", "surgery", "K", (10,), "خياطة جرح"),
    ("DEN-SOI", "Soins conservateurs d'une dent", "dental", "D", (10,), "علاج الأسنان"),
    ("DEN-EXT", "Extraction dentaire", "dental", "D", (8,), "خلع الأسنان"),
    ("DEN-DET", "Détartrage", "dental", "D", (12,), "إزالة الجير"),
    (
        "ODF-SEM1",
        "Orthodontie, premier semestre",
        "orthodontics_first_semester",
        "",
        (),
        "تقويم الأسنان، الستة أشهر الأولى",
    ),
    ("ODF-SEM", "Orthodontie, semestre suivant", "orthodontics", "D", (90,), "تقويم الأسنان، فصل لاحق"),
    ("OPT-VER", "Verres correcteurs (paire)", "optical", "", (), "عدسات طبية"),
    ("KIN-SEA", "Séance de rééducation", "physiotherapy", "", (), "حصة الترويض الطبي"),
    ("DIA-SEA", "Séance d'hémodialyse", "dialysis", "", (), "حصة تصفية الدم"),
    ("CHM-CYC", "Cure de chimiothérapie", "chemotherapy", "", (), "حصة العلاج الكيميائي"),
    ("RTH-SEA", "Séance de radiothérapie", "radiotherapy", "", (), "حصة العلاج الإشعاعي"),
    ("HOS-JOU", "Journée d'hospitalisation en médecine", "inpatient_stay", "", (), "يوم استشفاء"),
    ("HOJ-JOU", "Hôpital de jour", "day_hospital", "", (), "مستشفى النهار"),
    ("REA-JOU", "Journée de réanimation", "intensive_care", "", (), "يوم إنعاش"),
    ("EVS-TRA", "Évacuation sanitaire", "medical_evacuation", "", (), "إجلاء صحي"),
]

# The families from which further acts of the grid are numbered (code prefix, letter, category, labels).
FAMILIES: list[tuple[str, str, str, str, str]] = [
    ("NGAP-K", "K", "surgery", "Acte de chirurgie", "عمل جراحي"),
    ("NGAP-KC", "KC", "surgery", "Acte de chirurgie spécialisée", "عمل جراحي متخصص"),
    ("NABM-B", "B", "lab", "Analyse de biologie médicale", "تحليل بيولوجي"),
    ("NGAP-Z", "Z", "imaging", "Acte de radiologie", "عمل إشعاعي"),
    ("NGAP-D", "D", "dental", "Acte de soins dentaires", "علاج الأسنان"),
    ("NABM-P", "P", "lab", "Examen d'anatomie pathologique", "فحص التشريح المرضي"),
]

# (molecule, form, strength, PPV in MAD, costly, long-term only)
DRUGS: list[tuple[str, str, str, D, bool, bool]] = [
    ("Metformine", "comprimé", "850 mg", D("18.50"), False, False),
    ("Glibenclamide", "comprimé", "5 mg", D("12.00"), False, False),
    ("Insuline glargine", "solution injectable", "100 UI/ml", D("420.00"), True, True),
    ("Amlodipine", "comprimé", "5 mg", D("35.00"), False, False),
    ("Énalapril", "comprimé", "20 mg", D("42.00"), False, False),
    ("Furosémide", "comprimé", "40 mg", D("14.00"), False, False),
    ("Atorvastatine", "comprimé", "20 mg", D("96.00"), False, False),
    ("Amoxicilline", "gélule", "500 mg", D("29.00"), False, False),
    ("Amoxicilline-acide clavulanique", "comprimé", "1 g", D("78.00"), False, False),
    ("Ciprofloxacine", "comprimé", "500 mg", D("60.00"), False, False),
    ("Paracétamol", "comprimé", "500 mg", D("9.00"), False, False),
    ("Ibuprofène", "comprimé", "400 mg", D("16.00"), False, False),
    ("Salbutamol", "suspension pour inhalation", "100 µg/dose", D("32.00"), False, False),
    ("Artéméther-luméfantrine", "comprimé", "20/120 mg", D("55.00"), False, False),
    ("Sels de réhydratation orale", "poudre", "20,5 g", D("4.50"), False, False),
    ("Oméprazole", "gélule", "20 mg", D("45.00"), False, False),
    ("Époétine alfa", "solution injectable", "4000 UI", D("650.00"), True, True),
    ("Ténofovir-emtricitabine-éfavirenz", "comprimé", "300/200/600 mg", D("900.00"), True, True),
    ("Trastuzumab", "poudre pour perfusion", "150 mg", D("7800.00"), True, True),
    ("Cyclophosphamide", "poudre pour injection", "500 mg", D("210.00"), True, True),
    ("Lévothyroxine", "comprimé", "100 µg", D("19.00"), False, False),
    ("Méthotrexate", "comprimé", "2,5 mg", D("88.00"), False, True),
    ("Acide acétylsalicylique", "comprimé", "100 mg", D("11.00"), False, False),
    ("Fer-acide folique", "comprimé", "60/0,4 mg", D("15.00"), False, False),
]
FORMS_STRENGTH_FACTORS = (D("1"), D("1.8"), D("0.6"))  # other strengths of the same molecule (assumption)

# (code, French label, category, Morocco package amount, Arabic label)
DEVICES: list[tuple[str, str, str, D, str]] = [
    ("DM-PTH", "Prothèse totale de hanche", "implant", D("18000"), "مفصل ورك اصطناعي"),
    ("DM-PTG", "Prothèse totale de genou", "implant", D("20000"), "مفصل ركبة اصطناعي"),
    ("DM-STE", "Stent coronaire", "implant", D("9000"), "دعامة تاجية"),
    ("DM-PCM", "Stimulateur cardiaque", "implant", D("25000"), "منظم ضربات القلب"),
    ("DM-PMS", "Prothèse de membre inférieur", "prosthesis", D("12000"), "طرف سفلي اصطناعي"),
    ("DM-PDE", "Prothèse dentaire amovible", "prosthesis", D("2500"), "طقم أسنان متحرك"),
    ("DM-AUD", "Appareil auditif (par oreille)", "prosthesis", D("6000"), "سماعة أذن"),
    ("DM-COR", "Corset orthopédique", "orthosis", D("3000"), "مشد تقويمي"),
    ("DM-ATT", "Attelle de genou", "orthosis", D("800"), "جبيرة الركبة"),
    ("DM-FRO", "Fauteuil roulant", "medical_device", D("4000"), "كرسي متحرك"),
    ("DM-GLU", "Lecteur de glycémie", "medical_device", D("600"), "جهاز قياس السكر"),
    ("DM-NEB", "Nébuliseur", "medical_device", D("900"), "جهاز الاستنشاق"),
    ("DM-MON", "Monture de lunettes", "optical", D("300"), "إطار نظارات"),
]

# (code, French label, ICD-10 categories, Arabic label): long-term conditions (ALD), after Morocco's list.
CONDITIONS: list[tuple[str, str, tuple[str, ...], str]] = [
    ("ALD-DIAB", "Diabète", ("E10", "E11", "E13", "E14"), "داء السكري"),
    ("ALD-HTA", "Hypertension artérielle sévère", ("I10", "I11", "I12", "I13", "I15"), "ارتفاع الضغط الحاد"),
    ("ALD-IRC", "Insuffisance rénale chronique", ("N18",), "القصور الكلوي المزمن"),
    (
        "ALD-CAN",
        "Affections malignes (cancers)",
        ("C50", "C53", "C61", "C18", "C34", "C91", "C92"),
        "السرطانات",
    ),
    ("ALD-VIH", "Infection par le VIH", ("B20", "B21", "B22", "B24"), "فيروس نقص المناعة"),
    ("ALD-ICC", "Insuffisance cardiaque", ("I50",), "قصور القلب"),
    ("ALD-CAR", "Cardiopathie ischémique", ("I20", "I21", "I25"), "مرض القلب الإقفاري"),
    ("ALD-AVC", "Accident vasculaire cérébral invalidant", ("I61", "I63", "I69"), "السكتة الدماغية"),
    ("ALD-AST", "Asthme sévère", ("J45",), "الربو الحاد"),
    ("ALD-BPC", "Bronchopneumopathie chronique obstructive", ("J44",), "الانسداد الرئوي المزمن"),
    ("ALD-TUB", "Tuberculose", ("A15", "A16", "A17", "A18", "A19"), "السل"),
    ("ALD-HEP", "Hépatite chronique", ("B18",), "التهاب الكبد المزمن"),
    ("ALD-CIR", "Cirrhose du foie", ("K74",), "تشمع الكبد"),
    ("ALD-PR", "Polyarthrite rhumatoïde", ("M05", "M06"), "التهاب المفاصل الروماتويدي"),
    ("ALD-LUP", "Lupus érythémateux disséminé", ("M32",), "الذئبة الحمراء"),
    ("ALD-SEP", "Sclérose en plaques", ("G35",), "التصلب المتعدد"),
    ("ALD-PAR", "Maladie de Parkinson", ("G20",), "مرض باركنسون"),
    ("ALD-EPI", "Épilepsie grave", ("G40",), "الصرع"),
    (
        "ALD-PSY",
        "Affections psychiatriques de longue durée",
        ("F20", "F25", "F31"),
        "الأمراض النفسية المزمنة",
    ),
    ("ALD-DRE", "Drépanocytose et thalassémie", ("D56", "D57"), "فقر الدم المنجلي"),
    ("ALD-HEM", "Hémophilie", ("D66", "D67"), "الهيموفيليا"),
    ("ALD-THY", "Hypothyroïdie", ("E03",), "قصور الغدة الدرقية"),
    ("ALD-ALZ", "Maladie d'Alzheimer", ("G30",), "مرض الزهايمر"),
]

# (ICD-10 diagnosis, label, expected codes): protocols for the commonest diagnoses (assumption, simplified).
PROTOCOLS: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "E11",
        "Diabète de type 2",
        ("CON-C", "CON-CS", "LAB-GLY", "LAB-HBA", "LAB-CRE", "MED-0001", "MED-0004"),
    ),
    (
        "I10",
        "Hypertension essentielle",
        ("CON-C", "CON-CS", "IMG-ECG", "LAB-CRE", "LAB-ION", "MED-0010", "MED-0013"),
    ),
    ("J18", "Pneumonie", ("CON-C", "IMG-THX", "LAB-NFS", "LAB-CRP", "MED-0022", "MED-0025")),
    ("N18", "Insuffisance rénale chronique", ("CON-CS", "DIA-SEA", "LAB-CRE", "LAB-URE", "MED-0049")),
    ("C50", "Tumeur maligne du sein", ("CON-CS", "IMG-MAM", "LAB-BIO", "CHM-CYC", "RTH-SEA", "MED-0055")),
    ("O80", "Accouchement unique et spontané", ("CON-SF", "IMG-OBS", "CHI-ACC", "HOS-JOU", "MED-0070")),
    ("O82", "Accouchement par césarienne", ("CON-SF", "IMG-OBS", "CHI-CES", "HOS-JOU", "MED-0070")),
    ("B54", "Paludisme", ("CON-C", "LAB-PAL", "MED-0040")),
    ("A09", "Diarrhée et gastro-entérite", ("CON-C", "MED-0043", "MED-0031")),
    ("J45", "Asthme", ("CON-C", "CON-CS", "MED-0037")),
    ("K35", "Appendicite aiguë", ("CON-C", "IMG-ECH", "LAB-NFS", "CHI-APP", "HOS-JOU", "MED-0025")),
    ("B20", "Maladie due au VIH", ("CON-CS", "LAB-HIV", "LAB-CV", "MED-0052")),
    ("H25", "Cataracte sénile", ("CON-CS", "CHI-CAT", "OPT-VER")),
]
