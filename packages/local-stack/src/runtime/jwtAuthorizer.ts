import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';

/** An HTTP API JWT authorizer, as `aws_apigatewayv2_authorizer` configures one. */
export type JwtAuthorizerConfig = {
  /** Expected `iss` claim, e.g. `https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc`. */
  issuer: string;
  /** Accepted `aud` (ID tokens, other issuers) or `client_id` (Cognito access tokens) values. */
  audience: string[];
  /**
   * Where the issuer's keys are; default `<issuer>/.well-known/jwks.json` (Cognito's). The local
   * stack points it at the emulator, which serves the pool's keys under its own address.
   */
  jwksUrl?: string;
};

/** How one route is authorized, as `authorization_type` + `authorization_scopes` of a route. */
export type RouteAuthorization = {
  /** Route key, `GET /health`, `GET /v1/{proxy+}` or `$default`. */
  routeKey: string;
  /** `NONE` (open) or `JWT` (the authorizer). */
  authorizationType: 'NONE' | 'JWT';
  /** With `JWT`: the token needs at least one of these in `scope`/`scp`; empty = any valid token. */
  scopes?: string[];
};

/** The outcome of {@link JwtAuthorizer.authorize}. */
export type AuthorizationResult =
  | {
      /** The token is valid and carries a required scope (or none is required). */
      ok: true;
      /** Claims as API Gateway passes them to the function (every value a string). */
      claims: Record<string, string>;
      /** The token's scopes. */
      scopes: string[];
    }
  | {
      /** Refused. */
      ok: false;
      /** 401 (no or invalid token) or 403 (valid token, no required scope). */
      statusCode: 401 | 403;
      /** Why, in words (the local stack's JSON body says it; API Gateway puts it in `www-authenticate`). */
      reason: string;
    };

/** Algorithms API Gateway's JWT authorizer accepts: RSA only. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];

/** API Gateway passes arrays as `[a b]` and everything else as text. */
function claimText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(String).join(' ')}]`;
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function tokenScopes(payload: JWTPayload): string[] {
  const raw = payload.scope ?? payload.scp;
  if (Array.isArray(raw)) return raw.map(String);
  return typeof raw === 'string' ? raw.split(' ').filter(Boolean) : [];
}

function reasonOf(error: unknown, config: JwtAuthorizerConfig): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return `the token was not issued by ${config.issuer}`;
    if (error.claim === 'nbf') return 'the token is not valid yet';
    return `claim ${error.claim} is invalid: ${error.reason}`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return "the signature does not match the issuer's key";
  if (error instanceof errors.JWKSNoMatchingKey) return "no key of the issuer matches the token's kid";
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with RSA';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return 'the token is malformed';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError)
    return `the token could not be verified: ${(error as Error).message}`;
  return `the issuer's keys could not be fetched: ${(error as Error).message}`;
}

/**
 * Verifies bearer tokens the way API Gateway's HTTP API JWT authorizer does: RSA signature against
 * the issuer's JWKS (by `kid`), `iss` equal to the issuer, `aud` or `client_id` in the audience,
 * `exp` and `nbf`, and, per route, at least one of the route's scopes.
 *
 * @example
 * const authorizer = new JwtAuthorizer({ issuer, audience: [clientId], jwksUrl });
 * const result = await authorizer.authorize(headers.authorization, ['energy-api/read']);
 */
export class JwtAuthorizer {
  readonly #config: JwtAuthorizerConfig;
  readonly #keys: ReturnType<typeof createRemoteJWKSet>;

  public constructor(config: JwtAuthorizerConfig) {
    this.#config = config;
    this.#keys = createRemoteJWKSet(new URL(config.jwksUrl ?? `${config.issuer}/.well-known/jwks.json`));
  }

  /** Checks the `authorization` header value against the rules and the route's scopes. */
  public async authorize(
    header: string | undefined,
    requiredScopes: string[] = [],
  ): Promise<AuthorizationResult> {
    const token = header?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return { ok: false, statusCode: 401, reason: 'no bearer token in the Authorization header' };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#keys, {
        issuer: this.#config.issuer,
        algorithms: ALGORITHMS,
      }));
    } catch (error) {
      return { ok: false, statusCode: 401, reason: reasonOf(error, this.#config) };
    }
    const audiences = [payload.aud ?? [], payload.client_id ?? []].flat().map(String);
    if (!audiences.some((audience) => this.#config.audience.includes(audience))) {
      return {
        ok: false,
        statusCode: 401,
        reason: `the token's audience (aud or client_id: ${audiences.join(', ') || 'none'}) is not accepted`,
      };
    }
    const scopes = tokenScopes(payload);
    if (requiredScopes.length > 0 && !requiredScopes.some((scope) => scopes.includes(scope))) {
      return {
        ok: false,
        statusCode: 403,
        reason: `the token has none of the scopes this route requires (${requiredScopes.join(', ')})`,
      };
    }
    const claims = Object.fromEntries(
      Object.entries(payload).map(([name, value]) => [name, claimText(value)]),
    );
    return { ok: true, claims, scopes };
  }
}
