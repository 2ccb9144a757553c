// Sign-in of the dashboard: OAuth 2.0 authorization code with PKCE against the stage's user pool
// (Cognito's hosted sign-in on AWS, the local stack's stand-in under `make demo`). The code and
// refresh-token exchanges go through the API's own `auth/token` (same origin: the page's
// Content-Security-Policy keeps `connect-src 'self'`). Tokens live in sessionStorage (this tab).

/** `GET auth/config.json`: how this stage signs in (public values only). */
type AuthConfig =
  | { mode: 'none' }
  | { mode: 'jwt'; clientId: string; authorizeUrl: string; tokenUrl: string; scopes: string[] };

/** The tokens of a signed-in tab. */
type Tokens = {
  /** Bearer token of the API calls (Cognito access token). */
  accessToken: string;
  /** Gets a new access token without signing in again. */
  refreshToken: string | undefined;
  /** When the access token expires, epoch ms. */
  expiresAt: number;
};

const TOKENS_KEY = 'energy-dashboard.tokens';
const PKCE_KEY = 'energy-dashboard.pkce';
/** Refresh this long before expiry, so a request never carries a token that expires in flight. */
const REFRESH_MARGIN_MS = 60_000;

let config: AuthConfig = { mode: 'none' };
let refreshing: Promise<Tokens | undefined> | undefined;

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

/** The dashboard's own URL, the redirect URI registered on the app client. */
const redirectUri = () => new URL('.', document.baseURI).toString();

function storedTokens(): Tokens | undefined {
  const raw = sessionStorage.getItem(TOKENS_KEY);
  return raw ? (JSON.parse(raw) as Tokens) : undefined;
}

async function exchange(form: Record<string, string>): Promise<Tokens> {
  const response = await fetch('auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== 'string')
    throw new Error(`sign-in failed: ${String(body.error ?? response.status)}`);
  const tokens: Tokens = {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : storedTokens()?.refreshToken,
    expiresAt: Date.now() + Number(body.expires_in ?? 3600) * 1_000,
  };
  sessionStorage.setItem(TOKENS_KEY, JSON.stringify(tokens));
  return tokens;
}

async function startSignIn(): Promise<void> {
  if (config.mode !== 'jwt') return;
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, back: location.search }));
  const url = new URL(config.authorizeUrl);
  for (const [name, value] of Object.entries({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }))
    url.searchParams.set(name, value);
  location.assign(url.toString());
}

/** Replaces the page with the sign-in screen: a signed-out visitor never sees data. */
function showSignIn(message?: string): void {
  document.getElementById('app')?.setAttribute('hidden', '');
  let screen = document.getElementById('sign-in');
  if (!screen) {
    screen = document.createElement('main');
    screen.id = 'sign-in';
    screen.className = 'sign-in';
    const title = document.createElement('h1');
    title.textContent = 'Energy telemetry';
    const text = document.createElement('p');
    text.id = 'sign-in-message';
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'sign-in-button';
    button.textContent = 'Sign in';
    button.addEventListener('click', () => void startSignIn());
    screen.append(title, text, button);
    document.body.append(screen);
  }
  const text = document.getElementById('sign-in-message');
  if (text) text.textContent = message ?? 'Sign in to see the telemetry of your sites.';
}

/**
 * Reads the stage's sign-in settings and finishes a sign-in that returns with `?code=`. True when
 * the dashboard may load data (auth off, or signed in); otherwise it shows the sign-in screen.
 */
export async function signInIfNeeded(): Promise<boolean> {
  const response = await fetch('auth/config.json', { headers: { accept: 'application/json' } }).catch(
    () => undefined,
  );
  config = response?.ok ? ((await response.json()) as AuthConfig) : { mode: 'none' };
  if (config.mode !== 'jwt') return true;
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (code) {
    const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as {
      verifier: string;
      state: string;
      back: string;
    } | null;
    sessionStorage.removeItem(PKCE_KEY);
    history.replaceState(null, '', pending?.back || location.pathname);
    if (!pending || pending.state !== params.get('state')) {
      showSignIn('The sign-in answer did not match this tab; sign in again.');
      return false;
    }
    try {
      await exchange({
        grant_type: 'authorization_code',
        code,
        code_verifier: pending.verifier,
        redirect_uri: redirectUri(),
      });
    } catch (error) {
      showSignIn((error as Error).message);
      return false;
    }
  }
  if (storedTokens()) return true;
  showSignIn();
  return false;
}

/**
 * The `authorization` header of an API call, refreshing the token shortly before it expires;
 * throws (and shows the sign-in screen) when there is no token left to send.
 */
export async function authorizationHeader(): Promise<Record<string, string>> {
  if (config.mode !== 'jwt') return {};
  let tokens = storedTokens();
  if (tokens && tokens.expiresAt - REFRESH_MARGIN_MS < Date.now()) {
    const refreshToken = tokens.refreshToken;
    refreshing ??= (
      refreshToken ? exchange({ grant_type: 'refresh_token', refresh_token: refreshToken }) : Promise.reject()
    )
      .catch(() => undefined)
      .finally(() => {
        refreshing = undefined;
      });
    tokens = await refreshing;
  }
  if (!tokens) {
    // No request without a token: the sign-in screen is up, the refresh loop stays quiet.
    signedOut('Your session has ended; sign in again.');
    throw new Error('signed out');
  }
  return { authorization: `Bearer ${tokens.accessToken}` };
}

/** The API refused the token (401): forget it and show the sign-in screen. */
export function signedOut(message = 'Your session has ended; sign in again.'): void {
  sessionStorage.removeItem(TOKENS_KEY);
  if (config.mode === 'jwt') showSignIn(message);
}
