/**
 * Settings of every resource, shared by the local stack's provisioning and
 * Terraform's defaults: the definition. The defaults of `infra/variables.tf` annotated
 * `# STACK_SETTINGS.<path>` are written from here by `pnpm --filter @energy/infra defaults:sync`
 * (infra/tests/stackDefaults.test.ts fails until it is run). The infra emulator test
 * (infra/tests/deployedStage.test.ts) applies the stage and provisions the local stack into two
 * emulators and compares every resource, so a value Terraform sets otherwise fails it too.
 */
export const STACK_SETTINGS = {
  queue: {
    /** Seconds a received message stays invisible; ≥ 6 × processor timeout + batching window (AWS advice). */
    visibilityTimeoutSeconds: 190,
    /** Receives before SQS moves a message to the DLQ. */
    maxReceiveCount: 3,
    /** Source-queue retention, seconds (4 days). */
    messageRetentionSeconds: 345_600,
    /** DLQ retention, seconds (14 days, the SQS maximum): time to investigate and redrive. */
    deadLetterRetentionSeconds: 1_209_600,
    /** Long-poll wait, seconds. */
    receiveWaitTimeSeconds: 20,
    /** Largest message, bytes (SQS's 256 KiB, set explicitly as the AWS provider does). */
    maximumMessageSizeBytes: 262_144,
  },
  schedules: {
    /** Retries of a failed scheduled invocation before it goes to the schedule's DLQ (0-185). */
    maximumRetryAttempts: 2,
    /** Seconds a scheduled invocation is retried for (60-86400); below the generator's period. */
    maximumEventAgeSeconds: 240,
    /** Time zone of cron and at expressions. */
    timezone: 'UTC',
  },
  processor: {
    /** Function timeout, seconds. */
    timeoutSeconds: 30,
    /** Function memory, MB. */
    memoryMb: 512,
    /** SQS messages per invocation (one message = one S3 notification = usually one file). */
    batchSize: 10,
    /** Seconds the event source waits to fill a batch. */
    maximumBatchingWindowSeconds: 5,
    /** Concurrent invocations the event source may run (2–1000). */
    maximumConcurrency: 5,
    /** Largest object the processor reads, bytes; larger files are quarantined, not retried. */
    maxFileBytes: 104_857_600,
    /**
     * Whether the processor also publishes one message per anomalous reading (`ALERT_FEED=readings`,
     * message attribute `kind=reading`) for machine subscribers; Terraform's `per_reading_alert_feed`.
     * Off: the alerter's state changes and digests are the alerts, and ingest writes no alert marker.
     */
    perReadingAlertFeed: false,
  },
  generator: {
    /** Function timeout, seconds. */
    timeoutSeconds: 30,
    /** Function memory, MB. */
    memoryMb: 256,
    /** How often the deployed schedule runs the generator. */
    scheduleExpression: 'rate(5 minutes)',
    /**
     * Input the schedule sends the generator, with Scheduler's context attributes filled in
     * per run: the tick's time, so a retried invocation of one tick writes the same file.
     */
    scheduleInput: '{"scheduledTime":"<aws.scheduler.scheduled-time>"}',
    /** Sites simulated per tick. */
    siteCount: 10,
    /** Probability that a value is replaced by a faulty-meter negative. */
    anomalyProbability: 0.2,
  },
  summarizer: {
    /** Function timeout, seconds. */
    timeoutSeconds: 120,
    /**
     * Function memory, MB. Its runs are mostly round trips to DynamoDB (IO-bound), so memory
     * bought little speed: 512 MB holds a 10,000-site fleet's rollups (the local runtime caps
     * the heap at this size, and `make demo SITES=10000` runs it) at half the GB-seconds of 1,024.
     */
    memoryMb: 512,
    /**
     * How often the deployed schedule runs the summarizer, which rolls the processor's
     * per-file contributions up into per-site hour and day summaries (fleet totals are
     * read live from the contributions; per-site views lag by at most this period).
     */
    scheduleExpression: 'rate(15 minutes)',
  },
  alerter: {
    /** Function timeout, seconds. */
    timeoutSeconds: 120,
    /** Function memory, MB. */
    memoryMb: 512,
    /**
     * How often the deployed schedule runs the alerter, which folds new per-file contributions
     * into alert state, sends one message per state change and the digest when due.
     */
    scheduleExpression: 'rate(5 minutes)',
    /** Seconds between a site's readings (the generator's tick): the unit of `silentAfterIntervals`. */
    intervalSeconds: 300,
    /** Intervals without a reading after which a known site opens `SILENT_SITE`. */
    silentAfterIntervals: 3,
    /**
     * Seconds of good readings after the last anomaly before an alert resolves (3 h: at p = 0.2
     * per value per 5-minute tick, 36 good readings in a row have probability 0.8^36 ≈ 3e-4).
     */
    quietSeconds: 10_800,
    /** Seconds a reading's time must be behind `now` before it settles (files arriving later are late). */
    settleSeconds: 300,
    /** Seconds after which a still-open alert is sent again; 0 = never (the default). */
    renotifySeconds: 0,
    /** Seconds between digests of open alerts and changes (hourly). */
    digestSeconds: 3_600,
  },
  alerts: {
    /** Sender name of alert e-mails (the topic's display name). */
    displayName: 'Energy telemetry alerts',
  },
  api: {
    /** Function timeout, seconds. */
    timeoutSeconds: 10,
    /** Function memory, MB. */
    memoryMb: 512,
  },
  storage: {
    /** Prefix under which the generator writes raw files. */
    rawPrefix: 'readings/',
    /** Prefix of quarantined rejects and unreadable files; the processor skips keys under it. */
    quarantinePrefix: 'quarantine/',
    /**
     * Key prefix filter of the bucket's ObjectCreated notification to the queue. Empty: every
     * new object is announced, so files dropped by hand or by other producers in their own
     * layout (`site1/20250216T213043Z.json`) are ingested too. S3 filters cannot exclude a
     * prefix, so the processor acknowledges keys under `quarantinePrefix` without reading them.
     */
    notificationFilterPrefix: '',
    /** S3 events the notification sends. */
    notificationEvents: ['s3:ObjectCreated:*'],
    /** Days after which raw files expire (the readings stay in DynamoDB). */
    rawExpirationDays: 365,
    /** Days after which quarantined files expire. */
    quarantineExpirationDays: 90,
    /** Days after which an overwritten or deleted version expires. */
    noncurrentVersionExpirationDays: 30,
    /** Days after which an incomplete multipart upload is aborted. */
    abortIncompleteMultipartUploadDays: 7,
  },
  tables: {
    /** Capacity mode of both tables. */
    billingMode: 'PAY_PER_REQUEST',
    /** Attributes copied into the sparse anomaly GSI of the readings table. */
    anomalyIndexProjection: 'ALL',
    /** Continuous backups (35 days) on both tables. */
    pointInTimeRecovery: true,
    /** Encryption at rest of both tables: KMS with the AWS-managed key. */
    sseType: 'KMS',
  },
} as const;
