"""The reason catalogue: for every reason code, its rule, its effect and its text in French, Arabic and
English, with ``{placeholders}`` filled from the finding's parameters.

``python -m sanad.adjudication > docs/reasons.md`` regenerates the table in the docs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from sanad.adjudication.codes import Effect, Reason
from sanad.adjudication.decision import Finding, ParamValue

Language = Literal["fr", "ar", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "ar", "en")


@dataclass(frozen=True, slots=True)
class ReasonText:
    rule: str
    effect: Effect
    fr: str
    ar: str
    en: str


_R = Reason
_E = Effect

CATALOGUE: dict[Reason, ReasonText] = {
    _R.EMPTY_FILE: ReasonText(
        "documents",
        _E.REJECT,
        "Le dossier {claim} ne comporte aucune ligne à payer.",
        "الملف {claim} لا يتضمن أي سطر للأداء.",
        "File {claim} has no line to pay.",
    ),
    _R.TIME_BARRED: ReasonText(
        "time_bar",
        _E.REJECT,
        "Dossier reçu le {received}, plus de {months} mois après le {end} (date limite {deadline}) : "
        "forclos.",
        "ورد الملف بتاريخ {received}، بعد أكثر من {months} أشهر من {end} (آخر أجل {deadline}): "
        "سقط الحق بالتقادم.",
        "File received on {received}, more than {months} months after {end} (deadline {deadline}): "
        "time-barred.",
    ),
    _R.DOCUMENTS_MISSING: ReasonText(
        "documents",
        _E.ADMINISTRATIVE_CHECK,
        "Pièces manquantes au dossier : {missing}.",
        "وثائق ناقصة في الملف: {missing}.",
        "Documents missing from the file: {missing}.",
    ),
    _R.NO_RIGHTS: ReasonText(
        "rights",
        _E.REJECT,
        "Aucun droit ouvert le {date}.",
        "لا توجد حقوق مفتوحة بتاريخ {date}.",
        "No open rights on {date}.",
    ),
    _R.DEPENDANT_CERTIFICATES_MISSING: ReasonText(
        "rights",
        _E.REJECT,
        "Ayant droit âgé de {age} ans le {date} : certificats manquants ({missing}).",
        "ذو حق يبلغ من العمر {age} سنة بتاريخ {date}: شهادات ناقصة ({missing}).",
        "Dependant aged {age} on {date}: certificates missing ({missing}).",
    ),
    _R.DEPENDANT_OVER_AGE_LIMIT: ReasonText(
        "rights",
        _E.REJECT,
        "Enfant âgé de {age} ans le {date}, au-delà de la limite de {limit} ans et non handicapé : "
        "non couvert.",
        "طفل يبلغ من العمر {age} سنة بتاريخ {date}، تجاوز السن الأقصى {limit} سنة وليس في وضعية إعاقة: "
        "غير مشمول بالتغطية.",
        "Child aged {age} on {date}, past the age limit of {limit} and not disabled: not covered.",
    ),
    _R.FACILITY_NOT_AGREED: ReasonText(
        "facility_agreement",
        _E.REJECT,
        "L'établissement {facility} n'était pas conventionné le {date}.",
        "المؤسسة {facility} لم تكن متعاقدة مع الصندوق بتاريخ {date}.",
        "Facility {facility} had no agreement with the fund on {date}.",
    ),
    _R.NO_DIRECT_BILLING_ACCESS: ReasonText(
        "facility_agreement",
        _E.REJECT,
        "L'établissement {facility} n'avait pas accès au tiers payant le {date}.",
        "المؤسسة {facility} لم تكن مقبولة في نظام الثالث المؤدي بتاريخ {date}.",
        "Facility {facility} had no direct-billing access on {date}.",
    ),
    _R.UNKNOWN_CODE: ReasonText(
        "benefit_package",
        _E.REJECT,
        "Le code {code} ({kind}) ne figure pas à la nomenclature le {date}.",
        "الرمز {code} ({kind}) غير موجود في المدونة بتاريخ {date}.",
        "Code {code} ({kind}) is not in the catalogue on {date}.",
    ),
    _R.NOT_IN_BENEFIT_PACKAGE: ReasonText(
        "benefit_package",
        _E.REJECT,
        "Le code {code} ne fait pas partie du panier de soins le {date}.",
        "الرمز {code} غير مدرج في سلة العلاجات المضمونة بتاريخ {date}.",
        "Code {code} is not in the benefit package on {date}.",
    ),
    _R.FACILITY_KIND_NOT_ALLOWED: ReasonText(
        "facility_allowed",
        _E.REJECT,
        "Le code {code} ne peut pas être facturé par un établissement de type {kind} "
        "(autorisés : {allowed}).",
        "لا يمكن فوترة الرمز {code} من طرف مؤسسة من نوع {kind} (المسموح بها: {allowed}).",
        "Code {code} may not be billed by a facility of kind {kind} (allowed: {allowed}).",
    ),
    _R.FACILITY_LEVEL_NOT_ALLOWED: ReasonText(
        "facility_allowed",
        _E.REJECT,
        "Le code {code} n'est pas autorisé au niveau {level} de la pyramide (niveaux {min_level} à "
        "{max_level}).",
        "الرمز {code} غير مسموح به في المستوى {level} من الهرم الصحي (المستويات من {min_level} إلى "
        "{max_level}).",
        "Code {code} is not allowed at pyramid level {level} (levels {min_level} to {max_level}).",
    ),
    _R.AGE_NOT_ALLOWED: ReasonText(
        "age_sex",
        _E.REJECT,
        "Le code {code} n'est pas autorisé à {age} ans (âges {min_age} à {max_age}).",
        "الرمز {code} غير مسموح به في سن {age} سنة (الأعمار من {min_age} إلى {max_age}).",
        "Code {code} is not allowed at age {age} (ages {min_age} to {max_age}).",
    ),
    _R.SEX_NOT_ALLOWED: ReasonText(
        "age_sex",
        _E.REJECT,
        "Le code {code} n'est pas autorisé pour le sexe {sex}.",
        "الرمز {code} غير مسموح به للجنس {sex}.",
        "Code {code} is not allowed for sex {sex}.",
    ),
    _R.DUPLICATE_ALREADY_PAID: ReasonText(
        "duplicates",
        _E.REJECT,
        "Le code {code} du {date} a déjà été payé dans le dossier {claim}.",
        "الرمز {code} بتاريخ {date} سبق أداؤه في الملف {claim}.",
        "Code {code} on {date} was already paid in file {claim}.",
    ),
    _R.DUPLICATE_IN_BATCH: ReasonText(
        "duplicates",
        _E.REJECT,
        "Le code {code} du {date} est déjà facturé dans le dossier {claim} du même lot.",
        "الرمز {code} بتاريخ {date} سبقت فوترته في الملف {claim} من نفس الدفعة.",
        "Code {code} on {date} is already billed in file {claim} of the same batch.",
    ),
    _R.DUPLICATE_IN_PROCESS: ReasonText(
        "duplicates",
        _E.ADMINISTRATIVE_CHECK,
        "Le code {code} du {date} est déjà facturé dans le dossier {claim}, encore en cours de traitement : "
        "un agent vérifie s'il s'agit d'un doublon.",
        "الرمز {code} بتاريخ {date} سبقت فوترته في الملف {claim} الذي لا يزال قيد المعالجة: "
        "يتحقق موظف مما إذا كان الأمر يتعلق بتكرار.",
        "Code {code} on {date} is already billed in file {claim}, still being processed: "
        "a checker verifies whether it is a duplicate.",
    ),
    _R.PRIOR_APPROVAL_MISSING: ReasonText(
        "prior_approval",
        _E.REJECT,
        "Le code {code} du {date} nécessite un accord préalable : aucun accord ne le couvre.",
        "الرمز {code} بتاريخ {date} يتطلب موافقة مسبقة: لا توجد أي موافقة تغطيه.",
        "Code {code} on {date} needs prior approval: no approval covers it.",
    ),
    _R.PRIOR_APPROVAL_OUTSIDE_VALIDITY: ReasonText(
        "prior_approval",
        _E.REJECT,
        "Le code {code} du {date} est hors de la validité de l'accord préalable {authorization} "
        "(du {valid_from} au {valid_to}).",
        "الرمز {code} بتاريخ {date} خارج مدة صلاحية الموافقة المسبقة {authorization} "
        "(من {valid_from} إلى {valid_to}).",
        "Code {code} on {date} is outside the validity of prior approval {authorization} "
        "({valid_from} to {valid_to}).",
    ),
    _R.PRIOR_APPROVAL_OTHER_FACILITY: ReasonText(
        "prior_approval",
        _E.REJECT,
        "L'accord préalable {authorization} pour le code {code} a été donné à un autre établissement : "
        "{facility}.",
        "الموافقة المسبقة {authorization} للرمز {code} مُنحت لمؤسسة أخرى: {facility}.",
        "Prior approval {authorization} for code {code} was given to another facility: {facility}.",
    ),
    _R.PRIOR_APPROVAL_USED_UP: ReasonText(
        "prior_approval",
        _E.REJECT,
        "L'accord préalable {authorization} pour le code {code} est entièrement consommé ({granted} "
        "accordé(s)) : rien ne reste le {date}.",
        "الموافقة المسبقة {authorization} للرمز {code} استُهلكت بالكامل ({granted} ممنوحة): "
        "لم يبق منها شيء بتاريخ {date}.",
        "Prior approval {authorization} for code {code} is used up ({granted} granted): nothing is left "
        "on {date}.",
    ),
    _R.PRIOR_APPROVAL_AMOUNT_EXCEEDED: ReasonText(
        "prior_approval",
        _E.REDUCE,
        "L'accord préalable {authorization} pour {code} couvre au plus {cap} {currency} ; il en reste "
        "{left} {currency} pour {billed} {currency} facturés le {date}.",
        "الموافقة المسبقة {authorization} للرمز {code} تغطي {cap} {currency} على الأكثر؛ بقي منها "
        "{left} {currency} مقابل {billed} {currency} مفوترة بتاريخ {date}.",
        "Prior approval {authorization} for {code} covers at most {cap} {currency}; {left} {currency} is "
        "left for {billed} {currency} billed on {date}.",
    ),
    _R.PRIOR_APPROVAL_AMOUNT_USED_UP: ReasonText(
        "prior_approval",
        _E.REJECT,
        "Le montant de l'accord préalable {authorization} pour {code} ({cap} {currency}) est entièrement "
        "consommé : rien ne reste le {date}.",
        "مبلغ الموافقة المسبقة {authorization} للرمز {code} ({cap} {currency}) استُهلك بالكامل: لم يبق "
        "منه شيء بتاريخ {date}.",
        "The amount of prior approval {authorization} for {code} ({cap} {currency}) is used up: nothing is "
        "left on {date}.",
    ),
    _R.PRIOR_APPROVAL_EXHAUSTED: ReasonText(
        "prior_approval",
        _E.REDUCE,
        "L'accord préalable pour {code} le {date} ne couvre plus que {left} unité(s) sur {quantity} "
        "facturée(s).",
        "الموافقة المسبقة للرمز {code} بتاريخ {date} لم يبق منها سوى {left} وحدة من أصل {quantity} مفوترة.",
        "Prior approval for {code} on {date} has {left} unit(s) left for {quantity} billed.",
    ),
    _R.PRIOR_APPROVAL_PENDING: ReasonText(
        "prior_approval",
        _E.MEDICAL_REVIEW,
        "Le code {code} du {date} nécessite un accord préalable ; la demande {authorization} attend la "
        "décision du médecin-conseil, qui décide aussi de cette ligne.",
        "الرمز {code} بتاريخ {date} يتطلب موافقة مسبقة؛ الطلب {authorization} في انتظار قرار الطبيب "
        "المستشار، الذي يبت أيضا في هذا السطر.",
        "Code {code} on {date} needs prior approval; request {authorization} awaits the medical "
        "adviser's decision, who decides this line too.",
    ),
    _R.PRIOR_APPROVAL_TO_VERIFY: ReasonText(
        "prior_approval",
        _E.MEDICAL_REVIEW,
        "L'acte {code} du {date} nécessite un accord préalable : le médecin-conseil le vérifie.",
        "العمل {code} بتاريخ {date} يتطلب موافقة مسبقة: يتحقق منها الطبيب المستشار.",
        "Act {code} on {date} needs prior approval: the medical adviser checks it.",
    ),
    _R.DAILY_LIMIT_EXCEEDED: ReasonText(
        "frequency",
        _E.REDUCE,
        "Code {code} : au plus {limit} par jour ; {used} déjà compté(s) le {date}.",
        "الرمز {code}: {limit} كحد أقصى في اليوم؛ سبق احتساب {used} بتاريخ {date}.",
        "Code {code}: at most {limit} a day; {used} already counted on {date}.",
    ),
    _R.PERIOD_LIMIT_EXCEEDED: ReasonText(
        "frequency",
        _E.REDUCE,
        "Code {code} : au plus {limit} sur {days} jours ; {used} déjà compté(s) jusqu'au {date}.",
        "الرمز {code}: {limit} كحد أقصى خلال {days} يوما؛ سبق احتساب {used} إلى غاية {date}.",
        "Code {code}: at most {limit} in {days} days; {used} already counted up to {date}.",
    ),
    _R.NO_TARIFF: ReasonText(
        "valuation",
        _E.ADMINISTRATIVE_CHECK,
        "Aucune valeur de la lettre clé {letter} (code {code}) le {date}.",
        "لا توجد قيمة للحرف المفتاح {letter} (الرمز {code}) بتاريخ {date}.",
        "No value for key letter {letter} (code {code}) on {date}.",
    ),
    _R.NO_COVERAGE_RATE: ReasonText(
        "valuation",
        _E.ADMINISTRATIVE_CHECK,
        "Aucun taux de couverture pour {kind}, soins {care_type}, secteur {sector}.",
        "لا توجد نسبة تغطية لـ {kind}، نوع العلاج {care_type}، القطاع {sector}.",
        "No coverage rate for {kind}, {care_type} care, {sector} sector.",
    ),
    _R.COEFFICIENT_ABOVE_NOMENCLATURE: ReasonText(
        "valuation",
        _E.REDUCE,
        "Code {code} facturé au coefficient {billed_coefficient} ; la nomenclature prévoit {coefficient}.",
        "الرمز {code} مفوتر بالمعامل {billed_coefficient}؛ المدونة تحدد {coefficient}.",
        "Code {code} billed with coefficient {billed_coefficient}; the nomenclature allows {coefficient}.",
    ),
    _R.BILLED_ABOVE_TARIFF: ReasonText(
        "valuation",
        _E.REDUCE,
        "Code {code} facturé {billed} {currency}, au-dessus du tarif de {tariff} {currency} ; "
        "la différence reste à la charge de l'assuré.",
        "الرمز {code} مفوتر بمبلغ {billed} {currency}، أعلى من التعريفة {tariff} {currency}؛ "
        "الفرق على عاتق المؤمن له.",
        "Code {code} billed {billed} {currency}, above the tariff of {tariff} {currency}; "
        "the difference is the patient's.",
    ),
    _R.PYRAMID_PENALTY: ReasonText(
        "care_pyramid",
        _E.REDUCE,
        "Soins au niveau {level} de la pyramide sans référencement (accès direct jusqu'au niveau "
        "{entry_level}) : pénalité de {rate} de la part caisse.",
        "علاج في المستوى {level} من الهرم الصحي دون إحالة (الولوج المباشر حتى المستوى {entry_level}): "
        "غرامة بنسبة {rate} من حصة الصندوق.",
        "Care at pyramid level {level} without a referral (direct access up to level {entry_level}): "
        "penalty of {rate} of the fund share.",
    ),
    _R.YEARLY_CEILING_REACHED: ReasonText(
        "yearly_ceiling",
        _E.REDUCE,
        "Plafond annuel {category} {year} de {ceiling} {currency} ; {used} {currency} déjà payés.",
        "السقف السنوي {category} لسنة {year} هو {ceiling} {currency}؛ سبق أداء {used} {currency}.",
        "Yearly ceiling for {category} in {year} is {ceiling} {currency}; {used} {currency} already paid.",
    ),
    _R.BELOW_DIRECT_BILLING_THRESHOLD: ReasonText(
        "direct_billing_threshold",
        _E.REJECT,
        "Total du dossier {total} {currency}, sous le seuil de tiers payant de {threshold} {currency} : "
        "la caisse ne le paie pas à l'établissement. L'assuré règle l'établissement et dépose sa demande "
        "de remboursement à la caisse.",
        "مجموع الملف {total} {currency} أقل من عتبة الثالث المؤدي {threshold} {currency}: "
        "لا يؤدي الصندوق هذا الملف للمؤسسة. يؤدي المؤمن له المصاريف للمؤسسة ثم يودع طلب الاسترداد "
        "لدى الصندوق.",
        "File total {total} {currency} is below the direct-billing threshold of {threshold} {currency}: "
        "the fund does not pay the facility for it. The insured pays the facility and files for "
        "reimbursement at the fund.",
    ),
    _R.PROTOCOL_MISMATCH: ReasonText(
        "medical_review",
        _E.MEDICAL_REVIEW,
        "Le code {code} ne figure pas au protocole thérapeutique du diagnostic {diagnosis}.",
        "الرمز {code} غير وارد في البروتوكول العلاجي للتشخيص {diagnosis}.",
        "Code {code} is not in the treatment protocol for diagnosis {diagnosis}.",
    ),
    _R.OVERBILLING_ANOMALY: ReasonText(
        "medical_review",
        _E.MEDICAL_REVIEW,
        "Code {code} facturé {billed} {currency}, plus de {factor} fois le tarif de {tariff} {currency}.",
        "الرمز {code} مفوتر بمبلغ {billed} {currency}، أكثر من {factor} مرات التعريفة {tariff} {currency}.",
        "Code {code} billed {billed} {currency}, more than {factor} times the tariff of {tariff} {currency}.",
    ),
    _R.ANOMALY_FLAGGED: ReasonText(
        "medical_review",
        _E.MEDICAL_REVIEW,
        "Anomalies signalées sur le dossier : {flags}.",
        "حالات شاذة مرصودة في الملف: {flags}.",
        "Anomalies flagged on the file: {flags}.",
    ),
    _R.AMOUNT_OVER_REVIEW_LIMIT: ReasonText(
        "medical_review",
        _E.MEDICAL_REVIEW,
        "Total du dossier {total} {currency}, au-delà du seuil de contrôle médical de {limit} {currency}.",
        "مجموع الملف {total} {currency} يتجاوز عتبة المراقبة الطبية {limit} {currency}.",
        "File total {total} {currency} is above the medical review limit of {limit} {currency}.",
    ),
    _R.RANDOM_REVIEW_SAMPLE: ReasonText(
        "medical_review",
        _E.MEDICAL_REVIEW,
        "Dossier tiré au sort pour le contrôle médical (échantillon de {rate}).",
        "ملف تم اختياره بالقرعة للمراقبة الطبية (عينة بنسبة {rate}).",
        "File drawn for medical review (sample of {rate}).",
    ),
}

#: The rule behind each rule name, and its source.
RULE_SOURCES: dict[str, str] = {
    "time_bar": "002 (CNOPS, 3 months); months from the profile",
    "documents": "000 (CNASS), 002 (CNOPS); list per file type from the profile",
    "rights": "000 (CNASS), 002 (CNOPS dependants 21/26); ages and certificates from the profile",
    "facility_agreement": "000, 001 (CNASS agreements), 002 (CNOPS direct billing)",
    "facility_allowed": "000 (care pyramid); catalogue constraints",
    "benefit_package": "000 (benefit package set with the ministry), 002 (nomenclatures)",
    "age_sex": "catalogue constraints",
    "duplicates": "000 (administrative check), 002 (batches)",
    "prior_approval": "002 (CNOPS PEC before the act, emergencies regularised on the first working day, "
    "drugs for 3 cycles), 004 (CNSS prior approval needed to claim); categories from the profile",
    "frequency": "catalogue limits; 002 (dialysis sessions per week)",
    "valuation": "002 (key letter × coefficient, fund and patient shares); rates from the profile",
    "yearly_ceiling": "profile",
    "care_pyramid": "000 (CNASS pyramid penalty); levels and rate from the profile",
    "direct_billing_threshold": "002 (CNOPS 200 MAD: below it the insured pays and files), 004 (CNSS "
    "reimbursement); threshold from the profile",
    "medical_review": "000 (medical control against protocols); limit, sample rate and seed from the profile",
}


def _format(value: ParamValue) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def _params(finding: Finding) -> dict[str, str]:
    out = {name: _format(value) for name, value in finding.params}
    rate = finding.param("rate")
    if isinstance(rate, Decimal):
        out["rate"] = percent(rate)
    return out


def percent(rate: Decimal) -> str:
    """A fraction as a percentage: Decimal("0.2") → "20 %"."""
    text = f"{rate * 100:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} %"


def template(code: Reason, lang: Language) -> str:
    entry = CATALOGUE[code]
    if lang == "fr":
        return entry.fr
    if lang == "ar":
        return entry.ar
    if lang == "en":
        return entry.en
    raise ValueError(f"unknown language {lang!r}; use one of {LANGUAGES}")


def finding_text(finding: Finding, lang: Language = "fr") -> str:
    """The finding's text in French, Arabic or English, its placeholders filled from its parameters."""
    return template(finding.code, lang).format_map(_params(finding))


def reasons_markdown() -> str:
    """The whole catalogue as a Markdown page (the content of ``docs/reasons.md``)."""
    out = [
        "# Reason codes of the adjudication engine",
        "",
        "Generated from `sanad.adjudication.reasons` by `python -m sanad.adjudication > docs/reasons.md`; "
        "do not edit by hand.",
        "Every line or file decision carries findings; each finding has one of these codes, the rule that "
        "made it and the parameters that fill the `{placeholders}`.",
        "Effects: `reject` the line is not paid; `reduce` the line is paid in part (rejected when nothing is "
        "left); `administrative_check` / `medical_review` a person decides; `information` nothing changes.",
        "",
        "| Code | Rule | Effect | Français | العربية | English |",
        "|---|---|---|---|---|---|",
    ]
    for code in Reason:
        entry = CATALOGUE[code]
        cells = [f"`{code.value}`", entry.rule, entry.effect.value, entry.fr, entry.ar, entry.en]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    out += ["", "## Rules and their sources", "", "| Rule | Source (seed file, profile) |", "|---|---|"]
    for rule, source in RULE_SOURCES.items():
        out.append(f"| {rule} | {source} |")
    return "\n".join(out) + "\n"
