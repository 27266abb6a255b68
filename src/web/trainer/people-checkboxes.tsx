export interface Person {
  id: string;
  name: string;
}

/**
 * Young people to tick, as a fieldset whose legend is the question. The first box bears `id`
 * so the error summary's link lands on it; the others `id-N`.
 */
export function PeopleCheckboxes(props: {
  id: string;
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  people: Person[];
  checked: Set<string>;
}) {
  const { id, name, legend, hint, error, people, checked } = props;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <fieldset aria-describedby={describedBy}>
        <legend>{legend}</legend>
        {hint ? (
          <p class="hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        {error ? (
          <p class="error-message" id={`${id}-error`}>
            <span class="visually-hidden">Erreur : </span>
            {error}
          </p>
        ) : null}
        {people.map((person, index) => {
          const boxId = index === 0 ? id : `${id}-${index}`;
          return (
            <div class="checkbox" key={person.id}>
              <input type="checkbox" id={boxId} name={name} value={person.id} checked={checked.has(person.id)} />
              <label for={boxId}>{person.name}</label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}
