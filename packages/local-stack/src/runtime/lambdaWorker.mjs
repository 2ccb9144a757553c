// One Lambda execution environment: loads a bundle's handler once (the cold start), then runs
// one invocation at a time for the parent thread. Plain JavaScript: it runs without a TypeScript loader.
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { entry, handlerName, functionName, invokedFunctionArn, memoryMb, logStreamName } = workerData;

const handlerReady = import(pathToFileURL(entry).href).then((module) => {
  const handler = module[handlerName];
  if (typeof handler !== 'function') {
    throw new TypeError(`${entry} does not export a function named ${handlerName}`);
  }
  return handler;
});
// Reported with the first invocation, as Lambda reports an init error.
handlerReady.catch(() => {});

function errorPayload(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

parentPort.on('message', async ({ id, event, awsRequestId, deadline }) => {
  const context = {
    awsRequestId,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn,
    memoryLimitInMB: String(memoryMb),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
  try {
    const handler = await handlerReady;
    const result = await handler(event, context);
    // Lambda serialises the result as JSON: functions and undefined fields vanish, undefined becomes null.
    const json = JSON.stringify(result);
    parentPort.postMessage({ id, ok: true, result: json === undefined ? null : JSON.parse(json) });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: errorPayload(error) });
  }
});
