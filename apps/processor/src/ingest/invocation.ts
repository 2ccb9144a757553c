import { BATCH_SETTINGS } from '../constants.js';
import type { ProcessorContext } from '../types.js';
import { Deadline } from './Deadline.js';
import { ReadingBudget } from './ReadingBudget.js';

/** The processor's context during one invocation: its deadline and its batch-wide record budget. */
export type IngestContext = ProcessorContext & {
  /** When the invocation ends. */
  deadline: Deadline;
  /** Records the batch's open segments may hold. */
  budget: ReadingBudget;
  /** Aborted once the invocation has returned: late work stops and sends nothing. */
  signal: AbortSignal;
};

/** One invocation's context, and how to end it. */
export type Invocation = {
  /** The context to pass down. */
  context: IngestContext;
  /** Runs one message's work, failing it with a DeadlineExceededError if it is still running near the end. */
  race: <T>(work: Promise<T>) => Promise<T>;
  /** Ends the invocation: cancels the timer, aborts work that outlived it. */
  end: () => void;
};

/**
 * Starts an invocation: one deadline (the Lambda context's, or none for tools and benches), one
 * record budget ({@link BATCH_SETTINGS.openRecords}) and one abort signal for all its messages.
 *
 * @example
 * const invocation = startInvocation(context, lambdaContext);
 * try { await invocation.race(processMessage(invocation.context, record)); } finally { invocation.end(); }
 */
export function startInvocation(
  context: ProcessorContext,
  lambdaContext?: { getRemainingTimeInMillis?: () => number },
): Invocation {
  const remaining = lambdaContext?.getRemainingTimeInMillis;
  const deadline =
    typeof remaining === 'function' ? Deadline.of({ getRemainingTimeInMillis: remaining }) : Deadline.none();
  const controller = new AbortController();
  const expiry = deadline.expiry(controller.signal);
  // Observed by each race; this keeps Node from reporting it as unhandled when no message is running.
  expiry.catch(() => undefined);
  return {
    context: {
      ...context,
      deadline,
      budget: new ReadingBudget(BATCH_SETTINGS.openRecords),
      signal: controller.signal,
    },
    race: (work) => {
      // The loser of the race may still reject later (after the handler returned): observed here.
      work.catch(() => undefined);
      return Promise.race([work, expiry]);
    },
    end: () => controller.abort(),
  };
}
