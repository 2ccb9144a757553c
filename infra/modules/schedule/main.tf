# An EventBridge Scheduler schedule that invokes one Lambda function on time, with
# retries, a dead-letter queue for invocations that still fail, and a role that can
# do nothing but invoke that function (and report failures to its own DLQ).

data "aws_caller_identity" "current" {}

resource "aws_sqs_queue" "dead_letter" {
  name                      = "${var.name}-dlq"
  message_retention_seconds = var.dead_letter_retention_seconds
  sqs_managed_sse_enabled   = true
}

data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "SchedulerAssumesTheRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    # Confused-deputy protection: only schedules of this account.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.name
  description        = "Lets the ${var.name} schedule invoke its target function and nothing else."
  assume_role_policy = data.aws_iam_policy_document.assume_role.json
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "InvokeTargetFunction"
    effect    = "Allow"
    actions   = ["lambda:InvokeFunction"]
    resources = [var.target_function_arn]
  }

  # Scheduler delivers failed invocations to the DLQ with the schedule's execution role.
  statement {
    sid       = "SendFailedInvocationsToOwnDeadLetterQueue"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letter.arn]
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.name}-invoke-target"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

resource "aws_scheduler_schedule" "this" {
  #checkov:skip=CKV_AWS_297:The schedule holds only a target ARN and a timestamp template; the AWS-owned key encrypts it, a customer-managed key would add cost and a key policy for no secret.
  name                         = var.name
  description                  = "Invokes ${var.target_function_arn} on ${var.schedule_expression}."
  schedule_expression          = var.schedule_expression
  schedule_expression_timezone = var.schedule_expression_timezone
  state                        = var.enabled ? "ENABLED" : "DISABLED"

  # Run exactly on the tick: readings are timestamped by their tick.
  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = var.target_function_arn
    role_arn = aws_iam_role.this.arn
    input    = var.input

    retry_policy {
      maximum_retry_attempts       = var.maximum_retry_attempts
      maximum_event_age_in_seconds = var.maximum_event_age_seconds
    }

    dead_letter_config {
      arn = aws_sqs_queue.dead_letter.arn
    }
  }

  # The first run may come right after creation: the role must already allow it.
  depends_on = [aws_iam_role_policy.this]
}
