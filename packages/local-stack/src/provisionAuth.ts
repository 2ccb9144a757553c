import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { baseClientConfig } from '@energy/aws-clients/endpoint';
import { emulatorEnv } from './clients.js';
import { DUMMY_CREDENTIALS } from './constants.js';
import type { JwtAuthorizerConfig } from './runtime/jwtAuthorizer.js';

/** The demo user `make demo` creates (a local, published password: never reuse it). */
const LOCAL_DEMO_USER = {
  /** User name. */
  username: 'demo',
  /** Password (meets Cognito's default policy). */
  password: 'Demo-pass-1234',
} as const;

/** The emulator's user pool, app client and demo user, from {@link provisionAuth}. */
export type LocalAuth = {
  /** User pool id, `us-east-1_<hex>`. */
  userPoolId: string;
  /** App client id of the dashboard (public: no secret). */
  clientId: string;
  /** The `iss` of the pool's tokens: `https://cognito-idp.<region>.amazonaws.com/<pool id>`, as on AWS. */
  issuer: string;
  /** Where the emulator serves the pool's keys (`<endpoint>/<pool id>/.well-known/jwks.json`). */
  jwksUrl: string;
  /** The authorizer settings that accept the pool's tokens for the dashboard's client. */
  authorizer: JwtAuthorizerConfig;
  /** The demo user. */
  user: { username: string; password: string };
};

/**
 * Creates (or finds, on a reused emulator) the stack's Cognito user pool `<prefix>-users`, its
 * public app client `<prefix>-dashboard` (user-password and refresh-token flows, which the
 * emulator implements) and the demo user with a permanent password: what Terraform's
 * `infra/modules/auth` creates, minus the hosted sign-in domain moto lacks.
 *
 * @example
 * const auth = await provisionAuth(stack.endpoint, stack.region, stack.prefix);
 */
export async function provisionAuth(endpoint: string, region: string, prefix: string): Promise<LocalAuth> {
  const cognito = new CognitoIdentityProviderClient({
    ...baseClientConfig(emulatorEnv(endpoint, region)),
    credentials: { ...DUMMY_CREDENTIALS },
  });
  try {
    const poolName = `${prefix}-users`;
    const pools = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    const userPoolId =
      pools.UserPools?.find((pool) => pool.Name === poolName)?.Id ??
      (await cognito.send(new CreateUserPoolCommand({ PoolName: poolName }))).UserPool?.Id;
    if (!userPoolId) throw new Error(`${poolName}: the emulator returned no pool id`);
    const clientName = `${prefix}-dashboard`;
    const clients = await cognito.send(
      new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
    );
    const clientId =
      clients.UserPoolClients?.find((client) => client.ClientName === clientName)?.ClientId ??
      (
        await cognito.send(
          new CreateUserPoolClientCommand({
            UserPoolId: userPoolId,
            ClientName: clientName,
            GenerateSecret: false,
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          }),
        )
      ).UserPoolClient?.ClientId;
    if (!clientId) throw new Error(`${clientName}: the emulator returned no client id`);
    const { username, password } = LOCAL_DEMO_USER;
    await cognito
      .send(
        new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: username, MessageAction: 'SUPPRESS' }),
      )
      .catch((error: Error) => {
        if (error.name !== 'UsernameExistsException') throw error;
      });
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: username,
        Password: password,
        Permanent: true,
      }),
    );
    const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
    const jwksUrl = `${endpoint}/${userPoolId}/.well-known/jwks.json`;
    return {
      userPoolId,
      clientId,
      issuer,
      jwksUrl,
      authorizer: { issuer, audience: [clientId], jwksUrl },
      user: { username, password },
    };
  } finally {
    cognito.destroy();
  }
}
