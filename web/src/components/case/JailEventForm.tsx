/**
 * The coordinator's "Jail events" form on a case: the jail records that the person would
 * otherwise be released (which starts the hold clock on an effective detainer) or has left its
 * custody. The time is entered in the browser's local time and sent as an ISO instant; the API's
 * answer (the hold clock and its end, or the case closing) or its refusal is shown like any step.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, type CaseDetail, caseworkApi, JAIL_EVENT_KINDS, type JailEventKind } from '../../api.ts';
import { navigate, useSearchParams } from '../../router.tsx';
import { InputField, SelectField, TextAreaField } from '../fields.tsx';
import {
  initialJailEvent,
  isJailEventKind,
  JAIL_EVENT_LABELS,
  JAIL_EVENT_PARAM,
  jailEventMessage,
  jailEventNote,
  localInputToIso,
  toLocalInputValue,
} from './jail-events.ts';
import { StepForm } from './shared.tsx';

const NOTE_MAX = 500;

/** The browser's time zone name, for the label of the time field. */
function localZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
  } catch {
    return 'local time';
  }
}

export function JailEventForm({ detail, onDone }: { detail: CaseDetail; onDone: (message: string) => void }) {
  const c = detail.case;
  const request = useSearchParams().get(JAIL_EVENT_PARAM);
  const [kind, setKind] = useState<JailEventKind | ''>(() => initialJailEvent(c.status, request));
  const [when, setWhen] = useState(() => toLocalInputValue(new Date()));
  const [note, setNote] = useState('');
  const holder = useRef<HTMLDivElement>(null);
  // Opened from the jail's list: bring the form into view with its first field focused.
  const asked = request !== null;
  useEffect(() => {
    if (!asked) return;
    const first = holder.current?.querySelector<HTMLSelectElement>('select');
    holder.current?.scrollIntoView({ block: 'start' });
    first?.focus();
  }, [asked]);
  return (
    <div ref={holder} id="jail-events">
      <StepForm
        title="Jail events"
        note={jailEventNote(c.status, c.holdEndsAt)}
        submitLabel="Record the event"
        testId="form-jail-event"
        onDone={onDone}
        run={async () => {
          if (!kind || !isJailEventKind(kind)) throw new ApiError(400, { title: 'Choose the event.' });
          const occurredAt = localInputToIso(when);
          if (!occurredAt) throw new ApiError(400, { title: 'Enter the date and time of the event.' });
          const result = await caseworkApi.bookingEvent(detail.booking.bookingNumber, {
            kind,
            occurredAt,
            ...(note.trim() ? { note: note.trim() } : {}),
          });
          // Done with what the jail's list asked for: a reload must not bring the form back into focus.
          if (asked) navigate(window.location.pathname, { replace: true });
          return jailEventMessage(kind, occurredAt, c.status, result);
        }}
      >
        <SelectField
          label="Event"
          required
          value={kind}
          onChange={(v) => setKind(isJailEventKind(v) ? v : '')}
        >
          <option value="">Choose</option>
          {JAIL_EVENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {JAIL_EVENT_LABELS[k]}
            </option>
          ))}
        </SelectField>
        <InputField
          label={`When (your local time, ${localZone()})`}
          type="datetime-local"
          required
          value={when}
          onChange={setWhen}
        />
        <TextAreaField label="Note" required={false} maxLength={NOTE_MAX} value={note} onChange={setNote} />
      </StepForm>
    </div>
  );
}
