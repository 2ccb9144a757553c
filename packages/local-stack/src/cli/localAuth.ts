import { type LocalAuth, provisionAuth } from '../provisionAuth.js';
import { apiRouteAuthorization } from '../runtime/apiRoutes.js';
import { type CognitoSignIn, startCognitoSignIn } from '../runtime/cognitoSignIn.js';
import type { LocalRuntimeOptions } from '../runtime/startLocalRuntime.js';
import type { LocalStack } from '../startLocalStack.js';

/** What `make stack` / `make demo` record of the API's authorization in stack.json. */
export type StackAuthInfo =
  | { mode: 'none' }
  | {
      mode: 'jwt';
      /** User pool id in the emulator. */
      userPoolId: string;
      /** The dashboard's app client id. */
      clientId: string;
      /** `iss` of the tokens. */
      issuer: string;
      /** The emulator's JWKS URL of the pool. */
      jwksUrl: string;
      /** The local sign-in stand-in (Cognito's hosted sign-in page is not emulated). */
      signInUrl: string;
      /** The demo user. */
      user: { username: string; password: string };
    };

/** The API's authorization in a running local stack: runtime options, stack.json part, and its stop. */
export type LocalApiAuth = {
  /** Spread into {@link startLocalRuntime}'s options. */
  runtimeOptions: Pick<LocalRuntimeOptions, 'apiAuthorization' | 'apiEnvironment'>;
  /** Registers the dashboard's URL as a callback URL of the stand-in, once the API listens. */
  addCallbackUrl: (apiUrl: string) => void;
  /** For stack.json and the ready message. */
  info: StackAuthInfo;
  /** Stops the stand-in. */
  stop: () => Promise<void>;
};

/**
 * With `jwt`: the emulator's user pool, app client and demo user ({@link provisionAuth}), the
 * sign-in stand-in ({@link startCognitoSignIn}), the HTTP API's authorizer on the deployed routes
 * ({@link apiRouteAuthorization}) and the api's `API_AUTH`. With `none`: an open API, as
 * `api_auth = "none"` deploys it.
 */
export async function startLocalApiAuth(stack: LocalStack, mode: 'jwt' | 'none'): Promise<LocalApiAuth> {
  if (mode === 'none') {
    return {
      runtimeOptions: { apiEnvironment: { API_AUTH: JSON.stringify({ mode: 'none' }) } },
      addCallbackUrl: () => {},
      info: { mode: 'none' },
      stop: async () => {},
    };
  }
  const auth: LocalAuth = await provisionAuth(stack.endpoint, stack.region, stack.prefix);
  const callbackUrls: string[] = [];
  const signIn: CognitoSignIn = await startCognitoSignIn({
    endpoint: stack.endpoint,
    region: stack.region,
    clientId: auth.clientId,
    callbackUrls,
  });
  return {
    runtimeOptions: {
      apiAuthorization: { authorizer: auth.authorizer, routes: apiRouteAuthorization() },
      apiEnvironment: {
        API_AUTH: JSON.stringify({
          mode: 'jwt',
          issuer: auth.issuer,
          clientId: auth.clientId,
          authorizeUrl: signIn.authorizeUrl,
          tokenUrl: signIn.tokenUrl,
        }),
      },
    },
    addCallbackUrl: (apiUrl) => {
      // The dashboard's redirect URI is its own URL; a browser may show it as localhost too.
      callbackUrls.push(`${apiUrl}/`, `${apiUrl.replace('127.0.0.1', 'localhost')}/`);
    },
    info: {
      mode: 'jwt',
      userPoolId: auth.userPoolId,
      clientId: auth.clientId,
      issuer: auth.issuer,
      jwksUrl: auth.jwksUrl,
      signInUrl: signIn.url,
      user: { ...auth.user },
    },
    stop: signIn.close,
  };
}

/** The ready message's lines about signing in. */
export function authLines(info: StackAuthInfo, endpoint: string, apiUrl = '<API>'): string[] {
  if (info.mode === 'none') return ['', 'API authorization: none (AUTH=none): every route is open.'];
  return [
    '',
    `API authorization: jwt (the emulator's Cognito pool ${info.userPoolId}; AUTH=none turns it off)`,
    `  sign in on the dashboard as ${info.user.username} / ${info.user.password} (sign-in page: local stand-in at ${info.signInUrl})`,
    '  a token for curl:',
    `    TOKEN=$(aws --endpoint-url ${endpoint} cognito-idp initiate-auth --client-id ${info.clientId} \\`,
    `      --auth-flow USER_PASSWORD_AUTH --auth-parameters USERNAME=${info.user.username},PASSWORD=${info.user.password} \\`,
    '      --query AuthenticationResult.AccessToken --output text)',
    `    curl -H "Authorization: Bearer $TOKEN" ${apiUrl}/v1/sites`,
  ];
}
