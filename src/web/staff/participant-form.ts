import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { CreateParticipantDto } from '../../participants/dto/create-participant.dto.js';
import { needsParentalConsent } from '../../participants/participant-rules.js';
import type { FieldErrors } from '../shell/components.js';
import { formText } from '../shell/forms.js';

/** The enrolment form's fields, flat, as posted (and as re-shown after an error). */
export interface ParticipantFormValues {
  firstName: string;
  lastName: string;
  birthYear: string;
  gender: string;
  audience: string;
  livesInQpv: string;
  postcode: string;
  referredByPartnerId: string;
  email: string;
  phone: string;
  guardianName: string;
  guardianPhone: string;
  guardianEmail: string;
  parentalConsent: boolean;
  dataProcessing: boolean;
  imageRights: boolean;
  pathCode: string;
}

export const EMPTY_PARTICIPANT_FORM: ParticipantFormValues = {
  firstName: '',
  lastName: '',
  birthYear: '',
  gender: '',
  audience: '',
  livesInQpv: '',
  postcode: '',
  referredByPartnerId: '',
  email: '',
  phone: '',
  guardianName: '',
  guardianPhone: '',
  guardianEmail: '',
  parentalConsent: false,
  dataProcessing: false,
  imageRights: false,
  pathCode: '',
};

/**
 * Each field's sentence when the API's DTO refuses it, keyed by the DTO's property path, in the
 * order of the form. The form field it points at is the value's key in FIELD_OF.
 */
const MESSAGES: [path: string, field: keyof ParticipantFormValues, message: string][] = [
  ['firstName', 'firstName', 'Indiquez le prénom (80 caractères au plus, avec au moins une lettre).'],
  ['lastName', 'lastName', 'Indiquez le nom (80 caractères au plus, avec au moins une lettre).'],
  ['birthYear', 'birthYear', 'Indiquez l’année de naissance sur 4 chiffres, par exemple 2011.'],
  ['gender', 'gender', 'Choisissez une réponse (« Ne veut pas le dire » est possible).'],
  ['audience', 'audience', 'Choisissez le public de la personne.'],
  ['livesInQpv', 'livesInQpv', 'Indiquez si la personne habite un quartier prioritaire.'],
  ['postcode', 'postcode', 'Le code postal s’écrit avec 2 à 10 chiffres ou lettres, par exemple 73000.'],
  ['referredByPartnerId', 'referredByPartnerId', 'Choisissez une structure de la liste.'],
  ['contact.email', 'email', 'L’adresse e-mail doit ressembler à nom@exemple.fr.'],
  ['contact.phone', 'phone', 'Le téléphone s’écrit avec 6 à 32 chiffres, par exemple 06 12 34 56 78.'],
  ['guardian.name', 'guardianName', 'Indiquez le nom du responsable légal (160 caractères au plus).'],
  ['guardian.phone', 'guardianPhone', 'Le téléphone du responsable s’écrit avec 6 à 32 chiffres, par exemple 06 12 34 56 78.'],
  ['guardian.email', 'guardianEmail', 'L’adresse e-mail du responsable doit ressembler à nom@exemple.fr.'],
  ['consent.dataProcessing', 'dataProcessing', 'Sans l’accord pour l’enregistrement des données, la personne ne peut pas être inscrite.'],
];

/** The form's values from a posted body (text trimmed, boxes ticked or not). */
export function participantFormValues(body: unknown): ParticipantFormValues {
  const text = (field: string) => formText(body, field).slice(0, 300);
  const ticked = (field: string) => formText(body, field) === 'on';
  return {
    firstName: text('firstName'),
    lastName: text('lastName'),
    birthYear: text('birthYear'),
    gender: text('gender'),
    audience: text('audience'),
    livesInQpv: text('livesInQpv'),
    postcode: text('postcode'),
    referredByPartnerId: text('referredByPartnerId'),
    email: text('email'),
    phone: text('phone'),
    guardianName: text('guardianName'),
    guardianPhone: text('guardianPhone'),
    guardianEmail: text('guardianEmail'),
    parentalConsent: ticked('parentalConsent'),
    dataProcessing: ticked('dataProcessing'),
    imageRights: ticked('imageRights'),
    pathCode: text('pathCode'),
  };
}

const paths = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((error) => {
    const path = `${prefix}${error.property}`;
    return error.children?.length ? paths(error.children, `${path}.`) : [path];
  });

/**
 * The form read into the API's own DTO and checked with the API's own rules, so the page accepts
 * exactly what POST /api/participants accepts. The guardian is asked only under 15: the
 * fieldset is always there (no script), and is required only when the birth year says so —
 * the same rule the service applies (PARENTAL_CONSENT_REQUIRED), checked here too so that every
 * missing answer shows at once.
 */
export async function readParticipantForm(values: ParticipantFormValues, year: number): Promise<{ dto: CreateParticipantDto; errors: FieldErrors }> {
  const contact = values.email || values.phone ? { email: values.email || undefined, phone: values.phone || undefined } : undefined;
  const guardian =
    values.guardianName || values.guardianPhone || values.guardianEmail
      ? { name: values.guardianName, phone: values.guardianPhone || undefined, email: values.guardianEmail || undefined }
      : undefined;
  const plain = {
    firstName: values.firstName,
    lastName: values.lastName,
    birthYear: /^\d{4}$/.test(values.birthYear) ? Number(values.birthYear) : values.birthYear || undefined,
    gender: values.gender || undefined,
    audience: values.audience || undefined,
    livesInQpv: values.livesInQpv === 'oui' ? true : values.livesInQpv === 'non' ? false : undefined,
    postcode: values.postcode || undefined,
    referredByPartnerId: values.referredByPartnerId || undefined,
    contact,
    guardian,
    consent: {
      dataProcessing: values.dataProcessing,
      parentalConsent: values.parentalConsent ? true : undefined,
      imageRights: values.imageRights,
    },
  };
  const dto = plainToInstance(CreateParticipantDto, plain);
  const failed = new Set(paths(await validate(dto, { whitelist: true, forbidNonWhitelisted: true })));
  const errors: FieldErrors = {};
  for (const [path, field, message] of MESSAGES) if (failed.has(path) || (path === 'guardian.name' && failed.has('guardian'))) errors[field] = message;
  if (typeof dto.birthYear === 'number' && !errors.birthYear) {
    if (dto.birthYear > year) errors.birthYear = `L’année de naissance ne peut pas être après ${year}.`;
    else if (needsParentalConsent(dto.birthYear, year)) addGuardianErrors(values, errors);
  }
  return { dto, errors };
}

/** Under 15: the guardian's name and the parental consent (the service's rule, in the form's words). */
export function addGuardianErrors(values: Pick<ParticipantFormValues, 'guardianName' | 'parentalConsent'>, errors: FieldErrors): void {
  if (!values.guardianName && !errors.guardianName) errors.guardianName = 'Moins de 15 ans : indiquez le nom du responsable légal.';
  if (!values.parentalConsent) errors.parentalConsent = 'Moins de 15 ans : cochez l’accord du responsable légal, une fois qu’il l’a donné.';
}

/** Errors in the order of the form, for the error summary. */
export function inFormOrder(errors: FieldErrors): FieldErrors {
  const order = Object.keys(EMPTY_PARTICIPANT_FORM);
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
}
