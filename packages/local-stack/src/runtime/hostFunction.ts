import { type FunctionDefinition, localEnvironment } from '../functionDefinitions.js';
import type { ProvisionedResources } from '../provision.js';
import { LocalLambda, type LocalLambdaOptions } from './LocalLambda.js';

/** The parts of a provisioned stack a hosted function needs (a {@link LocalStack} has them all). */
export type HostStack = {
  /** Emulator endpoint, given to the function as `AWS_ENDPOINT_URL`. */
  endpoint: string;
  /** Region of the function. */
  region: string;
  /** Provisioned identifiers; the account id goes into the function's ARN. */
  resources: Pick<ProvisionedResources, 'accountId'>;
};

/** How to host the function; LocalLambda's defaults apply to what is left out. */
export type HostFunctionOptions = Pick<LocalLambdaOptions, 'maxConcurrency' | 'output'>;

/**
 * Hosts one function definition (a built bundle) as a {@link LocalLambda} on `stack`: its own
 * environment plus the emulator's endpoint, region and dummy credentials, its timeout and memory.
 *
 * @example
 * const definition = functionDefinitions(stack.names, stack.settings, stack.resources).generator;
 * const generator = await hostFunction(stack, definition, { maxConcurrency: 1 });
 * await generator.invoke({ scheduledTime: new Date().toISOString() });
 * await generator.stop();
 */
export function hostFunction(
  stack: HostStack,
  definition: FunctionDefinition,
  options: HostFunctionOptions = {},
): Promise<LocalLambda> {
  return LocalLambda.create({
    name: definition.name,
    bundle: definition.bundle,
    handler: definition.handler,
    environment: localEnvironment(definition, stack.endpoint, stack.region),
    timeoutSeconds: definition.timeoutSeconds,
    memoryMb: definition.memoryMb,
    region: stack.region,
    accountId: stack.resources.accountId,
    ...(options.maxConcurrency === undefined ? {} : { maxConcurrency: options.maxConcurrency }),
    ...(options.output ? { output: options.output } : {}),
  });
}
