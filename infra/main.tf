# One stage of the pipeline: generator Lambda (on a schedule) -> S3 -> SQS -> processor
# Lambda -> DynamoDB; summarizer and alerter Lambdas on schedules of their own (the alerter
# publishes alert state changes and digests to SNS); API Lambda behind an HTTP API serving
# queries and the dashboard; alarms to their own topic. Names follow resourceNames() in
# packages/config.

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id

  names = {
    # Bucket names are global: the account id keeps one stage's name free in every account.
    bucket              = "${var.prefix}-raw-${local.account_id}"
    queue               = "${var.prefix}-ingest"
    dead_letter_queue   = "${var.prefix}-ingest-dlq"
    readings_table      = "${var.prefix}-readings"
    summary_table       = "${var.prefix}-summary"
    alert_topic         = "${var.prefix}-alerts"
    generator           = "${var.prefix}-generator"
    generator_schedule  = "${var.prefix}-generator-schedule"
    processor           = "${var.prefix}-processor"
    api                 = "${var.prefix}-api"
    http_api            = "${var.prefix}-http-api"
    summarizer          = "${var.prefix}-summarizer"
    summarizer_schedule = "${var.prefix}-summarizer-schedule"
    alerter             = "${var.prefix}-alerter"
    alerter_schedule    = "${var.prefix}-alerter-schedule"
    alarm_topic         = "${var.prefix}-alarms"
  }
}

module "storage" {
  source = "./modules/storage"

  bucket_name                = local.names.bucket
  raw_prefix                 = var.raw_prefix
  quarantine_prefix          = var.quarantine_prefix
  raw_expiration_days        = var.raw_expiration_days
  quarantine_expiration_days = var.quarantine_expiration_days
  force_destroy              = var.bucket_force_destroy
}

module "queue" {
  source = "./modules/queue"

  name                          = local.names.queue
  dead_letter_queue_name        = local.names.dead_letter_queue
  visibility_timeout_seconds    = var.queue_visibility_timeout_seconds
  message_retention_seconds     = var.queue_message_retention_seconds
  dead_letter_retention_seconds = var.dead_letter_retention_seconds
  receive_wait_time_seconds     = var.queue_receive_wait_time_seconds
  max_receive_count             = var.queue_max_receive_count
  source_bucket_name            = module.storage.bucket_name
  source_bucket_arn             = module.storage.bucket_arn
  filter_prefix                 = var.notification_filter_prefix
}

module "readings_table" {
  source = "./modules/table"

  # READINGS_TABLE in packages/core/src/constants.ts
  name      = local.names.readings_table
  hash_key  = "site_id"
  range_key = "timestamp"
  attributes = {
    site_id         = "S"
    timestamp       = "S"
    anomaly_site_id = "S"
  }

  # Sparse: only anomalous readings carry anomaly_site_id, so the index holds only them.
  global_secondary_indexes = [
    {
      name            = "anomalies-by-site"
      hash_key        = "anomaly_site_id"
      range_key       = "timestamp"
      projection_type = "ALL"
    },
  ]

  deletion_protection_enabled = var.table_deletion_protection
}

module "summary_table" {
  source = "./modules/table"

  # SUMMARY_TABLE in packages/core/src/constants.ts: per-site hour/day aggregates, the
  # site registry and alert markers (which expire through TTL).
  name      = local.names.summary_table
  hash_key  = "pk"
  range_key = "sk"
  attributes = {
    pk = "S"
    sk = "S"
  }
  ttl_attribute = "expires_at"

  deletion_protection_enabled = var.table_deletion_protection
}

module "alerts" {
  source = "./modules/alerts"

  topic_name      = local.names.alert_topic
  display_name    = var.alert_display_name
  email_addresses = var.alert_email_addresses
  # People read state changes, storms and digests; the per-reading feed (kind = reading) is for machines.
  email_message_kinds = var.alert_email_message_kinds
}

# CloudWatch alarms publish without message attributes, which no filter policy on `kind` lets
# through: their e-mails come from a topic of their own, unfiltered, to the same addresses.
module "alarm_notifications" {
  source = "./modules/alerts"

  topic_name          = local.names.alarm_topic
  display_name        = "Energy telemetry alarms"
  email_addresses     = var.alert_email_addresses
  email_message_kinds = []
}

module "generator" {
  source = "./modules/function"

  function_name      = local.names.generator
  description        = "Simulated site readings: one file per tick into the raw bucket."
  zip_path           = "${path.module}/../apps/generator/dist/generator.zip"
  memory_mb          = var.generator_memory_mb
  timeout_seconds    = var.generator_timeout_seconds
  log_retention_days = var.log_retention_days

  # GENERATOR_ENVIRONMENT_VARIABLES in apps/generator/src/environment.ts
  environment_variables = {
    RAW_BUCKET              = module.storage.bucket_name
    KEY_PREFIX              = var.raw_prefix
    SITE_COUNT              = tostring(var.generator_site_count)
    ANOMALY_PROBABILITY     = tostring(var.generator_anomaly_probability)
    SEED                    = var.generator_seed
    POWERTOOLS_SERVICE_NAME = "energy-generator"
    POWERTOOLS_LOG_LEVEL    = var.log_level
  }

  # writeTickFile: PutObjectCommand under the raw prefix.
  policy_statements = [
    {
      sid       = "WriteRawFiles"
      actions   = ["s3:PutObject"]
      resources = ["${module.storage.bucket_arn}/${var.raw_prefix}*"]
    },
  ]
}

module "processor" {
  source = "./modules/function"

  function_name      = local.names.processor
  description        = "S3 notifications from SQS: validate, store readings and aggregates, quarantine rejects (and, opt-in, one message per anomalous reading)."
  zip_path           = "${path.module}/../apps/processor/dist/processor.zip"
  memory_mb          = var.processor_memory_mb
  timeout_seconds    = var.processor_timeout_seconds
  log_retention_days = var.log_retention_days

  # PROCESSOR_ENVIRONMENT_VARIABLES in apps/processor/src/environment.ts
  environment_variables = {
    READINGS_TABLE               = module.readings_table.table_name
    SUMMARY_TABLE                = module.summary_table.table_name
    ALERT_TOPIC_ARN              = module.alerts.topic_arn
    ALERT_FEED                   = var.per_reading_alert_feed ? "readings" : "none"
    QUARANTINE_PREFIX            = var.quarantine_prefix
    MAX_FILE_BYTES               = tostring(var.processor_max_file_bytes)
    INGEST_QUEUE_URL             = module.queue.queue_url
    POWERTOOLS_SERVICE_NAME      = "energy-processor"
    POWERTOOLS_LOG_LEVEL         = var.log_level
    POWERTOOLS_METRICS_NAMESPACE = var.metrics_namespace
  }

  policy_statements = [
    {
      # readObjectText: GetObjectCommand, on any key the notification may announce, of the
      # version it announces (GetObjectVersion when the read names a VersionId);
      # quarantine: CopyObjectCommand reads its source with the same permissions.
      sid       = "ReadAnnouncedObjects"
      actions   = ["s3:GetObject", "s3:GetObjectVersion"]
      resources = ["${module.storage.bucket_arn}/*"]
    },
    {
      # Without ListBucket S3 answers 403 instead of 404 for a deleted object, and the
      # processor could not tell "gone" (quarantined, acknowledged) from a fault (retried).
      # readObjectText: ListObjectVersionsCommand finds the version a notification meant.
      sid       = "TellMissingObjectsApart"
      actions   = ["s3:ListBucket", "s3:ListBucketVersions"]
      resources = [module.storage.bucket_arn]
    },
    {
      # quarantine: PutObjectCommand and the destination of CopyObjectCommand.
      sid       = "WriteQuarantine"
      actions   = ["s3:PutObject"]
      resources = ["${module.storage.bucket_arn}/${var.quarantine_prefix}*"]
    },
    {
      # batchWriteReadings: BatchWriteCommand.
      sid       = "WriteReadings"
      actions   = ["dynamodb:BatchWriteItem"]
      resources = [module.readings_table.table_arn]
    },
    {
      # writeContribution: BatchWriteCommand (the file's contribution items, which the
      # summarizer rolls up); sendAlerts: PutCommand with a condition (the claim), GetCommand
      # (who holds a marker) and UpdateCommand (confirm or release it).
      sid       = "WriteContributionsAndAlertMarkers"
      actions   = ["dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem"]
      resources = [module.summary_table.table_arn]
    },
    {
      # sendAlerts: PublishBatchCommand, authorised by the sns:Publish action.
      sid       = "PublishAlerts"
      actions   = ["sns:Publish"]
      resources = [module.alerts.topic_arn]
    },
    {
      # A file too big for one invocation continues in a message to its own queue
      # (SendMessageBatchCommand, authorised by sqs:SendMessage).
      sid       = "ContinueLargeFiles"
      actions   = ["sqs:SendMessage"]
      resources = [module.queue.queue_arn]
    },
  ]

  sqs_event_source = {
    queue_arn                        = module.queue.queue_arn
    queue_visibility_timeout_seconds = module.queue.queue_visibility_timeout_seconds
    batch_size                       = var.processor_batch_size
    maximum_batching_window_seconds  = var.processor_maximum_batching_window_seconds
    maximum_concurrency              = var.processor_maximum_concurrency
  }
}

# Cursor-signing key of the API when api_cursor_secret is not given: generated once
# (two random UUIDs, 244 random bits), then kept in the state across applies.
resource "terraform_data" "api_cursor_secret" {
  input = "${uuid()}${uuid()}"

  lifecycle {
    ignore_changes = [input]
  }
}

module "api" {
  source = "./modules/function"

  function_name      = local.names.api
  description        = "HTTP API (original and /v1 routes, OpenAPI) and the dashboard."
  zip_path           = "${path.module}/../apps/api/dist/api.zip"
  memory_mb          = var.api_memory_mb
  timeout_seconds    = var.api_timeout_seconds
  log_retention_days = var.log_retention_days

  # API_ENVIRONMENT_VARIABLES in apps/api/src/environment.ts
  environment_variables = {
    READINGS_TABLE = module.readings_table.table_name
    SUMMARY_TABLE  = module.summary_table.table_name
    CURSOR_SECRET  = sensitive(coalesce(var.api_cursor_secret, terraform_data.api_cursor_secret.output))
    API_AUTH       = local.api_auth_environment # the auth block at the end of this file
  }

  policy_statements = [
    {
      # ReadingsStore: QueryCommand (site range) and ScanCommand (/fetchall, /v1/readings).
      sid       = "ReadReadings"
      actions   = ["dynamodb:Query", "dynamodb:Scan"]
      resources = [module.readings_table.table_arn]
    },
    {
      # ReadingsStore: QueryCommand on the sparse anomaly index.
      sid       = "QueryAnomalyIndex"
      actions   = ["dynamodb:Query"]
      resources = [module.readings_table.table_index_arns["anomalies-by-site"]]
    },
    {
      # SummaryStore: QueryCommand (contribution heads, day records, sharded rollups and registry).
      sid       = "ReadSummaries"
      actions   = ["dynamodb:Query"]
      resources = [module.summary_table.table_arn]
    },
  ]
}

module "generator_schedule" {
  source = "./modules/schedule"

  name                          = local.names.generator_schedule
  schedule_expression           = var.generator_schedule_expression
  enabled                       = var.generator_schedule_enabled
  target_function_arn           = module.generator.function_arn
  dead_letter_retention_seconds = var.dead_letter_retention_seconds

  # The generator takes its tick from scheduledTime, so a retried invocation of the same
  # tick writes the same file (tickTime in apps/generator/src/runTick.ts).
  # A literal, not jsonencode(): jsonencode escapes < and > as \u003c and \u003e, and
  # Scheduler would then never find the placeholder to substitute (STACK_SETTINGS.generator.scheduleInput).
  input = var.generator_schedule_input
}

module "summarizer" {
  source = "./modules/function"

  function_name      = local.names.summarizer
  description        = "Rolls the processor's per-file contributions up into per-site hour and day summaries."
  zip_path           = "${path.module}/../apps/summarizer/dist/summarizer.zip"
  memory_mb          = var.summarizer_memory_mb
  timeout_seconds    = var.summarizer_timeout_seconds
  log_retention_days = var.log_retention_days

  # SUMMARIZER_ENVIRONMENT_VARIABLES in apps/summarizer/src/environment.ts
  environment_variables = {
    SUMMARY_TABLE           = module.summary_table.table_name
    POWERTOOLS_SERVICE_NAME = "energy-summarizer"
    POWERTOOLS_LOG_LEVEL    = var.log_level
  }

  policy_statements = [
    {
      # SummaryTable: QueryCommand (changed hours, contributions), BatchGetCommand (rollups),
      # PutCommand and UpdateCommand (rollups, site registry), DeleteCommand (done markers).
      sid       = "RollUpSummaries"
      actions   = ["dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
      resources = [module.summary_table.table_arn]
    },
  ]
}

module "summarizer_schedule" {
  source = "./modules/schedule"

  name                          = local.names.summarizer_schedule
  schedule_expression           = var.summarizer_schedule_expression
  enabled                       = var.summarizer_schedule_enabled
  target_function_arn           = module.summarizer.function_arn
  dead_letter_retention_seconds = var.dead_letter_retention_seconds
}

module "alerter" {
  source = "./modules/function"

  function_name      = local.names.alerter
  description        = "Turns contributions into alert state per site and rule, silent sites and digests; one SNS message per state change."
  zip_path           = "${path.module}/../apps/alerter/dist/alerter.zip"
  memory_mb          = var.alerter_memory_mb
  timeout_seconds    = var.alerter_timeout_seconds
  log_retention_days = var.log_retention_days

  # ALERTER_ENVIRONMENT_VARIABLES in apps/alerter/src/environment.ts
  environment_variables = {
    SUMMARY_TABLE                = module.summary_table.table_name
    READINGS_TABLE               = module.readings_table.table_name
    ALERT_TOPIC_ARN              = module.alerts.topic_arn
    ALERT_INTERVAL_SECONDS       = tostring(var.alert_interval_seconds)
    ALERT_SILENT_AFTER_INTERVALS = tostring(var.alert_silent_after_intervals)
    ALERT_QUIET_SECONDS          = tostring(var.alert_quiet_seconds)
    ALERT_SETTLE_SECONDS         = tostring(var.alert_settle_seconds)
    ALERT_RENOTIFY_SECONDS       = tostring(var.alert_renotify_seconds)
    ALERT_DIGEST_SECONDS         = tostring(var.alert_digest_seconds)
    POWERTOOLS_SERVICE_NAME      = "energy-alerter"
    POWERTOOLS_LOG_LEVEL         = var.log_level
  }

  policy_statements = [
    {
      # AlerterStore and the shared summary-table adapter: QueryCommand (contribution heads,
      # alert records), BatchGetCommand (contribution parts, packed state shards), UpdateCommand
      # (the lease on the checkpoint item, records), PutCommand (state shards, the checkpoint
      # that gives the lease back), DeleteCommand (state shards of an outgrown layout).
      sid       = "KeepAlertState"
      actions   = ["dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
      resources = [module.summary_table.table_arn]
    },
    {
      # Sample values of a state change: QueryCommand on the sparse anomaly index, Limit 3.
      sid       = "SampleAnomalies"
      actions   = ["dynamodb:Query"]
      resources = [module.readings_table.table_index_arns["anomalies-by-site"]]
    },
    {
      # State changes and digests: PublishCommand.
      sid       = "PublishAlerts"
      actions   = ["sns:Publish"]
      resources = [module.alerts.topic_arn]
    },
  ]
}

module "alerter_schedule" {
  source = "./modules/schedule"

  name                          = local.names.alerter_schedule
  schedule_expression           = var.alerter_schedule_expression
  enabled                       = var.alerter_schedule_enabled
  target_function_arn           = module.alerter.function_arn
  dead_letter_retention_seconds = var.dead_letter_retention_seconds
}

module "http_api" {
  source = "./modules/http_api"

  name                   = local.names.http_api
  function_name          = module.api.function_name
  function_invoke_arn    = module.api.function_invoke_arn
  throttling_rate_limit  = var.api_throttling_rate_limit
  throttling_burst_limit = var.api_throttling_burst_limit
  log_retention_days     = var.log_retention_days

  # One catch-all route: the function routes (and answers 404/405) itself. With api_auth = jwt
  # the module's routes.json replaces it (the auth block at the end of this file).
  route_keys           = ["$default"]
  authorizer           = local.api_authorizer
  authorization_scopes = var.api_auth_scopes
  cors_allowed_origins = var.api_cors_allowed_origins
}

module "alarms" {
  source = "./modules/alarms"

  alarm_name_prefix = var.prefix
  alarm_topic_arn   = module.alarm_notifications.topic_arn
  queue_name        = module.queue.queue_name

  dead_letter_queue_names = {
    ingest              = module.queue.dead_letter_queue_name
    schedule            = module.generator_schedule.dead_letter_queue_name
    summarizer-schedule = module.summarizer_schedule.dead_letter_queue_name
    alerter-schedule    = module.alerter_schedule.dead_letter_queue_name
  }

  function_names = {
    processor  = module.processor.function_name
    generator  = module.generator.function_name
    api        = module.api.function_name
    summarizer = module.summarizer.function_name
    alerter    = module.alerter.function_name
  }

  oldest_message_age_threshold_seconds = var.oldest_message_age_alarm_seconds
}

# --- API authorization and operations (docs/auth.md, docs/runbook.md) ---
# api_auth = jwt: the stage's Cognito user pool (or the OIDC issuer given as variables) is
# the issuer of the HTTP API's JWT authorizer; the api function learns it (API_AUTH) for the
# dashboard's sign-in and the OpenAPI security scheme.

module "auth" {
  source = "./modules/auth"
  count  = var.api_auth == "jwt" && var.api_auth_issuer == "" ? 1 : 0

  name          = var.prefix
  region        = var.aws_region
  domain_prefix = coalesce(var.api_auth_domain_prefix, "${var.prefix}-${local.account_id}")
  callback_urls = concat(["${module.http_api.api_endpoint}/"], var.api_auth_callback_urls)
}

locals {
  api_authorizer = var.api_auth == "none" ? null : {
    issuer   = var.api_auth_issuer == "" ? module.auth[0].issuer : var.api_auth_issuer
    audience = var.api_auth_issuer == "" ? [module.auth[0].client_id] : var.api_auth_audience
  }

  api_sign_in = var.api_auth == "none" ? null : {
    authorize_url = var.api_auth_issuer == "" ? module.auth[0].authorize_url : var.api_auth_authorize_url
    token_url     = var.api_auth_issuer == "" ? module.auth[0].token_url : var.api_auth_token_url
  }

  # API_AUTH of the api function: parseApiAuth in apps/api/src/auth/apiAuth.ts
  api_auth_environment = var.api_auth == "none" ? jsonencode({ mode = "none" }) : jsonencode({
    mode         = "jwt"
    issuer       = local.api_authorizer.issuer
    clientId     = local.api_authorizer.audience[0]
    authorizeUrl = local.api_sign_in.authorize_url
    tokenUrl     = local.api_sign_in.token_url
    scopes       = var.api_auth_scopes
  })
}

check "api_auth_external_issuer" {
  assert {
    condition     = var.api_auth_issuer == "" || (length(var.api_auth_audience) > 0 && startswith(var.api_auth_authorize_url, "https://") && startswith(var.api_auth_token_url, "https://"))
    error_message = "With api_auth_issuer, set api_auth_audience (the dashboard's client id first), api_auth_authorize_url and api_auth_token_url."
  }
}

module "observability" {
  source = "./modules/observability"

  name                   = var.prefix
  region                 = var.aws_region
  queue_name             = module.queue.queue_name
  dead_letter_queue_name = module.queue.dead_letter_queue_name
  metrics_namespace      = var.metrics_namespace

  function_names = {
    generator = module.generator.function_name
    processor = module.processor.function_name
    api       = module.api.function_name
    alerter   = module.alerter.function_name
  }
}
