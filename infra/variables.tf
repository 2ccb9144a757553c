# STACK_SETTINGS (packages/config/src/stackSettings.ts) is the one definition of the defaults
# the local stack shares. The comment above such a variable names its setting, and the
# default below it is written from that setting by `pnpm --filter @energy/infra defaults:sync`
# (infra/tools/syncDefaults.ts): change the setting and run the command, not the default by
# hand. infra/tests/stackDefaults.test.ts fails on a default that differs and prints the
# command; infra/tests/deployedStage.test.ts still applies the stage and provisions the local
# stack into two emulators and compares every resource. Modules take these values from the
# root without defaults of their own.

variable "prefix" {
  description = "Prefix of every resource name, one per stage (e.g. energy-dev, energy-prod): 3-32 lowercase letters, digits and hyphens, starting with a letter (resourceNames() in packages/config)."
  type        = string
  default     = "energy-dev"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.prefix))
    error_message = "prefix must be 3-32 lowercase letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "aws_region" {
  description = "AWS region the stack is deployed to."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a region name such as eu-west-1."
  }
}

variable "tags" {
  description = "Extra tags for every resource (Project, Stack and ManagedBy are always set)."
  type        = map(string)
  default     = {}
}

# --- storage ---------------------------------------------------------------

# STACK_SETTINGS.storage.rawPrefix
variable "raw_prefix" {
  description = "Key prefix the generator writes raw files under; must end with \"/\"."
  type        = string
  default     = "readings/"
}

# STACK_SETTINGS.storage.quarantinePrefix
variable "quarantine_prefix" {
  description = "Key prefix of quarantined records and files; must end with \"/\". The processor acknowledges notifications for keys under it without reading them."
  type        = string
  default     = "quarantine/"
}

# STACK_SETTINGS.storage.notificationFilterPrefix
variable "notification_filter_prefix" {
  description = "Key prefix filter of the bucket's ObjectCreated notification to the queue; \"\" announces every new object, so files dropped in any layout are ingested."
  type        = string
  default     = ""
}

# STACK_SETTINGS.storage.rawExpirationDays
variable "raw_expiration_days" {
  description = "Days after which raw files expire (the readings stay in DynamoDB), 1-36500."
  type        = number
  default     = 365
}

# STACK_SETTINGS.storage.quarantineExpirationDays
variable "quarantine_expiration_days" {
  description = "Days after which quarantined files expire, 1-36500."
  type        = number
  default     = 90
}

variable "bucket_force_destroy" {
  description = "Whether `terraform destroy` may delete the raw bucket with its objects; set true (and apply) before tearing a stage down."
  type        = bool
  default     = false
}

# --- queue -----------------------------------------------------------------

# STACK_SETTINGS.queue.visibilityTimeoutSeconds
variable "queue_visibility_timeout_seconds" {
  description = "Visibility timeout of the ingest queue, seconds, 0-43200; must be at least 6 x processor_timeout_seconds + processor_maximum_batching_window_seconds (checked at plan)."
  type        = number
  default     = 190
}

# STACK_SETTINGS.queue.maxReceiveCount
variable "queue_max_receive_count" {
  description = "Receives after which a message moves to the dead-letter queue, 1-1000."
  type        = number
  default     = 3
}

# STACK_SETTINGS.queue.messageRetentionSeconds
variable "queue_message_retention_seconds" {
  description = "Retention of the ingest queue, seconds, 60-1209600 (default 4 days)."
  type        = number
  default     = 345600
}

# STACK_SETTINGS.queue.deadLetterRetentionSeconds
variable "dead_letter_retention_seconds" {
  description = "Retention of the dead-letter queues, seconds, 60-1209600 (default 14 days, the maximum)."
  type        = number
  default     = 1209600
}

# STACK_SETTINGS.queue.receiveWaitTimeSeconds
variable "queue_receive_wait_time_seconds" {
  description = "Long-poll wait of the ingest queue, seconds, 0-20."
  type        = number
  default     = 20
}

# --- processor -------------------------------------------------------------

# STACK_SETTINGS.processor.timeoutSeconds
variable "processor_timeout_seconds" {
  description = "Timeout of the processor function, seconds, 1-900."
  type        = number
  default     = 30
}

# STACK_SETTINGS.processor.memoryMb
variable "processor_memory_mb" {
  description = "Memory of the processor function, MB, 128-10240."
  type        = number
  default     = 512
}

# STACK_SETTINGS.processor.batchSize
variable "processor_batch_size" {
  description = "SQS messages per processor invocation, 1-10000 (above 10 needs a batching window of at least 1 s)."
  type        = number
  default     = 10
}

# STACK_SETTINGS.processor.maximumBatchingWindowSeconds
variable "processor_maximum_batching_window_seconds" {
  description = "Seconds the event source waits to fill a batch, 0-300."
  type        = number
  default     = 5
}

# STACK_SETTINGS.processor.maximumConcurrency
variable "processor_maximum_concurrency" {
  description = "Concurrent processor invocations the event source may run, 2-1000."
  type        = number
  default     = 5
}

# STACK_SETTINGS.processor.maxFileBytes
variable "processor_max_file_bytes" {
  description = "Largest object the processor reads, bytes; larger files are quarantined, not retried."
  type        = number
  default     = 104857600

  validation {
    condition     = var.processor_max_file_bytes >= 1 && floor(var.processor_max_file_bytes) == var.processor_max_file_bytes
    error_message = "processor_max_file_bytes must be a whole number of bytes, at least 1."
  }
}

# --- generator -------------------------------------------------------------

# STACK_SETTINGS.generator.timeoutSeconds
variable "generator_timeout_seconds" {
  description = "Timeout of the generator function, seconds, 1-900."
  type        = number
  default     = 30
}

# STACK_SETTINGS.generator.memoryMb
variable "generator_memory_mb" {
  description = "Memory of the generator function, MB, 128-10240."
  type        = number
  default     = 256
}

# STACK_SETTINGS.generator.scheduleExpression
variable "generator_schedule_expression" {
  description = "How often the schedule runs the generator (EventBridge Scheduler rate/cron expression)."
  type        = string
  default     = "rate(5 minutes)"
}

# STACK_SETTINGS.generator.scheduleInput
variable "generator_schedule_input" {
  description = "JSON event the schedule sends the generator; <aws.scheduler.scheduled-time> is replaced by the tick's time, so a retried tick rewrites the same file."
  type        = string
  default     = "{\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}"
}

variable "generator_schedule_enabled" {
  description = "Whether the generator schedule runs (false pauses simulated input without deleting anything)."
  type        = bool
  default     = true
}

# STACK_SETTINGS.generator.siteCount
variable "generator_site_count" {
  description = "Sites the generator simulates per tick, 1-10000."
  type        = number
  default     = 10

  validation {
    condition     = var.generator_site_count >= 1 && var.generator_site_count <= 10000 && floor(var.generator_site_count) == var.generator_site_count
    error_message = "generator_site_count must be a whole number between 1 and 10000."
  }
}

# STACK_SETTINGS.generator.anomalyProbability
variable "generator_anomaly_probability" {
  description = "Probability, per value, that the generator writes a faulty-meter negative, 0-1."
  type        = number
  default     = 0.2

  validation {
    condition     = var.generator_anomaly_probability >= 0 && var.generator_anomaly_probability <= 1
    error_message = "generator_anomaly_probability must be between 0 and 1."
  }
}

# DEFAULT_SEED in apps/generator/src/environment.ts
variable "generator_seed" {
  description = "Seed of the simulation: readings are a pure function of (seed, scheduled time), so a retried tick rewrites the same file."
  type        = string
  default     = "energy-telemetry"

  validation {
    condition     = length(trimspace(var.generator_seed)) > 0
    error_message = "generator_seed must not be blank."
  }
}

# --- summarizer ------------------------------------------------------------

# STACK_SETTINGS.summarizer.timeoutSeconds
variable "summarizer_timeout_seconds" {
  description = "Timeout of the summarizer function, seconds, 1-900."
  type        = number
  default     = 120
}

# STACK_SETTINGS.summarizer.memoryMb
variable "summarizer_memory_mb" {
  description = "Memory of the summarizer function, MB, 128-10240."
  type        = number
  default     = 512
}

# STACK_SETTINGS.summarizer.scheduleExpression
variable "summarizer_schedule_expression" {
  description = "How often the schedule runs the summarizer (EventBridge Scheduler rate/cron expression); per-site views lag by at most this period."
  type        = string
  default     = "rate(15 minutes)"
}

variable "summarizer_schedule_enabled" {
  description = "Whether the summarizer schedule runs (false stops the per-site rollups without deleting anything)."
  type        = bool
  default     = true
}

# --- alerter ---------------------------------------------------------------

# STACK_SETTINGS.alerter.timeoutSeconds
variable "alerter_timeout_seconds" {
  description = "Timeout of the alerter function, seconds, 1-900."
  type        = number
  default     = 120
}

# STACK_SETTINGS.alerter.memoryMb
variable "alerter_memory_mb" {
  description = "Memory of the alerter function, MB, 128-10240."
  type        = number
  default     = 512
}

# STACK_SETTINGS.alerter.scheduleExpression
variable "alerter_schedule_expression" {
  description = "How often the schedule runs the alerter (EventBridge Scheduler rate/cron expression); alerts lag the readings by at most this period plus alert_settle_seconds."
  type        = string
  default     = "rate(5 minutes)"
}

variable "alerter_schedule_enabled" {
  description = "Whether the alerter schedule runs (false stops alert state changes, silent-site alerts and digests without deleting anything)."
  type        = bool
  default     = true
}

# STACK_SETTINGS.alerter.intervalSeconds
variable "alert_interval_seconds" {
  description = "Seconds between a site's readings (the generator's tick), the unit of alert_silent_after_intervals, at least 1."
  type        = number
  default     = 300

  validation {
    condition     = var.alert_interval_seconds >= 1 && floor(var.alert_interval_seconds) == var.alert_interval_seconds
    error_message = "alert_interval_seconds must be a whole number of seconds, at least 1."
  }
}

# STACK_SETTINGS.alerter.silentAfterIntervals
variable "alert_silent_after_intervals" {
  description = "Intervals without a reading after which a known site opens a SILENT_SITE alert, at least 1."
  type        = number
  default     = 3

  validation {
    condition     = var.alert_silent_after_intervals >= 1 && floor(var.alert_silent_after_intervals) == var.alert_silent_after_intervals
    error_message = "alert_silent_after_intervals must be a whole number, at least 1."
  }
}

# STACK_SETTINGS.alerter.quietSeconds
variable "alert_quiet_seconds" {
  description = "Seconds of readings without the anomaly after which an open alert resolves (default 3 h: no flapping at the generator's fault rate; docs/alerting.md), at least 1."
  type        = number
  default     = 10800

  validation {
    condition     = var.alert_quiet_seconds >= 1 && floor(var.alert_quiet_seconds) == var.alert_quiet_seconds
    error_message = "alert_quiet_seconds must be a whole number of seconds, at least 1."
  }
}

# STACK_SETTINGS.alerter.settleSeconds
variable "alert_settle_seconds" {
  description = "Seconds a reading's time must be behind now before the alerter decides on it; files arriving later are folded in as late, 0 or more."
  type        = number
  default     = 300

  validation {
    condition     = var.alert_settle_seconds >= 0 && floor(var.alert_settle_seconds) == var.alert_settle_seconds
    error_message = "alert_settle_seconds must be a whole number of seconds, 0 or more."
  }
}

# STACK_SETTINGS.alerter.renotifySeconds
variable "alert_renotify_seconds" {
  description = "Seconds after which a still-open alert is sent again; 0 = never (the hourly digest reminds instead)."
  type        = number
  default     = 0

  validation {
    condition     = var.alert_renotify_seconds >= 0 && floor(var.alert_renotify_seconds) == var.alert_renotify_seconds
    error_message = "alert_renotify_seconds must be a whole number of seconds, 0 or more."
  }
}

# STACK_SETTINGS.alerter.digestSeconds
variable "alert_digest_seconds" {
  description = "Seconds between digests of open alerts and changes (default hourly); nothing is sent when nothing is open and nothing changed, at least 1."
  type        = number
  default     = 3600

  validation {
    condition     = var.alert_digest_seconds >= 1 && floor(var.alert_digest_seconds) == var.alert_digest_seconds
    error_message = "alert_digest_seconds must be a whole number of seconds, at least 1."
  }
}

# STACK_SETTINGS.processor.perReadingAlertFeed
variable "per_reading_alert_feed" {
  description = "Whether the processor also publishes one message per anomalous reading (message attribute kind = reading) for machine subscribers; off, ingest writes no alert marker and publishes nothing (processor ALERT_FEED = none)."
  type        = bool
  default     = false
}

# --- api -------------------------------------------------------------------

# STACK_SETTINGS.api.timeoutSeconds
variable "api_timeout_seconds" {
  description = "Timeout of the API function, seconds, 1-29 (the HTTP API integration waits at most 30 s)."
  type        = number
  default     = 10

  validation {
    condition     = var.api_timeout_seconds >= 1 && var.api_timeout_seconds <= 29
    error_message = "api_timeout_seconds must be between 1 and 29: the HTTP API integration gives up after 30 s."
  }
}

# STACK_SETTINGS.api.memoryMb
variable "api_memory_mb" {
  description = "Memory of the API function, MB, 128-10240."
  type        = number
  default     = 512
}

variable "api_cursor_secret" {
  description = "Key that signs the API's pagination cursors, at least 32 characters; null generates one, kept in the state."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.api_cursor_secret == null ? true : length(var.api_cursor_secret) >= 32
    error_message = "api_cursor_secret must be at least 32 characters."
  }
}

variable "api_throttling_rate_limit" {
  description = "Steady-state requests per second the API accepts per route before answering 429."
  type        = number
  default     = 50
}

variable "api_throttling_burst_limit" {
  description = "Requests the API accepts in a burst above the rate limit."
  type        = number
  default     = 100
}

# --- alerts, alarms, logs ---------------------------------------------------

# STACK_SETTINGS.alerts.displayName
variable "alert_display_name" {
  description = "Sender name shown in alert e-mails, at most 100 characters."
  type        = string
  default     = "Energy telemetry alerts"
}

variable "alert_email_addresses" {
  description = "E-mail addresses subscribed to the alert topic (filtered by alert_email_message_kinds) and to the alarm topic (CloudWatch alarms, unfiltered); each recipient must confirm each."
  type        = list(string)
  default     = []
}

# MESSAGE_KIND.alert, .digest and .storm in packages/core/src/alertRecord.ts
variable "alert_email_message_kinds" {
  description = "Kinds of alert-topic messages (the kind message attribute) e-mailed to alert_email_addresses: alert (state changes), digest, storm (many changes of one run in one message), reading (the per-reading feed); empty = every message."
  type        = list(string)
  default     = ["alert", "digest", "storm"]

  validation {
    condition     = alltrue([for kind in var.alert_email_message_kinds : contains(["alert", "digest", "storm", "reading"], kind)])
    error_message = "alert_email_message_kinds may hold only alert, digest, storm and reading (MESSAGE_KIND in packages/core)."
  }
}

variable "oldest_message_age_alarm_seconds" {
  description = "Age of the ingest queue's oldest message, seconds, above which an alarm fires (processing stuck or too slow)."
  type        = number
  default     = 900
}

variable "log_retention_days" {
  description = "Days every log group (functions and API access log) keeps events; a CloudWatch allowed value (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  type        = number
  default     = 30
}

variable "log_level" {
  description = "Log level of the Powertools loggers: DEBUG, INFO, WARN or ERROR."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the processor's EMF metrics."
  type        = string
  default     = "EnergyTelemetry"
}

variable "table_deletion_protection" {
  description = "Whether the DynamoDB tables refuse deletion; turn it off (and apply) before tearing a stage down."
  type        = bool
  default     = false
}

# --- API authorization and operations (infra/modules/auth, http_api authorizer, observability; docs/auth.md) ---

variable "api_auth" {
  description = "Authorization of the API: jwt (default: a JWT authorizer on every data route, the OpenAPI document and the dashboard's data calls; /health stays open) or none (every route open: only for public data)."
  type        = string
  default     = "jwt"

  validation {
    condition     = contains(["jwt", "none"], var.api_auth)
    error_message = "api_auth must be jwt or none."
  }
}

variable "api_auth_issuer" {
  description = "With api_auth = jwt: an existing OIDC issuer (https URL, the tokens' iss) instead of the Cognito user pool the stage creates; empty = create the pool."
  type        = string
  default     = ""

  validation {
    condition     = var.api_auth_issuer == "" || startswith(var.api_auth_issuer, "https://")
    error_message = "api_auth_issuer must be empty or an https:// URL."
  }
}

variable "api_auth_audience" {
  description = "With api_auth_issuer: the audiences (aud or client_id) the authorizer accepts; the first is the dashboard's client id."
  type        = list(string)
  default     = []
}

variable "api_auth_authorize_url" {
  description = "With api_auth_issuer: the issuer's OAuth 2.0 authorization endpoint, for the dashboard's sign-in."
  type        = string
  default     = ""
}

variable "api_auth_token_url" {
  description = "With api_auth_issuer: the issuer's OAuth 2.0 token endpoint (the API's auth/token forwards the dashboard's code and refresh exchanges to it)."
  type        = string
  default     = ""
}

variable "api_auth_domain_prefix" {
  description = "Prefix of the Cognito hosted sign-in domain (globally unique); empty = <prefix>-<account id>."
  type        = string
  default     = ""
}

variable "api_auth_callback_urls" {
  description = "Extra sign-in redirect URLs of the dashboard's client (a custom domain, http://localhost:3000/); the API's own URL is always one."
  type        = list(string)
  default     = []
}

variable "api_auth_scopes" {
  description = "Scopes a token needs per route group (any one of a list; empty = any valid token): readings = /fetch* and /v1/*, docs = /openapi.json and /docs. With the stage's pool: energy-api/readings.read, energy-api/docs.read."
  type = object({
    readings = list(string)
    docs     = list(string)
  })
  default = { readings = [], docs = [] }
}

variable "api_cors_allowed_origins" {
  description = "Origins allowed to call the API from a browser (a dashboard hosted elsewhere, https://dashboard.example.com); empty = no CORS."
  type        = list(string)
  default     = []
}
