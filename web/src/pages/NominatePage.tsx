/**
 * `/officers/new`: the agency's nomination of an officer for 287(g) designation, with the
 * eligibility checklist as far as it is known. Items left blank can be recorded later.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { isIceRole } from '../access.ts';
import {
  ApiError,
  api,
  ELIGIBILITY_ITEMS,
  type EligibilityItem,
  type EligibilityRecord,
  MODELS,
  type Model,
  type User,
} from '../api.ts';
import { SignedIn, useSignOutOnUnauthorized } from '../components/auth.tsx';
import { InputField, Radio, SelectField } from '../components/fields.tsx';
import { setFlash } from '../flash.ts';
import { eligibilityLabel, MODEL_NAMES, stateName, todayUtc } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { Link, navigate, useSearchParams } from '../router.tsx';

export function NominatePage() {
  useDocumentTitle('Nominate an officer');
  return (
    <SignedIn title="Nominate an officer" area="nominate">
      {(user) => <NominationForm user={user} />}
    </SignedIn>
  );
}

interface ItemDraft {
  satisfied: '' | 'yes' | 'no';
  evidence: string;
  dated: string;
}

const blank = (): ItemDraft => ({ satisfied: '', evidence: '', dated: '' });

function NominationForm({ user }: { user: User }) {
  const id = useId();
  const ice = isIceRole(user.role);
  const params = useSearchParams();
  const moas = useApi((signal) => api.moas({}, { signal }), [], ice);
  const [agencyId, setAgencyId] = useState(ice ? (params.get('agencyId') ?? '') : (user.agencyId ?? ''));
  const [displayName, setDisplayName] = useState('');
  const [badge, setBadge] = useState('');
  const [model, setModel] = useState<Model | ''>('');
  const [items, setItems] = useState<Record<EligibilityItem, ItemDraft>>(
    () =>
      Object.fromEntries(ELIGIBILITY_ITEMS.map((i) => [i, blank()])) as Record<EligibilityItem, ItemDraft>,
  );
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  useSignOutOnUnauthorized(moas.error, error);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const agencies = [
    ...new Map(
      (moas.data?.items ?? []).map((m) => [
        m.agencyId,
        { id: m.agencyId, name: m.agencyName, state: m.state },
      ]),
    ).values(),
  ].sort((a, b) => a.name.localeCompare(b.name));

  const setItem = (item: EligibilityItem, patch: Partial<ItemDraft>) =>
    setItems((all) => ({ ...all, [item]: { ...all[item], ...patch } }));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const eligibility: EligibilityRecord[] = [];
    for (const item of ELIGIBILITY_ITEMS) {
      const d = items[item];
      const touched = d.satisfied !== '' || d.evidence.trim() !== '' || d.dated !== '';
      if (!touched) continue;
      if (d.satisfied === '' || !d.evidence.trim() || !d.dated) {
        setError(
          new ApiError(400, {
            title: 'The checklist is incomplete',
            detail: `“${eligibilityLabel(item)}” needs all three: satisfied or not, the evidence, and its date. Leave an item blank to record it later.`,
          }),
        );
        return;
      }
      eligibility.push({
        item,
        satisfied: d.satisfied === 'yes',
        evidence: d.evidence.trim(),
        dated: d.dated,
      });
    }
    if (!model) return;
    setSubmitting(true);
    try {
      const { officerId } = await api.nominate({
        agencyId,
        displayName: displayName.trim(),
        badge: badge.trim() || null,
        model,
        eligibility,
      });
      setFlash(
        `${displayName.trim()} is nominated for the ${MODEL_NAMES[model]} (${model}). The ICE 287(g) program office has been notified and decides the nomination once every eligibility item is satisfied.`,
      );
      navigate(`/officers/${encodeURIComponent(officerId)}`);
    } catch (cause) {
      setError(
        cause instanceof ApiError
          ? cause
          : new ApiError(0, { title: 'The nomination was not recorded', detail: String(cause) }),
      );
      setSubmitting(false);
    }
  };

  return (
    <>
      <p className="breadcrumb">
        <Link to="/officers">Officers</Link> <span aria-hidden="true">›</span> Nomination
      </p>
      <div className="page-head">
        <h1>Nominate an officer</h1>
        <p className="lede">
          The agency nominates one of its officers for 287(g) designation under one model. ICE approves the
          nomination only when every eligibility item below is recorded and satisfied; items not yet known can
          be left blank and recorded on the officer’s page while the nomination is open.
        </p>
      </div>
      {error ? (
        <div
          className="notice notice-error"
          role="alert"
          tabIndex={-1}
          ref={errorRef}
          data-testid="nomination-error"
        >
          <p className="notice-title">{error.title}</p>
          {error.detail && error.detail !== error.title ? <p>{error.detail}</p> : null}
        </div>
      ) : null}
      <form className="card form form-wide" data-testid="nomination-form" onSubmit={onSubmit}>
        {ice ? (
          <SelectField label="Agency" required value={agencyId} onChange={setAgencyId}>
            <option value="">Choose the agency</option>
            {agencyId && !agencies.some((a) => a.id === agencyId) ? (
              <option value={agencyId}>Agency {agencyId}</option>
            ) : null}
            {agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({stateName(a.state)})
              </option>
            ))}
          </SelectField>
        ) : null}
        <div className="form-row">
          <InputField
            label="Officer’s name"
            className="field-grow"
            type="text"
            required
            maxLength={200}
            autoComplete="off"
            value={displayName}
            onChange={setDisplayName}
          />
          <InputField
            label="Badge number (optional)"
            type="text"
            maxLength={40}
            autoComplete="off"
            value={badge}
            onChange={setBadge}
          />
          <SelectField label="Model" required value={model} onChange={(v) => setModel(v as Model | '')}>
            <option value="">Choose a model</option>
            {MODELS.map((m) => (
              <option key={m} value={m}>
                {MODEL_NAMES[m]} ({m})
              </option>
            ))}
          </SelectField>
        </div>

        <fieldset className="checklist">
          <legend>Eligibility checklist</legend>
          <p className="form-note">
            For each item: whether it is satisfied, the evidence on file (for example the document or record
            relied on), and the date of that evidence.
          </p>
          {ELIGIBILITY_ITEMS.map((item) => {
            const d = items[item];
            const base = `${id}-${item}`;
            return (
              <fieldset key={item} className="checklist-item" data-item={item}>
                <legend>{eligibilityLabel(item)}</legend>
                <div className="form-row">
                  <fieldset className="choice-group choice-inline">
                    <legend>Satisfied</legend>
                    {(['yes', 'no'] as const).map((v) => (
                      <Radio
                        key={v}
                        name={`${base}-satisfied`}
                        value={v}
                        checked={d.satisfied === v}
                        onSelect={() => setItem(item, { satisfied: v })}
                      >
                        {v === 'yes' ? 'Yes' : 'No'}
                      </Radio>
                    ))}
                  </fieldset>
                  <InputField
                    label="Evidence"
                    className="field-grow"
                    type="text"
                    maxLength={1000}
                    value={d.evidence}
                    onChange={(evidence) => setItem(item, { evidence })}
                  />
                  <InputField
                    label="Date of evidence"
                    type="date"
                    max={todayUtc()}
                    value={d.dated}
                    onChange={(dated) => setItem(item, { dated })}
                  />
                </div>
              </fieldset>
            );
          })}
        </fieldset>
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitting ? 'Recording the nomination…' : 'Nominate the officer'}
        </button>
      </form>
    </>
  );
}
