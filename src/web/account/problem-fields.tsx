import { type FieldErrors, Radios, TextArea } from '../shell/components.js';
import { SEVERITY_CHOICES } from '../shell/labels.js';

/** What a problem report asks, wherever it is made (/signaler, a machine's page). */
export function ProblemFields({ values, errors }: { values: { severity: string; description: string }; errors: FieldErrors }) {
  return (
    <>
      <Radios name="severity" legend="Est-ce qu’elle marche encore ?" value={values.severity} choices={SEVERITY_CHOICES} error={errors.severity} />
      <TextArea
        name="description"
        label="Qu’est-ce qui se passe ?"
        hint="Par exemple : la buse est bouchée, le plastique ne sort plus."
        value={values.description}
        maxLength={2000}
        error={errors.description}
      />
    </>
  );
}
