/**
 * The Task Force Model field safeguards (design/product.md "TFM"; domain.md §1.4, §4.7), as pure
 * checks: the lawful basis of a stop or arrest (a code of `STOP_BASES` and a narrative; never
 * immigration status or a protected characteristic), the INA §287(a)(2) "likely to escape"
 * justification of a warrantless arrest, the 8 CFR 287.3(a) examination by an officer other than
 * the arresting one (or the recorded exception), and the 8 CFR 287.3(c) advisals. Each check
 * answers null when the input passes, or the rule, a sentence for the person at the screen and
 * the citation.
 */
import { FORBIDDEN_STOP_BASES, STOP_BASES, type StopBasis } from './jem-case.ts';

export interface TfmRefusal {
  ruleId: string;
  message: string;
  citation: string;
}

export const STOP_BASIS_CITATION = '8 U.S.C. §1357(g)(1); U.S. Const. amend. IV, XIV';
export const WARRANTLESS_ARREST_CITATION = 'INA §287(a)(2); 8 U.S.C. §1357(a)(2)';
export const EXAMINATION_CITATION = '8 CFR 287.3(a)';
export const ADVISALS_CITATION = '8 CFR 287.3(c)';

/** Shortest narrative of the stop's basis, of the "likely to escape" facts, and of an exception's reason. */
export const MIN_BASIS_NARRATIVE = 20;
export const MIN_LIKELY_TO_ESCAPE = 40;
export const MIN_LIKELY_TO_ESCAPE_WORDS = 6;
export const MIN_EXCEPTION_REASON = 20;

/** Human labels of the accepted bases, for messages and screens. */
export const STOP_BASIS_LABEL: Record<StopBasis, string> = {
  traffic_violation: 'Traffic violation',
  observed_criminal_offense: 'Criminal offense observed by the officer',
  criminal_warrant: 'Outstanding criminal warrant',
  probable_cause_criminal_offense: 'Probable cause of a criminal offense',
  reasonable_suspicion_criminal_activity: 'Reasonable suspicion of criminal activity',
  ice_identified_lead_with_warrant: 'ICE-identified lead with a signed I-200 or I-205',
  consensual_encounter: 'Consensual encounter',
};

const FORBIDDEN_LABEL: Record<(typeof FORBIDDEN_STOP_BASES)[number], string> = {
  immigration_status: 'immigration status',
  race: 'race',
  ethnicity: 'ethnicity',
  national_origin: 'national origin',
  religion: 'religion',
  language: 'language',
  appearance: 'appearance',
};

const refuse = (ruleId: string, message: string, citation: string): TfmRefusal => ({
  ruleId,
  message,
  citation,
});

/**
 * Phrasings that name immigration status or a protected characteristic as a reason. A safeguard
 * against the common ways of writing it, not a classifier: ICE reviews every narrative too.
 */
const FORBIDDEN_PHRASES: ReadonlyArray<{ pattern: RegExp; names: string }> = [
  { pattern: /\bimmigration status\b/i, names: 'immigration status' },
  {
    pattern:
      /\b(?:undocumented|illegal (?:alien|immigrant)s?|illegals|illegally present|(?:no|without) (?:immigration )?papers)\b/i,
    names: 'immigration status',
  },
  {
    pattern:
      /\b(?:looked|appeared|seemed|suspected (?:to be|of being)) (?:to be )?(?:an? )?(?:alien|immigrant|foreign(?:er)?|not from here)\b/i,
    names: 'immigration status',
  },
  {
    pattern:
      /\b(?:his|her|their|the subject'?s|the driver'?s|apparent|perceived|based on|because of) (?:race|ethnicity|ethnic background|religion|national origin|skin colou?r|complexion|accent|appearance|language)\b/i,
    names: 'a protected characteristic',
  },
  { pattern: /\b(?:racial|ethnic) (?:profile|profiling|appearance|features)\b/i, names: 'race or ethnicity' },
  {
    pattern:
      /\b(?:looked|appeared|seemed) (?:to be )?(?:hispanic|latino|latina|latinx|mexican|middle eastern|muslim|arab|asian|african|black|foreign)\b/i,
    names: 'race, ethnicity, national origin or religion',
  },
  {
    pattern: /\b(?:hispanic|latino|latina|mexican|foreign|middle eastern|arab)[- ]looking\b/i,
    names: 'race, ethnicity or national origin',
  },
  {
    pattern:
      /\b(?:spoke|speaks|speaking|spoken) (?:only |no |little )?(?:spanish|english|a foreign language|with an accent)\b|\b(?:foreign|heavy|thick) accent\b/i,
    names: 'language',
  },
  {
    pattern: /\b(?:wore|wearing|wears) (?:an? )?(?:hijab|turban|headscarf|kippah|niqab)\b/i,
    names: 'religion',
  },
];

/** The first phrase of `text` that names a forbidden reason, or null. */
export function forbiddenReasonIn(text: string): { phrase: string; names: string } | null {
  for (const f of FORBIDDEN_PHRASES) {
    const m = f.pattern.exec(text);
    if (m) return { phrase: m[0], names: f.names };
  }
  return null;
}

const isStopBasis = (s: string): s is StopBasis => (STOP_BASES as readonly string[]).includes(s);

/** The lawful basis of the stop or arrest: an accepted code and a narrative that names no forbidden reason. */
export function checkStopBasis(
  basis: string | null | undefined,
  narrative: string | null | undefined,
): TfmRefusal | null {
  const code = (basis ?? '').trim();
  if (!code)
    return refuse(
      'tfm.basis-required',
      `Record the lawful basis for the stop or arrest: one of ${STOP_BASES.join(', ')}.`,
      STOP_BASIS_CITATION,
    );
  const forbidden = (FORBIDDEN_STOP_BASES as readonly string[]).includes(code)
    ? FORBIDDEN_LABEL[code as (typeof FORBIDDEN_STOP_BASES)[number]]
    : null;
  if (forbidden)
    return refuse(
      'tfm.forbidden-basis',
      `${forbidden[0]!.toUpperCase()}${forbidden.slice(1)} is never a lawful basis for a stop or arrest: immigration status and protected characteristics (race, ethnicity, national origin, religion, language, appearance) are not accepted.`,
      STOP_BASIS_CITATION,
    );
  if (!isStopBasis(code))
    return refuse(
      'tfm.unknown-basis',
      `"${code.slice(0, 60)}" is not an accepted basis; use one of ${STOP_BASES.join(', ')}.`,
      STOP_BASIS_CITATION,
    );
  const text = (narrative ?? '').trim();
  if (text.length < MIN_BASIS_NARRATIVE)
    return refuse(
      'tfm.basis-narrative-required',
      `Describe the facts of the basis (at least ${MIN_BASIS_NARRATIVE} characters).`,
      STOP_BASIS_CITATION,
    );
  const named = forbiddenReasonIn(text);
  if (named)
    return refuse(
      'tfm.forbidden-basis',
      `The narrative gives ${named.names} ("${named.phrase}") as a reason: immigration status and protected characteristics are never a lawful basis for a stop or arrest. Describe the criminal or traffic facts that justified it.`,
      STOP_BASIS_CITATION,
    );
  return null;
}

/** INA §287(a)(2): the facts showing the person is likely to escape before a warrant can be obtained. */
export function checkLikelyToEscape(justification: string | null | undefined): TfmRefusal | null {
  const text = (justification ?? '').trim();
  const words = text.split(/\s+/).filter((w) => /[A-Za-z]{2,}/.test(w)).length;
  if (text.length < MIN_LIKELY_TO_ESCAPE || words < MIN_LIKELY_TO_ESCAPE_WORDS)
    return refuse(
      'tfm.likely-to-escape-required',
      `A warrantless arrest needs the recorded facts showing the person is likely to escape before a warrant can be obtained (at least ${MIN_LIKELY_TO_ESCAPE} characters and ${MIN_LIKELY_TO_ESCAPE_WORDS} words).`,
      WARRANTLESS_ARREST_CITATION,
    );
  const named = forbiddenReasonIn(text);
  if (named)
    return refuse(
      'tfm.forbidden-basis',
      `The justification gives ${named.names} ("${named.phrase}") as a reason; it is never a lawful basis for an arrest.`,
      STOP_BASIS_CITATION,
    );
  return null;
}

/**
 * 8 CFR 287.3(a): the person arrested without a warrant is examined by an officer other than the
 * arresting one; the arresting officer examines only when no other qualified officer is readily
 * available and the delay would be unnecessary — the recorded exception, with its reason.
 */
export function checkExamination(o: {
  arrestedBy: string | null;
  examinerId: string;
  exception: string | null | undefined;
}): TfmRefusal | null {
  if (!o.arrestedBy)
    return refuse(
      'tfm.examination-needs-arrest',
      'An examination under 8 CFR 287.3 follows a warrantless arrest; none is recorded on this case.',
      EXAMINATION_CITATION,
    );
  const reason = (o.exception ?? '').trim();
  const same = o.examinerId === o.arrestedBy;
  if (!same && reason)
    return refuse(
      'tfm.exception-not-applicable',
      'The 8 CFR 287.3(a) exception is recorded only when the arresting officer examines the person; you did not make this arrest.',
      EXAMINATION_CITATION,
    );
  if (same && !reason)
    return refuse(
      'tfm.examiner-is-arresting-officer',
      'The person must be examined by an officer other than the arresting officer. Record the 8 CFR 287.3(a) exception (no other qualified officer readily available, and the delay would be unnecessary) with its reason, or have another officer examine.',
      EXAMINATION_CITATION,
    );
  if (same && reason.length < MIN_EXCEPTION_REASON)
    return refuse(
      'tfm.exception-reason-required',
      `Give the reason no other qualified officer was readily available (at least ${MIN_EXCEPTION_REASON} characters).`,
      EXAMINATION_CITATION,
    );
  return null;
}

/** The three advisals of 8 CFR 287.3(c), each confirmed. */
export interface ArrestAdvisalsInput {
  reasonsForArrest: boolean;
  rightToCounsel: boolean;
  legalServicesList: boolean;
}

export function checkArrestAdvisals(a: ArrestAdvisalsInput): TfmRefusal | null {
  const missing = [
    a.reasonsForArrest ? null : 'the reasons for the arrest',
    a.rightToCounsel ? null : 'the right to counsel at no expense to the government',
    a.legalServicesList ? null : 'the list of free legal services',
  ].filter((m): m is string => m !== null);
  return missing.length === 0
    ? null
    : refuse(
        'tfm.arrest-advisals-incomplete',
        `The 8 CFR 287.3(c) advisals are recorded only when all are given; missing: ${missing.join('; ')}.`,
        ADVISALS_CITATION,
      );
}

/**
 * Whether a case with a warrantless arrest is ready for the I-213 (the examination and the
 * advisals recorded) or for its charging document to be finalised (the advisals recorded); the
 * case-step check (`checkCaseStep`) applies the same rule.
 */
export { warrantlessArrestIncomplete as checkArrestCompleted } from './jem-case.ts';
