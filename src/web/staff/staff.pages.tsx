import type { ParticipantDetail } from '../../participants/participants.service.js';
import type { FrenchDates } from '../shell/french-dates.service.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';

export function AccessPage(props: { page: PageContext; person: ParticipantDetail; code: string; url: string; qrSvg: string; expiresAt: string; dates: FrenchDates }) {
  const { page, person } = props;
  return (
    <Layout page={page} title="Donner l’accès">
      <h1>
        Accès de {person.firstName} {person.lastName}
      </h1>
      <p class="lead">Faites scanner ce QR code avec l’appareil photo de son téléphone : il ouvre la page où le jeune choisit son identifiant et son mot de passe.</p>
      <div class="qr" role="img" aria-label="QR code du lien d’activation" dangerouslySetInnerHTML={{ __html: props.qrSvg }} />
      <p>Sans QR code : sur la page « Créer mon compte » (lien « Crée ton compte avec ton code » de la page de connexion), taper ce code :</p>
      <p class="code" id="code-activation">
        {props.code}
      </p>
      <p class="muted">Valable jusqu’au {props.dates.date(props.expiresAt)}, une seule fois. Il ne sera plus affiché : si besoin, redonnez l’accès pour en créer un nouveau.</p>
      <p>
        <a href={`/equipe/participants/${person.id}`}>Retour à la fiche</a>
      </p>
    </Layout>
  );
}
