import { Logger } from '@aws-lambda-powertools/logger';
import { createS3Client } from '@energy/aws-clients/s3';
import { withTelemetry } from '@energy/aws-clients/telemetry';
import type { Context } from 'aws-lambda';
import { parseGeneratorEnvironment } from './environment.js';
import { runTick, type TickResult, tickTime } from './runTick.js';

// Built once per container; a missing setting fails the cold start naming the variable.
const logger = new Logger();
const s3 = createS3Client();
const config = parseGeneratorEnvironment(process.env);

/** EventBridge Scheduler target: writes one file with every site's reading for this tick. */
export const handler = async (event: unknown, context: Context): Promise<TickResult> =>
  withTelemetry({ logger, context }, () => runTick({ s3, config, logger }, tickTime(event)));
