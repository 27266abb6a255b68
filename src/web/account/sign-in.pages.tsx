import { ErrorSummary, type FieldErrors, Notice, PostForm, TextInput } from '../shell/components.js';
import { Layout } from '../shell/layout.js';
import type { PageContext } from '../shell/web-request.js';

export function SignInPage({ page, back, notice, login, errors }: { page: PageContext; back: string | null; notice: string | null; login: string; errors: FieldErrors }) {
  return (
    <Layout page={page} title={Object.keys(errors).length ? 'Erreur – Se connecter' : 'Se connecter'}>
      <h1>Se connecter</h1>
      <Notice message={notice} />
      <ErrorSummary errors={errors} />
      <PostForm page={page} action="/connexion">
        {back ? <input type="hidden" name="retour" value={back} /> : null}
        <TextInput name="login" label="Identifiant ou adresse e-mail" value={login} autocomplete="username" autocapitalize="none" spellcheck={false} error={errors.login} />
        <TextInput name="password" label="Mot de passe" type="password" autocomplete="current-password" error={errors.password} />
        <div class="actions">
          <button type="submit">Se connecter</button>
        </div>
      </PostForm>
      <h2>Première fois ?</h2>
      <p>
        L’équipe du fablab t’a donné un code ou un QR code ? <a href="/activer">Crée ton compte avec ton code</a>.
      </p>
      <h2>Mot de passe oublié ?</h2>
      <p>Demande un nouveau code à l’équipe du fablab : tu pourras choisir un nouveau mot de passe.</p>
    </Layout>
  );
}

export function ActivationPage({ page, code, username, errors }: { page: PageContext; code: string; username: string; errors: FieldErrors }) {
  return (
    <Layout page={page} title={Object.keys(errors).length ? 'Erreur – Créer mon compte' : 'Créer mon compte'}>
      <h1>Créer mon compte</h1>
      <p class="lead">Choisis ton identifiant et ton mot de passe. Tu t’en serviras pour te connecter.</p>
      <ErrorSummary errors={errors} />
      <PostForm page={page} action="/activer">
        <TextInput name="code" label="Ton code" hint="Il est écrit sous le QR code, par exemple K7QM-4XPA-9TRD." value={code} autocomplete="one-time-code" autocapitalize="characters" spellcheck={false} error={errors.code} />
        <TextInput
          name="username"
          label="Choisis ton identifiant"
          hint="3 caractères au moins : lettres minuscules sans accent, chiffres, point (.), tiret (-) ou tiret bas (_). Par exemple : sam.d"
          value={username}
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
          error={errors.username}
        />
        <TextInput name="password" label="Choisis ton mot de passe" hint="10 caractères au moins. Une petite phrase, c’est facile à retenir." type="password" autocomplete="new-password" error={errors.password} />
        <TextInput name="passwordConfirm" label="Écris encore ton mot de passe" type="password" autocomplete="new-password" error={errors.passwordConfirm} />
        <div class="actions">
          <button type="submit">Créer mon compte</button>
        </div>
      </PostForm>
      <p>
        Tu as déjà un compte ? <a href="/connexion">Se connecter</a>
      </p>
    </Layout>
  );
}
