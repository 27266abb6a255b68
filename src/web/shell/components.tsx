import type { ComponentChildren } from 'preact';
import { CSRF_FIELD, type PageContext } from './web-request.js';

/** Errors of a form, by field name, in the order of the form. */
export type FieldErrors = Record<string, string>;

export const hasErrors = (errors: FieldErrors): boolean => Object.keys(errors).length > 0;

/** The GOV.UK error summary: at the top of the form, each error a link to its field. */
export function ErrorSummary({ errors, title = 'Il y a un problème' }: { errors: FieldErrors; title?: string }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            {field === '_form' ? message : <a href={`#${field}`}>{message}</a>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A short confirmation after a successful action (post/redirect/get). */
export function Notice({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div class="notice" role="status">
      <Icon name="check" /> {message}
    </div>
  );
}

export function Csrf({ page }: { page: PageContext }) {
  return <input type="hidden" name={CSRF_FIELD} value={page.csrf} />;
}

/** A form that changes something: POST, with its CSRF token. */
export function PostForm({ page, action, children, class: className, enctype }: { page: PageContext; action: string; children: ComponentChildren; class?: string; enctype?: string }) {
  return (
    <form method="post" action={action} class={className} enctype={enctype} novalidate>
      <Csrf page={page} />
      {children}
    </form>
  );
}

interface FieldProps {
  name: string;
  /** The element's id when several forms of a page have a field of this name. */
  id?: string;
  label: string;
  hint?: string;
  error?: string;
}

const describedBy = (name: string, hint?: string, error?: string): string | undefined =>
  [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;

function FieldFrame({ name, id = name, label, hint, error, children }: FieldProps & { children: ComponentChildren }) {
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      {error ? (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Erreur : </span>
          {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

export function TextInput(
  props: FieldProps & {
    value?: string | null;
    type?: 'text' | 'password' | 'email' | 'url' | 'tel' | 'number' | 'date' | 'search';
    autocomplete?: string;
    required?: boolean;
    maxLength?: number;
    inputMode?: 'text' | 'numeric' | 'url' | 'email' | 'tel';
    spellcheck?: boolean;
    autocapitalize?: 'on' | 'off' | 'none' | 'sentences' | 'words' | 'characters';
  },
) {
  const { name, id = name, value, type = 'text', autocomplete, required, maxLength, inputMode, spellcheck, autocapitalize, hint, error } = props;
  return (
    <FieldFrame {...props}>
      {/* Preact types <input> per type value; the props are the same for all the text-like ones. */}
      <input
        {...({
          id,
          name,
          type,
          value: value ?? '',
          autocomplete,
          required,
          maxLength,
          inputMode,
          spellcheck,
          autocapitalize,
          'aria-describedby': describedBy(id, hint, error),
          'aria-invalid': error ? 'true' : undefined,
        } as object)}
      />
    </FieldFrame>
  );
}

export function TextArea(props: FieldProps & { value?: string | null; rows?: number; maxLength?: number; required?: boolean }) {
  const { name, id = name, value, rows = 4, maxLength, required, hint, error } = props;
  return (
    <FieldFrame {...props}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        required={required}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      >
        {value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

export function Select(props: FieldProps & { value?: string | null; choices: Choice[]; placeholder?: string; required?: boolean }) {
  const { name, id = name, value, choices, placeholder, required, hint, error } = props;
  return (
    <FieldFrame {...props}>
      <select id={id} name={name} required={required} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? 'true' : undefined}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value} selected={choice.value === value}>
            {choice.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** Radio buttons in a fieldset whose legend is the question. */
export function Radios({ name, legend, hint, error, value, choices }: { name: string; legend: string; hint?: string; error?: string; value?: string | null; choices: Choice[] }) {
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <fieldset aria-describedby={describedBy(name, hint, error)}>
        <legend>{legend}</legend>
        {hint ? <p class="hint" id={`${name}-hint`}>{hint}</p> : null}
        {error ? (
          <p class="error-message" id={`${name}-error`}>
            <span class="visually-hidden">Erreur : </span>
            {error}
          </p>
        ) : null}
        <div class="radios">
          {choices.map((choice, index) => {
            // The first radio bears the group's name as id: the error summary's link lands on it.
            const id = index === 0 ? name : `${name}-${choice.value}`;
            return (
              <div class="radio" key={choice.value}>
                <input type="radio" id={id} name={name} value={choice.value} checked={choice.value === value} aria-describedby={choice.hint ? `${id}-hint` : undefined} />
                <label for={id}>{choice.label}</label>
                {choice.hint ? <p class="hint" id={`${id}-hint`}>{choice.hint}</p> : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Checkbox({ name, label, checked, hint }: { name: string; label: string; checked: boolean; hint?: string }) {
  return (
    <div class="checkbox">
      <input type="checkbox" id={name} name={name} value="on" checked={checked} aria-describedby={hint ? `${name}-hint` : undefined} />
      <label for={name}>{label}</label>
      {hint ? <p class="hint" id={`${name}-hint`}>{hint}</p> : null}
    </div>
  );
}

const ICONS: Record<string, string> = {
  check: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z',
  arrow: 'M12 4l-1.4 1.4L16.2 11H4v2h12.2l-5.6 5.6L12 20l8-8z',
  alert: 'M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z',
  clock: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 11h-5v-2h3V6h2z',
  lock: 'M18 8h-1V6A5 5 0 0 0 7 6v2H6a2 2 0 0 0-2 2v10c0 1.1.9 2 2 2h12a2 2 0 0 0 2-2V10a2 2 0 0 0-2-2zm-6 9a2 2 0 1 1 0-4 2 2 0 0 1 0 4zm3.1-9H8.9V6a3.1 3.1 0 0 1 6.2 0z',
  bell: 'M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2zm6-6V11c0-3.1-1.6-5.6-4.5-6.3V4a1.5 1.5 0 0 0-3 0v.7C7.6 5.4 6 7.9 6 11v5l-2 2v1h16v-1z',
  circle: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16z',
  send: 'M2 21 23 12 2 3v7l15 2-15 2z',
};

/** An inline SVG icon, decorative: the text beside it carries the meaning. */
export function Icon({ name }: { name: keyof typeof ICONS }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path d={ICONS[name]} />
    </svg>
  );
}
