/**
 * `/complaint`: the public complaint form (issue 8), without sign-in, in English and Spanish.
 * The text of the page comes from the translation files in `../i18n/` (another language is one
 * more file and one more entry in TRANSLATIONS). The complainant's contact is optional; on
 * success the page shows the reference number to keep.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, type ComplaintLanguage, oversightApi } from '../api.ts';
import { InputField } from '../components/fields.tsx';
import { todayUtc } from '../format.ts';
import en from '../i18n/complaint.en.json' with { type: 'json' };
import es from '../i18n/complaint.es.json' with { type: 'json' };
import { navigate, useSearchParams } from '../router.tsx';

export type ComplaintText = typeof en;

/** The languages of the form, in the order the switch lists them. */
export const TRANSLATIONS: Record<ComplaintLanguage, ComplaintText> = { en, es };

const languageOf = (value: string | null): ComplaintLanguage => (value === 'es' ? 'es' : 'en');

export function ComplaintPage() {
  const params = useSearchParams();
  const language = languageOf(params.get('lang'));
  const t = TRANSLATIONS[language];
  useEffect(() => {
    document.title = `${t.documentTitle} · Delegate`;
  }, [t]);
  return (
    <div lang={t.lang} data-testid="complaint-page">
      <LanguageSwitch current={language} label={t.languageSwitch} />
      <ComplaintForm key={language} language={language} t={t} />
    </div>
  );
}

function LanguageSwitch({ current, label }: { current: ComplaintLanguage; label: string }) {
  return (
    <nav aria-label={label} className="button-row" data-testid="complaint-language">
      {(Object.keys(TRANSLATIONS) as ComplaintLanguage[]).map((code) => (
        <a
          key={code}
          href={`/complaint?lang=${code}`}
          lang={code}
          hrefLang={code}
          aria-current={code === current ? 'true' : undefined}
          className={code === current ? 'button button-primary' : 'button button-secondary'}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/complaint?lang=${code}`, { replace: true });
          }}
        >
          {TRANSLATIONS[code].languageName}
        </a>
      ))}
    </nav>
  );
}

function ComplaintForm({ language, t }: { language: ComplaintLanguage; t: ComplaintText }) {
  const id = useId();
  const [narrative, setNarrative] = useState('');
  const [occurredOn, setOccurredOn] = useState('');
  const [location, setLocation] = useState('');
  const [agencyName, setAgencyName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [reference, setReference] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);
  useEffect(() => {
    if (reference) doneRef.current?.focus();
  }, [reference]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      const answer = await oversightApi.submitComplaint({
        language,
        narrative,
        occurredOn: occurredOn || null,
        location: location || null,
        agencyName: agencyName || null,
        contact: { name: name || null, email: email || null, phone: phone || null },
      });
      setReference(answer.reference);
    } catch (cause) {
      setError(cause instanceof ApiError ? cause : new ApiError(0, { title: t.errorTitle }));
    } finally {
      setSubmitting(false);
    }
  };

  if (reference) {
    return (
      <div className="page-head">
        <h1>{t.heading}</h1>
        <div className="notice" role="status" tabIndex={-1} ref={doneRef} data-testid="complaint-received">
          <p className="notice-title">{t.receivedTitle}</p>
          <p>
            {t.referenceLabel}: <strong data-testid="complaint-reference">{reference}</strong>
          </p>
          <p>{t.referenceHint}</p>
        </div>
        <p>
          <button type="button" className="button button-secondary" onClick={() => setReference(null)}>
            {t.another}
          </button>
        </p>
      </div>
    );
  }

  const optional = (label: string) => `${label} (${t.optional})`;
  return (
    <>
      <div className="page-head">
        <h1>{t.heading}</h1>
        <p className="lede">{t.intro}</p>
        <p>{t.privacy}</p>
      </div>
      {error ? (
        <div
          className="notice notice-error"
          role="alert"
          tabIndex={-1}
          ref={errorRef}
          data-testid="complaint-error"
        >
          <p className="notice-title">{t.errorTitle}</p>
          {error.detail ? <p>{error.detail}</p> : null}
        </div>
      ) : null}
      <form className="card form form-wide" data-testid="complaint-form" onSubmit={onSubmit}>
        <fieldset>
          <legend>{t.whatHappened}</legend>
          <div className="field">
            <label htmlFor={`${id}-narrative`}>
              {t.narrativeLabel} ({t.required})
            </label>
            <p className="form-note" id={`${id}-narrative-hint`}>
              {t.narrativeHint}
            </p>
            <textarea
              id={`${id}-narrative`}
              rows={8}
              required
              minLength={20}
              maxLength={10000}
              aria-describedby={`${id}-narrative-hint`}
              value={narrative}
              onChange={(e) => setNarrative(e.target.value)}
            />
          </div>
          <div className="form-row">
            <InputField
              label={optional(t.occurredOnLabel)}
              type="date"
              max={todayUtc()}
              value={occurredOn}
              onChange={setOccurredOn}
            />
            <InputField
              label={optional(t.locationLabel)}
              className="field-grow"
              type="text"
              maxLength={300}
              placeholder={t.locationHint}
              value={location}
              onChange={setLocation}
            />
          </div>
          <InputField
            label={optional(t.agencyLabel)}
            type="text"
            maxLength={300}
            placeholder={t.agencyHint}
            value={agencyName}
            onChange={setAgencyName}
          />
        </fieldset>
        <fieldset>
          <legend>{t.contactHeading}</legend>
          <p className="form-note">{t.contactHint}</p>
          <InputField
            label={optional(t.nameLabel)}
            type="text"
            maxLength={200}
            autoComplete="name"
            value={name}
            onChange={setName}
          />
          <div className="form-row">
            <InputField
              label={optional(t.emailLabel)}
              type="email"
              maxLength={254}
              autoComplete="email"
              value={email}
              onChange={setEmail}
            />
            <InputField
              label={optional(t.phoneLabel)}
              type="tel"
              maxLength={40}
              autoComplete="tel"
              value={phone}
              onChange={setPhone}
            />
          </div>
        </fieldset>
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitting ? t.submitting : t.submit}
        </button>
      </form>
    </>
  );
}
