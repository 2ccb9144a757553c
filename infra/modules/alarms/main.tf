# CloudWatch alarms that notify the alert topic: a message in a dead-letter queue,
# a failed function invocation, an ingest queue whose oldest message is too old.

locals {
  dead_letter_alarms = {
    for label, queue in var.dead_letter_queue_names : "${label}-dlq-not-empty" => {
      description     = "A message reached the ${queue} dead-letter queue: inspect it, fix the cause, then redrive."
      namespace       = "AWS/SQS"
      metric_name     = "ApproximateNumberOfMessagesVisible"
      dimension_name  = "QueueName"
      dimension_value = queue
      statistic       = "Maximum"
      threshold       = 0
    }
  }

  function_alarms = {
    for label, function_name in var.function_names : "${label}-errors" => {
      description     = "The ${function_name} function failed (errors above ${var.function_errors_threshold} in ${var.period_seconds} s): see its log group."
      namespace       = "AWS/Lambda"
      metric_name     = "Errors"
      dimension_name  = "FunctionName"
      dimension_value = function_name
      statistic       = "Sum"
      threshold       = var.function_errors_threshold
    }
  }

  queue_alarms = {
    "ingest-oldest-message-age" = {
      description     = "The oldest message of ${var.queue_name} is older than ${var.oldest_message_age_threshold_seconds} s: the processor is not keeping up or not running."
      namespace       = "AWS/SQS"
      metric_name     = "ApproximateAgeOfOldestMessage"
      dimension_name  = "QueueName"
      dimension_value = var.queue_name
      statistic       = "Maximum"
      threshold       = var.oldest_message_age_threshold_seconds
    }
  }

  alarms = merge(local.dead_letter_alarms, local.function_alarms, local.queue_alarms)
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.alarm_name_prefix}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric_name
  dimensions          = { (each.value.dimension_name) = each.value.dimension_value }
  statistic           = each.value.statistic
  period              = var.period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.threshold

  # No data means no messages and no invocations: nothing is wrong.
  treat_missing_data = "notBreaching"
  alarm_actions      = [var.alarm_topic_arn]
  ok_actions         = [var.alarm_topic_arn]
}
