// Renders the API reference page from the OpenAPI document, server-side and
// self-contained (inline CSS, no script, no CDN), so it works offline and can
// never disagree with /openapi.json.

type Json = Record<string, unknown>;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Escapes text and renders the only markdown the descriptions use: `code`. */
function prose(text: unknown): string {
  return typeof text === 'string' ? escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>') : '';
}

function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function schemaSummary(schemaValue: unknown): string {
  const schema = asObject(schemaValue);
  if (typeof schema.$ref === 'string') return escapeHtml(schema.$ref.split('/').pop() ?? '');
  const parts: string[] = [];
  if (Array.isArray(schema.enum)) parts.push(schema.enum.map((v) => JSON.stringify(v)).join(' | '));
  else if (typeof schema.type === 'string') parts.push(schema.type);
  for (const key of ['pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'default']) {
    if (schema[key] !== undefined) parts.push(`${key}: ${JSON.stringify(schema[key])}`);
  }
  return escapeHtml(parts.join(', '));
}

function operationId(method: string, path: string): string {
  return `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
}

function renderParameters(parameters: unknown): string {
  if (!Array.isArray(parameters) || parameters.length === 0) return '<p class="muted">No parameters.</p>';
  const rows = parameters.map((value) => {
    const p = asObject(value);
    const schema = asObject(p.schema);
    const example = p.example ?? schema.example;
    return `<tr><td><code>${escapeHtml(String(p.name))}</code></td><td>${escapeHtml(String(p.in))}</td><td>${p.required ? 'yes' : 'no'}</td><td>${schemaSummary(schema)}</td><td>${prose(p.description ?? schema.description)}${example === undefined ? '' : ` <span class="muted">e.g. <code>${escapeHtml(String(example))}</code></span>`}</td></tr>`;
  });
  return `<table><thead><tr><th>name</th><th>in</th><th>required</th><th>schema</th><th>description</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function renderResponses(responses: unknown): string {
  const items = Object.entries(asObject(responses)).map(([status, value]) => {
    const response = asObject(value);
    const schema = asObject(asObject(asObject(response.content)['application/json']).schema);
    const shape =
      Object.keys(schema).length > 0 ? ` <span class="muted">→ ${schemaSummaryDeep(schema)}</span>` : '';
    return `<li><strong>${escapeHtml(status)}</strong> ${prose(response.description)}${shape}</li>`;
  });
  return `<ul>${items.join('')}</ul>`;
}

function schemaSummaryDeep(schema: Json): string {
  if (schema.type === 'array') return `array of ${schemaSummary(schema.items)}`;
  return schemaSummary(schema);
}

/**
 * The HTML reference page of an OpenAPI 3.1 document: every operation with its
 * parameters and answers, then every component schema.
 *
 * @example
 * c.html(renderReferencePage(app.getOpenAPI31Document(config)));
 */
export function renderReferencePage(document: Json): string {
  const info = asObject(document.info);
  const operations: string[] = [];
  const toc: string[] = [];
  for (const [path, item] of Object.entries(asObject(document.paths))) {
    for (const [method, value] of Object.entries(asObject(item))) {
      const op = asObject(value);
      const id = operationId(method, path);
      toc.push(
        `<li><a href="#${id}"><span class="method">${method.toUpperCase()}</span> ${escapeHtml(path)}</a> ${prose(op.summary)}</li>`,
      );
      operations.push(
        `<section id="${id}"><h2><span class="method">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h2>` +
          `<p><strong>${prose(op.summary)}</strong></p><p>${prose(op.description)}</p>` +
          `<h3>Parameters</h3>${renderParameters(op.parameters)}<h3>Responses</h3>${renderResponses(op.responses)}</section>`,
      );
    }
  }
  const schemas = Object.entries(asObject(asObject(document.components).schemas)).map(
    ([name, schema]) =>
      `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(String(info.title ?? 'API'))} reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:0 auto;padding:1rem 2rem;color:#1b1f24}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f4f6f8;padding:.75rem;overflow:auto}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
.method{display:inline-block;background:#0969da;color:#fff;border-radius:3px;padding:0 .4rem;font-size:12px}
.muted{color:#57606a}section{border-top:1px solid #d0d7de;margin-top:1.5rem}a{color:#0969da}
</style></head><body>
<h1>${escapeHtml(String(info.title ?? 'API'))} <small class="muted">${escapeHtml(String(info.version ?? ''))}</small></h1>
<p>${prose(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escapeHtml(String(document.openapi ?? ''))}).</p>
<h2>Routes</h2><ul>${toc.join('')}</ul>
${operations.join('\n')}
<section><h2>Schemas</h2>${schemas.join('\n')}</section>
</body></html>`;
}
