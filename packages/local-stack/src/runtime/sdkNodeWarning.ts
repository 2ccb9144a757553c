/**
 * The AWS SDK for JavaScript v3 prints a `NodeVersionSupportWarning` on Node < 22 once per
 * module instance, that is once per worker: every function environment of the local runtime
 * repeated it. The variable the SDK reads to stay silent is set in every function's
 * environment, and {@link sdkNodeVersionNotice} says it once instead.
 */
export const SDK_NODE_WARNING_ENVIRONMENT = {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const;

/** First Node.js major the SDK will require after January 2027 (its own threshold). */
const SDK_NEXT_MINIMUM_NODE = 22;

/** The one line that replaces the per-worker warnings; undefined on Node ≥ 22. */
export function sdkNodeVersionNotice(version: string = process.version): string | undefined {
  const major = Number(/^v(\d+)/.exec(version)?.[1]);
  if (!(major < SDK_NEXT_MINIMUM_NODE)) return undefined;
  return (
    `[local-stack] Node ${version}: AWS SDK releases after January 2027 require Node >= ${SDK_NEXT_MINIMUM_NODE} ` +
    '(the SDK warning is silenced in the function workers and shown once here; Lambda runs nodejs22.x)\n'
  );
}
