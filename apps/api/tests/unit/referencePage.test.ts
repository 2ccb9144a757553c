import { describe, expect, it } from 'vitest';
import { renderReferencePage } from '../../src/http/referencePage.js';

describe('Function: renderReferencePage', () => {
  const document = {
    openapi: '3.1.0',
    info: { title: 'Energy <API>', version: '1.0.0', description: 'Uses `cursor` paging.' },
    paths: {
      '/v1/sites/{site_id}/readings': {
        get: {
          summary: 'A page',
          description: 'Query with `from` & `to`.',
          parameters: [
            { name: 'site_id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z]+$' } },
            {
              name: 'limit',
              in: 'query',
              required: false,
              description: 'Most items',
              schema: { type: 'string', example: '100' },
            },
          ],
          responses: { 200: { description: 'One page.' }, 400: { description: 'Bad <input>.' } },
        },
      },
    },
    components: { schemas: { Error: { type: 'object', description: '<script>alert(1)</script>' } } },
  };

  it('lists every operation with its parameters and responses', () => {
    // Act
    const html = renderReferencePage(document);

    // Assess
    expect(html).toContain('<code>/v1/sites/{site_id}/readings</code>');
    expect(html).toContain('<td><code>site_id</code></td><td>path</td><td>yes</td>');
    expect(html).toContain('<td><code>limit</code></td><td>query</td><td>no</td>');
    expect(html).toContain('e.g. <code>100</code>');
    expect(html).toContain('<strong>400</strong> Bad &#60;input&#62;.');
    expect(html).toContain('<h3>Error</h3>');
  });

  it('escapes text and renders `code` spans', () => {
    // Act
    const html = renderReferencePage(document);

    // Assess
    expect(html).toContain('<title>Energy &#60;API&#62; reference</title>');
    expect(html).toContain('Query with <code>from</code> &#38; <code>to</code>.');
    expect(html).not.toContain('<script>');
  });

  it('loads nothing from elsewhere', () => {
    // Act
    const html = renderReferencePage(document);

    // Assess: self-contained, works offline.
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
  });
});
