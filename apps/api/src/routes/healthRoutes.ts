import { createRoute } from '@hono/zod-openapi';
import type { ApiApp } from '../http/types.js';
import { HealthSchema } from '../schemas/responses.js';

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Compatible'],
  summary: 'Liveness',
  description: 'Answers without touching DynamoDB: the function is up and routing.',
  responses: { 200: { description: 'Up.', content: { 'application/json': { schema: HealthSchema } } } },
});

/** Registers `GET /health`. */
export function registerHealthRoutes(app: ApiApp): void {
  app.openapi(health, (c) => c.json({ status: 'ok' as const }, 200));
}
