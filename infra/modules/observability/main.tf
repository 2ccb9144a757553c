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

  # [title, statistic, metrics] per graph, laid out left to right, 12 or 8 columns wide.
  metric_graphs = [
    { title = "Readings stored and rejected", stat = "Sum", width = 12, metrics = [local.emf_metric.stored, local.emf_metric.rejected] },
    { title = "Anomalies, alerts sent and failed, files quarantined", stat = "Sum", width = 12, metrics = [local.emf_metric.anomalies, local.emf_metric.alerts_sent, local.emf_metric.alert_fails, local.emf_metric.quarantined] },
    {
      title = "Ingest queue: depth and dead letters", stat = "Maximum", width = 8
      metrics = [
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.queue_name, { label = "ingest visible" }],
        ["AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "QueueName", var.queue_name, { label = "ingest in flight" }],
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.dead_letter_queue_name, { label = "dead letters" }],
      ]
    },
    { title = "Age of the oldest ingest message (s)", stat = "Maximum", width = 8, metrics = [["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", var.queue_name]] },
    {
      title   = "Function errors and throttles", stat = "Sum", width = 8
      metrics = flatten([for metric in ["Errors", "Throttles"] : [for role, name in var.function_names : ["AWS/Lambda", metric, "FunctionName", name, { label = "${role} ${lower(metric)}" }]]])
    },
    {
      title   = "Function duration, p95 and maximum (ms)", stat = "Maximum", width = 24
      metrics = flatten([for stat in ["p95", "Maximum"] : [for role, name in var.function_names : ["AWS/Lambda", "Duration", "FunctionName", name, { stat = stat, label = "${role} ${stat}" }]]])
    },
  ]

  # Graphs flow in rows of 24 columns, 6 high: the x of each is the width of those before it in its row.
  graph_x = [for index, graph in local.metric_graphs : sum(concat([0], [for before in slice(local.metric_graphs, 0, index) : before.width])) % 24]

  widgets = concat(
    [for index, graph in local.metric_graphs : {
      type   = "metric"
      x      = local.graph_x[index]
      y      = 6 * floor(sum(concat([0], [for before in slice(local.metric_graphs, 0, index) : before.width])) / 24)
      width  = graph.width
      height = 6
      properties = {
        title   = graph.title
        region  = local.region
        stat    = graph.stat
        period  = var.period_seconds
        metrics = graph.metrics
      }
    }],
    [{
      type = "log", x = 0, y = 18, width = 24, height = 6
      properties = {
        title  = "Failed messages by reason (saved query ${var.name}/failed-messages-by-reason)"
        region = local.region
        view   = "table"
        query  = "SOURCE '/aws/lambda/${var.function_names.processor}' | ${local.queries["failed-messages-by-reason"].query}"
      }
    }],
  )
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
