import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';

const made: string[] = [];

/** Zips `source` as `index.mjs` into a bundle like the bundler's, and returns the zip's path. */
export function fixtureBundle(source: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'energy-fixture-'));
  made.push(dir);
  const entries: Record<string, Uint8Array> = { 'index.mjs': strToU8(source) };
  for (const [name, content] of Object.entries(files)) entries[name] = strToU8(content);
  const zipPath = join(dir, 'fixture.zip');
  writeFileSync(zipPath, zipSync(entries));
  return zipPath;
}

/** Removes every fixture made so far. */
export function removeFixtures(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Fails the records whose body contains "fail"; the others succeed. */
export const PARTIAL_BATCH_HANDLER = `
export const handler = async (event) => ({
  batchItemFailures: event.Records.filter((record) => record.body.includes('fail')).map((record) => ({
    itemIdentifier: record.messageId,
  })),
});`;

/** Throws on every invocation. */
export const THROWING_HANDLER = `
export const handler = async () => {
  throw new TypeError('boom');
};`;

/** Returns what it sees: its environment, its context, the event, and a file shipped beside it. */
export const ECHO_HANDLER = `
import { readFileSync } from 'node:fs';
let invocations = 0;
export const handler = async (event, context) => {
  invocations++;
  if (event.sleepMs) await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
  if (event.crash) setTimeout(() => { throw new Error('async crash'); }, 0);
  if (event.crash) await new Promise((resolve) => setTimeout(resolve, 1000));
  return {
    env: { ...process.env },
    event,
    invocations,
    asset: readFileSync(new URL('./assets/hello.txt', import.meta.url), 'utf8'),
    context: {
      awsRequestId: context.awsRequestId,
      functionName: context.functionName,
      functionVersion: context.functionVersion,
      invokedFunctionArn: context.invokedFunctionArn,
      memoryLimitInMB: context.memoryLimitInMB,
      logGroupName: context.logGroupName,
      remaining: context.getRemainingTimeInMillis(),
    },
    dropped: () => 1,
  };
};`;

/** Answers HTTP API events: echoes the event, or returns what the event's path asks for. */
export const HTTP_HANDLER = `
export const handler = async (event) => {
  switch (event.rawPath) {
    case '/string': return 'plain';
    case '/object': return { hello: 'world' };
    case '/binary': return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, isBase64Encoded: true, body: Buffer.from([0, 1, 2, 255]).toString('base64') };
    case '/cookies': return { statusCode: 201, headers: { 'x-one': 1 }, cookies: ['a=1; Path=/', 'b=2; HttpOnly'], body: '' };
    case '/throw': throw new Error('api failure');
    default: return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
  }
};`;
