# What an operator looks at: one CloudWatch dashboard (the processor's EMF metrics, the
# queues, every function) and the saved Logs Insights queries of docs/runbook.md. The
# queries live in queries.json, which the local stack's test also reads (their filter
# patterns are tried against the emulator's log groups).

locals {
  region  = var.region
  queries = { for query in jsondecode(file("${path.module}/queries.json")) : query.name => query }

  # Metric names of apps/processor/src/constants.ts METRIC.
  emf = {
    stored      = "ReadingsStored"
    rejected    = "ReadingsRejected"
    anomalies   = "AnomaliesDetected"
    alerts_sent = "AlertsSent"
    alert_fails = "AlertFailures"
    quarantined = "FilesQuarantined"
  }

  emf_metric = { for key, metric in local.emf : key => [var.metrics_namespace, metric, "service", var.metrics_service] }

  widgets = [
    {
      type = "metric", x = 0, y = 0, width = 12, height = 6
      properties = {
        title   = "Readings stored and rejected"
        region  = local.region
        stat    = "Sum"
        period  = var.period_seconds
        metrics = [local.emf_metric.stored, local.emf_metric.rejected]
      }
    },
    {
      type = "metric", x = 12, y = 0, width = 12, height = 6
      properties = {
        title   = "Anomalies, alerts sent and failed, files quarantined"
        region  = local.region
        stat    = "Sum"
        period  = var.period_seconds
        metrics = [local.emf_metric.anomalies, local.emf_metric.alerts_sent, local.emf_metric.alert_fails, local.emf_metric.quarantined]
      }
    },
    {
      type = "metric", x = 0, y = 6, width = 8, height = 6
      properties = {
        title  = "Ingest queue: depth and dead letters"
        region = local.region
        stat   = "Maximum"
        period = var.period_seconds
        metrics = [
          ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.queue_name, { label = "ingest visible" }],
          ["AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "QueueName", var.queue_name, { label = "ingest in flight" }],
          ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.dead_letter_queue_name, { label = "dead letters" }],
        ]
      }
    },
    {
      type = "metric", x = 8, y = 6, width = 8, height = 6
      properties = {
        title   = "Age of the oldest ingest message (s)"
        region  = local.region
        stat    = "Maximum"
        period  = var.period_seconds
        metrics = [["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", var.queue_name]]
      }
    },
    {
      type = "metric", x = 16, y = 6, width = 8, height = 6
      properties = {
        title   = "Function errors and throttles"
        region  = local.region
        stat    = "Sum"
        period  = var.period_seconds
        metrics = concat([for role, name in var.function_names : ["AWS/Lambda", "Errors", "FunctionName", name, { label = "${role} errors" }]], [for role, name in var.function_names : ["AWS/Lambda", "Throttles", "FunctionName", name, { label = "${role} throttles" }]])
      }
    },
    {
      type = "metric", x = 0, y = 12, width = 24, height = 6
      properties = {
        title   = "Function duration, p95 and maximum (ms)"
        region  = local.region
        period  = var.period_seconds
        metrics = concat([for role, name in var.function_names : ["AWS/Lambda", "Duration", "FunctionName", name, { stat = "p95", label = "${role} p95" }]], [for role, name in var.function_names : ["AWS/Lambda", "Duration", "FunctionName", name, { stat = "Maximum", label = "${role} max" }]])
      }
    },
    {
      type = "log", x = 0, y = 18, width = 24, height = 6
      properties = {
        title  = "Failed messages by reason (saved query ${var.name}/failed-messages-by-reason)"
        region = local.region
        view   = "table"
        query  = "SOURCE '/aws/lambda/${var.function_names.processor}' | ${local.queries["failed-messages-by-reason"].query}"
      }
    },
  ]
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = "${var.name}-operations"
  dashboard_body = jsonencode({ widgets = local.widgets })
}

resource "aws_cloudwatch_query_definition" "this" {
  for_each = local.queries

  name            = "${var.name}/${each.key}"
  log_group_names = [for role in each.value.functions : "/aws/lambda/${var.function_names[role]}"]
  query_string    = each.value.query
}
