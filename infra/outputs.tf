output "api_url" {
  description = "Base URL of the HTTP API (e.g. <api_url>/health, <api_url>/v1/sites)."
  value       = module.http_api.api_endpoint
}

output "dashboard_url" {
  description = "URL of the dashboard (served by the API at /)."
  value       = "${module.http_api.api_endpoint}/"
}

output "openapi_url" {
  description = "URL of the API's OpenAPI 3.1 document."
  value       = "${module.http_api.api_endpoint}/openapi.json"
}

output "bucket_name" {
  description = "Raw-file bucket; upload files under any key (quarantine/ aside) to ingest them."
  value       = module.storage.bucket_name
}

output "queue_url" {
  description = "URL of the ingest queue."
  value       = module.queue.queue_url
}

output "dead_letter_queue_url" {
  description = "URL of the ingest dead-letter queue (redrive source)."
  value       = module.queue.dead_letter_queue_url
}

output "schedule_dead_letter_queue_url" {
  description = "URL of the queue holding generator invocations that failed after every retry."
  value       = module.generator_schedule.dead_letter_queue_url
}

output "alerter_schedule_dead_letter_queue_url" {
  description = "URL of the queue holding alerter invocations that failed after every retry."
  value       = module.alerter_schedule.dead_letter_queue_url
}

output "readings_table_name" {
  description = "DynamoDB table of readings."
  value       = module.readings_table.table_name
}

output "summary_table_name" {
  description = "DynamoDB table of aggregates, site registry and alert markers."
  value       = module.summary_table.table_name
}

output "alert_topic_arn" {
  description = "SNS topic of the alerter's state changes and digests (kind = alert, digest) and the opt-in per-reading feed (kind = reading); subscribe with a filter policy on kind."
  value       = module.alerts.topic_arn
}

output "alarm_topic_arn" {
  description = "SNS topic of the CloudWatch alarm notifications."
  value       = module.alarm_notifications.topic_arn
}

output "alert_email_filter_policies" {
  description = "Filter policy of each alert-topic e-mail subscription, by address."
  value       = module.alerts.email_filter_policies
}

output "function_names" {
  description = "Lambda function names, by role."
  value = {
    generator  = module.generator.function_name
    processor  = module.processor.function_name
    api        = module.api.function_name
    summarizer = module.summarizer.function_name
    alerter    = module.alerter.function_name
  }
}

output "log_group_names" {
  description = "Log groups, by source."
  value = {
    generator  = module.generator.log_group_name
    processor  = module.processor.log_group_name
    api        = module.api.log_group_name
    summarizer = module.summarizer.log_group_name
    alerter    = module.alerter.log_group_name
    api_access = module.http_api.access_log_group_name
  }
}

# --- API authorization and operations ---

output "api_auth" {
  description = "How the API authorizes: mode, issuer, the dashboard's client id, the user pool (when the stage created it) and the sign-in endpoints."
  value = {
    mode          = var.api_auth
    issuer        = try(local.api_authorizer.issuer, null)
    client_id     = try(local.api_authorizer.audience[0], null)
    user_pool_id  = try(module.auth[0].user_pool_id, null)
    authorize_url = try(local.api_sign_in.authorize_url, null)
    token_url     = try(local.api_sign_in.token_url, null)
  }
}

output "api_route_authorization" {
  description = "Every route of the HTTP API with its authorization type and scopes."
  value       = module.http_api.route_authorization
}

output "operations_dashboard_url" {
  description = "Console URL of the CloudWatch dashboard of the stage."
  value       = module.observability.dashboard_url
}

output "log_query_names" {
  description = "Saved Logs Insights queries of docs/runbook.md, by query."
  value       = module.observability.query_definition_names
}
