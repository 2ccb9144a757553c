import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AuthenticationResultType,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { baseClientConfig } from '@energy/aws-clients/endpoint';
import { emulatorEnv } from '../clients.js';
import { DUMMY_CREDENTIALS } from '../constants.js';

/** Settings of {@link startCognitoSignIn}. */
export type CognitoSignInOptions = {
  /** Emulator endpoint (its cognito-idp issues the tokens). */
  endpoint: string;
  /** Region of the pool. */
  region: string;
  /** The app client the stand-in signs users in for. */
  clientId: string;
  /** Redirect URIs it accepts, as the app client's callback URLs (the dashboard's URL). */
  callbackUrls: string[];
  /** Port; 0 (default) for a free one. */
  port?: number;
  /** Interface; default 127.0.0.1. */
  host?: string;
};

/** A running stand-in, from {@link startCognitoSignIn}. */
export type CognitoSignIn = {
  /** Base URL, `http://127.0.0.1:<port>` (Cognito's is `https://<domain>.auth.<region>.amazoncognito.com`). */
  url: string;
  /** `<url>/oauth2/authorize`. */
  authorizeUrl: string;
  /** `<url>/oauth2/token`. */
  tokenUrl: string;
  /** Stops listening. */
  close: () => Promise<void>;
};

/** A pending authorization code: the tokens InitiateAuth issued, bound to the PKCE challenge. */
type Grant = { tokens: AuthenticationResultType; challenge: string; redirectUri: string; expires: number };

/** Codes live 5 minutes and are used once, as Cognito's. */
const CODE_TTL_MS = 5 * 60_000;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function signInPage(params: URLSearchParams, error?: string): string {
  const hidden = ['client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'scope']
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? '')}">`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in (local stand-in)</title>
<style>body{font:16px system-ui;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}</style></head>
<body><h1>Sign in</h1><p>Local stand-in for Cognito's hosted sign-in page: the tokens come from the emulator's user pool.</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="login">${hidden}
<label>User name <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function tokenAnswer(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  // Cognito's token endpoint answers browsers of any origin (public clients use it from SPAs).
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'access-control-allow-origin': '*',
  });
  res.end(JSON.stringify(body));
}

/**
 * The smallest stand-in for what moto lacks of Cognito: the hosted sign-in page and the OAuth 2.0
 * endpoints of a user pool domain. `GET /oauth2/authorize` (authorization code with PKCE S256)
 * shows a sign-in form; its `POST /oauth2/login` signs the user in with InitiateAuth USER_PASSWORD_AUTH
 * on the emulator and redirects back with a one-time code; `POST /oauth2/token` exchanges the code
 * (checking the verifier) or a refresh token (REFRESH_TOKEN_AUTH) for the pool's real tokens.
 *
 * @example
 * const signIn = await startCognitoSignIn({ endpoint, region, clientId, callbackUrls: ['http://127.0.0.1:3000/'] });
 */
export async function startCognitoSignIn(options: CognitoSignInOptions): Promise<CognitoSignIn> {
  const cognito = new CognitoIdentityProviderClient({
    ...baseClientConfig(emulatorEnv(options.endpoint, options.region)),
    credentials: { ...DUMMY_CREDENTIALS },
  });
  const grants = new Map<string, Grant>();
  const html = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  };
  const badRequest = (res: ServerResponse, message: string) =>
    html(res, 400, `<p>${escapeHtml(message)}</p>`);
  const checkClient = (params: URLSearchParams): string | undefined => {
    if (params.get('client_id') !== options.clientId) return 'unknown client_id';
    if (!options.callbackUrls.includes(params.get('redirect_uri') ?? ''))
      return 'redirect_uri is not a callback URL of the client';
    if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge'))
      return 'a code_challenge with code_challenge_method=S256 is required';
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type',
      });
      res.end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/oauth2/authorize') {
      const problem =
        url.searchParams.get('response_type') === 'code'
          ? checkClient(url.searchParams)
          : 'response_type must be code';
      if (problem) return badRequest(res, problem);
      return html(res, 200, signInPage(url.searchParams));
    }
    if (req.method === 'POST' && url.pathname === '/oauth2/login') {
      const form = await readForm(req);
      const problem = checkClient(form);
      if (problem) return badRequest(res, problem);
      let tokens: AuthenticationResultType | undefined;
      try {
        const answer = await cognito.send(
          new InitiateAuthCommand({
            ClientId: options.clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: form.get('username') ?? '', PASSWORD: form.get('password') ?? '' },
          }),
        );
        tokens = answer.AuthenticationResult;
        if (!tokens)
          throw new Error(
            `the user pool asks for ${answer.ChallengeName ?? 'a challenge'}, which this stand-in does not handle`,
          );
      } catch (error) {
        return html(
          res,
          200,
          signInPage(form, (error as Error).message || 'Incorrect username or password.'),
        );
      }
      const code = randomBytes(24).toString('base64url');
      const redirectUri = form.get('redirect_uri') as string;
      grants.set(code, {
        tokens,
        challenge: form.get('code_challenge') as string,
        redirectUri,
        expires: Date.now() + CODE_TTL_MS,
      });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      if (form.get('state')) back.searchParams.set('state', form.get('state') as string);
      res.writeHead(302, { location: back.toString() });
      res.end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/oauth2/token') {
      const form = await readForm(req);
      if (form.get('client_id') !== options.clientId)
        return tokenAnswer(res, 400, { error: 'invalid_client' });
      if (form.get('grant_type') === 'authorization_code') {
        const grant = grants.get(form.get('code') ?? '');
        grants.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (
          !grant ||
          grant.expires < Date.now() ||
          grant.redirectUri !== form.get('redirect_uri') ||
          grant.challenge !== challenge
        )
          return tokenAnswer(res, 400, { error: 'invalid_grant' });
        return tokenAnswer(res, 200, {
          access_token: grant.tokens.AccessToken,
          id_token: grant.tokens.IdToken,
          refresh_token: grant.tokens.RefreshToken,
          expires_in: grant.tokens.ExpiresIn,
          token_type: 'Bearer',
        });
      }
      if (form.get('grant_type') === 'refresh_token') {
        try {
          const answer = await cognito.send(
            new InitiateAuthCommand({
              ClientId: options.clientId,
              AuthFlow: 'REFRESH_TOKEN_AUTH',
              AuthParameters: { REFRESH_TOKEN: form.get('refresh_token') ?? '' },
            }),
          );
          const tokens = answer.AuthenticationResult ?? {};
          return tokenAnswer(res, 200, {
            access_token: tokens.AccessToken,
            id_token: tokens.IdToken,
            expires_in: tokens.ExpiresIn,
            token_type: 'Bearer',
          });
        } catch {
          return tokenAnswer(res, 400, { error: 'invalid_grant' });
        }
      }
      return tokenAnswer(res, 400, { error: 'unsupported_grant_type' });
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) badRequest(res, error.message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const url = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    authorizeUrl: `${url}/oauth2/authorize`,
    tokenUrl: `${url}/oauth2/token`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        cognito.destroy();
      }),
  };
}
