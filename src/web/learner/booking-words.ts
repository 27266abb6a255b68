import { DomainError } from '../../common/errors/domain-error.js';

/** Why a slot was refused, as a sentence a young person understands, with what to do. */
export function bookingRefusal(error: DomainError): string {
  switch (error.code) {
    case 'BOOKING_CONFLICT':
      return 'Ce créneau est déjà pris (quelqu’un vient peut-être de le réserver). Choisis un autre horaire.';
    case 'MAINTENANCE_WINDOW':
      return 'Un entretien de la machine est prévu pendant ce créneau. Choisis un autre horaire.';
    case 'OUTSIDE_OPENING_HOURS':
      return 'Le fablab est fermé pendant une partie de ce créneau. Choisis une durée plus courte ou un autre horaire.';
    case 'MACHINE_UNAVAILABLE':
      return 'Cette machine n’est pas disponible en ce moment (panne ou entretien). Choisis une autre machine.';
    case 'NOT_QUALIFIED':
      return 'Tu n’as pas encore l’habilitation pour cette machine. Elle s’obtient en suivant l’étape de ton parcours avec l’équipe.';
    case 'IN_THE_PAST':
      return 'Ce créneau est déjà commencé ou passé. Choisis un horaire à venir.';
    case 'TOO_FAR_AHEAD':
      return 'On ne peut pas réserver plus de 90 jours à l’avance. Choisis une date plus proche.';
    case 'VALIDATION_FAILED':
      return 'Ce créneau n’est pas possible : il doit durer entre 15 minutes et 8 heures, et commencer à l’heure, au quart, à la demie ou à moins le quart.';
    case 'FORBIDDEN':
      return 'Tu ne peux pas faire cette réservation toi-même. Demande à l’équipe du fablab.';
    default:
      throw error;
  }
}
