import type { Audience } from '../../participants/audience.js';
import type { EnrollmentStatus, Outcome, StepStatus } from '../../participants/enrollment-status.js';
import type { Gender } from '../../participants/gender.js';
import type { ProgressEventType } from '../../participants/progress-event-type.js';
import type { Choice } from '../shell/components.js';

/** The words staff read for a participant's enumerations. */
export const AUDIENCE_LABEL: Record<Audience, string> = {
  insertion: 'Insertion professionnelle',
  dropout: 'Décrochage scolaire',
  pupil: 'Élève',
  other: 'Autre',
};

export const AUDIENCE_CHOICES: Choice[] = [
  { value: 'insertion', label: AUDIENCE_LABEL.insertion, hint: 'Suivi par la mission locale, France Travail, une école de la 2e chance…' },
  { value: 'dropout', label: AUDIENCE_LABEL.dropout, hint: 'A quitté l’école sans diplôme ni formation.' },
  { value: 'pupil', label: AUDIENCE_LABEL.pupil, hint: 'Collégien, lycéen, venu seul ou avec sa classe.' },
  { value: 'other', label: AUDIENCE_LABEL.other },
];

export const GENDER_LABEL: Record<Gender, string> = {
  female: 'Fille',
  male: 'Garçon',
  nonbinary: 'Non binaire',
  undisclosed: 'Ne veut pas le dire',
};

export const GENDER_CHOICES: Choice[] = (Object.keys(GENDER_LABEL) as Gender[]).map((value) => ({ value, label: GENDER_LABEL[value] }));

export const ENROLMENT_STATUS_LABEL: Record<EnrollmentStatus, string> = {
  active: 'en cours',
  paused: 'en pause',
  completed: 'terminé',
  withdrawn: 'arrêté',
};

export const STEP_STATUS_LABEL: Record<StepStatus, string> = {
  todo: 'à faire',
  submitted: 'à valider',
  validated: 'validée',
};

export const OUTCOME_LABEL: Record<Outcome, string> = {
  employment: 'Emploi',
  training: 'Formation',
  school_return: 'Retour à l’école',
  civic_service: 'Service civique',
  business_creation: 'Création d’entreprise',
  none: 'Sans solution pour l’instant',
  unknown: 'On ne sait pas',
};

/** What an event of the progress log says, after "who": "a validé l’étape …". */
export const EVENT_LABEL: Record<ProgressEventType, string> = {
  enrolled: 'Inscription au parcours',
  submitted: 'Étape envoyée pour validation',
  validated: 'Étape validée',
  rejected: 'Étape à refaire',
  paused: 'Parcours mis en pause',
  resumed: 'Parcours repris',
  withdrawn: 'Parcours arrêté',
  completed: 'Parcours terminé',
  outcome: 'Suite du parcours notée',
};
