/**
 * Labelled form fields and small table/list pieces shared by the pages: each field owns its id
 * (from `useId`) so the label is always tied to its control.
 */
import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';

function fieldClass(className: string | undefined): string {
  return className ? `field ${className}` : 'field';
}

type Common = { label: ReactNode; onChange: (value: string) => void; className?: string };

/** `<div class="field"><label/><input/></div>`; `onChange` receives the new value. */
export function InputField({
  label,
  onChange,
  className,
  ...input
}: Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'id' | 'className'>) {
  const id = useId();
  return (
    <div className={fieldClass(className)}>
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** A required date input. */
export function DateField(props: Common & { value: string; max?: string }) {
  return <InputField type="date" required {...props} />;
}

/** A labelled `<select>`; the options are its children. */
export function SelectField({
  label,
  onChange,
  className,
  children,
  ...select
}: Common & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'id' | 'className'>) {
  const id = useId();
  return (
    <div className={fieldClass(className)}>
      <label htmlFor={id}>{label}</label>
      <select id={id} {...select} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </div>
  );
}

/** A labelled two-line textarea of at most 1,000 characters, required unless told otherwise. */
export function TextAreaField({
  label,
  onChange,
  className,
  required = true,
  ...textarea
}: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'id' | 'className'>) {
  const id = useId();
  return (
    <div className={fieldClass(className)}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={2}
        required={required}
        maxLength={1000}
        {...textarea}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** One radio button with its label, inside a `choice-group` fieldset. */
export function Radio({
  name,
  value,
  checked,
  onSelect,
  children,
}: {
  name: string;
  value?: string;
  checked: boolean;
  onSelect: () => void;
  children: ReactNode;
}) {
  return (
    <label className="choice">
      <input type="radio" name={name} value={value} checked={checked} onChange={onSelect} />
      {children}
    </label>
  );
}

/** The header row of a data table: one `<th scope="col">` a column; a column may carry a class. */
export function HeadRow({ columns }: { columns: (string | { label: string; className: string })[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          typeof c === 'string' ? (
            <th key={c} scope="col">
              {c}
            </th>
          ) : (
            <th key={c.label} scope="col" className={c.className}>
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

/** One term and its description in a `facts` definition list. */
export function Fact({ term, children }: { term: ReactNode; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** A scrolling data table with a visually hidden caption, a header row and the given body rows. */
export function DataTable({
  testId,
  caption,
  columns,
  className,
  children,
}: {
  testId: string;
  caption: ReactNode;
  columns: (string | { label: string; className: string })[];
  className?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <ScrollRegion labelledBy={id}>
      <table className={className ? `data-table ${className}` : 'data-table'} data-testid={testId}>
        <caption id={id} className="visually-hidden">
          {caption}
        </caption>
        <HeadRow columns={columns} />
        <tbody>{children}</tbody>
      </table>
    </ScrollRegion>
  );
}

/**
 * A horizontally scrolling box for a wide table: a named region the keyboard can reach, so a
 * phone user can scroll it without a pointer (WCAG 2.1.1; axe `scrollable-region-focusable`).
 */
export function ScrollRegion({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard.
    <section className="table-scroll" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </section>
  );
}
