import type { OpenAPIHono } from '@hono/zod-openapi';
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';

/** What the Lambda adapter passes as `c.env`; absent when the app is called directly (tests, local server). */
export type ApiBindings = {
  /** The API Gateway event (HTTP API, payload 2.0). */
  event?: LambdaEvent;
  /** The Lambda invocation context. */
  lambdaContext?: LambdaContext;
};

/** Per-request values set by the app's middleware. */
type ApiVariables = {
  /** API Gateway's request id (or a generated one off Lambda); sent back in errors and `x-request-id`. */
  requestId: string;
};

/** Hono environment of the API app. */
export type ApiEnv = { Bindings: ApiBindings; Variables: ApiVariables };

/** The API's Hono app: routes registered with `app.openapi(...)` appear in `/openapi.json`. */
export type ApiApp = OpenAPIHono<ApiEnv>;
