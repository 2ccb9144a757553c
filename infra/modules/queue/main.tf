# The ingest queue fed by the bucket's ObjectCreated notifications, its dead-letter
# queue, and the policies that wire them: S3 may send only for this bucket and
# account, and only this queue may redrive into the DLQ.

data "aws_caller_identity" "current" {}

resource "aws_sqs_queue" "dead_letter" {
  name                      = var.dead_letter_queue_name
  message_retention_seconds = var.dead_letter_retention_seconds

  # SQS-managed SSE: S3 cannot deliver to a queue under the AWS-managed alias/aws/sqs key.
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue" "this" {
  name                       = var.name
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  receive_wait_time_seconds  = var.receive_wait_time_seconds

  # SQS-managed SSE: S3 cannot deliver to a queue under the AWS-managed alias/aws/sqs key.
  sqs_managed_sse_enabled = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter.arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {
  queue_url = aws_sqs_queue.dead_letter.url

  # Only the ingest queue may use this DLQ, which also allows redriving back into it.
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this.arn]
  })
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "AllowObjectCreatedNotificationsFromTheBucket"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.this.arn]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    # Confused-deputy protection: only this bucket, owned by this account.
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [var.source_bucket_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  queue_url = aws_sqs_queue.this.url
  policy    = data.aws_iam_policy_document.this.json
}

resource "aws_s3_bucket_notification" "source" {
  bucket = var.source_bucket_name

  queue {
    queue_arn     = aws_sqs_queue.this.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = var.filter_prefix == "" ? null : var.filter_prefix
    filter_suffix = var.filter_suffix == "" ? null : var.filter_suffix
  }

  # S3 validates the destination when the notification is saved ("Unable to validate
  # the following destination configurations") unless the queue policy already lets it send.
  depends_on = [aws_sqs_queue_policy.this]
}
