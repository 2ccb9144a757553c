# One Lambda function with its own execution role (least privilege), its log group
# with retention, and optionally an SQS event source with partial batch responses.

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:Log events are encrypted at rest by CloudWatch Logs; a customer-managed key adds cost without a requirement for one.
  #checkov:skip=CKV_AWS_338:Retention is a variable (default 30 days) because operational logs of this pipeline are not audit records.
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "LambdaAssumesTheExecutionRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.function_name
  description        = "Execution role of the ${var.function_name} Lambda function."
  assume_role_policy = data.aws_iam_policy_document.assume_role.json
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "WriteOwnLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  dynamic "statement" {
    for_each = var.tracing_mode == "Active" ? ["xray"] : []

    content {
      sid     = "WriteTraces"
      effect  = "Allow"
      actions = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
      # X-Ray has no resource-level permissions for these actions: AWS requires "*".
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = var.sqs_event_source == null ? [] : [var.sqs_event_source.queue_arn]

    content {
      sid = "ConsumeEventSourceQueue"
      # What the Lambda service needs, with this role, to poll the queue for the function.
      effect    = "Allow"
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = var.policy_statements

    content {
      sid       = statement.value.sid
      effect    = "Allow"
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.function_name}-least-privilege"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_115:Reserved concurrency is a variable (default none): new accounts cannot reserve any; the SQS event source caps the processor with maximum_concurrency instead.
  #checkov:skip=CKV_AWS_116:Failures are kept elsewhere: the SQS redrive policy (processor), the schedule's dead-letter queue (generator), the synchronous caller (API).
  #checkov:skip=CKV_AWS_50:Tracing defaults to PassThrough: the code emits no SDK subsegments (the X-Ray SDK is in maintenance), so Active would only record bare invocation segments; tracing_mode = "Active" turns it on.
  #checkov:skip=CKV_AWS_117:The functions only call public AWS endpoints (S3, DynamoDB, SNS); a VPC would add NAT or endpoint cost and no isolation.
  #checkov:skip=CKV_AWS_173:The environment holds names and settings, no secrets beyond the API's cursor-signing key, and Lambda encrypts it at rest with its service key.
  #checkov:skip=CKV_AWS_272:Code signing needs a Signer profile; integrity comes from the deterministic zip and its source_code_hash.
  function_name                  = var.function_name
  description                    = var.description
  role                           = aws_iam_role.this.arn
  filename                       = var.zip_path
  source_code_hash               = filebase64sha256(var.zip_path)
  handler                        = var.handler
  runtime                        = var.runtime
  architectures                  = [var.architecture]
  memory_size                    = var.memory_mb
  timeout                        = var.timeout_seconds
  reserved_concurrent_executions = var.reserved_concurrent_executions

  environment {
    variables = var.environment_variables
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  tracing_config {
    mode = var.tracing_mode
  }

  # The role must be able to write logs (and poll the queue) before the first invocation.
  depends_on = [aws_iam_role_policy.this]
}

resource "aws_lambda_event_source_mapping" "sqs" {
  count = var.sqs_event_source == null ? 0 : 1

  event_source_arn                   = var.sqs_event_source.queue_arn
  function_name                      = aws_lambda_function.this.arn
  batch_size                         = var.sqs_event_source.batch_size
  maximum_batching_window_in_seconds = var.sqs_event_source.maximum_batching_window_seconds

  # Without this Lambda ignores batchItemFailures and retries the whole batch.
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.sqs_event_source.maximum_concurrency
  }

  lifecycle {
    # AWS advice: a message must stay invisible while every retry of its batch may
    # still be running, or it is received twice and reaches the DLQ too early.
    precondition {
      condition     = var.sqs_event_source.queue_visibility_timeout_seconds >= 6 * var.timeout_seconds + var.sqs_event_source.maximum_batching_window_seconds
      error_message = "The queue's visibility timeout must be at least 6 x the function timeout + the batching window (AWS guidance for SQS event sources)."
    }
  }

  # Creating the mapping fails unless the role may already receive from the queue.
  depends_on = [aws_iam_role_policy.this]
}
