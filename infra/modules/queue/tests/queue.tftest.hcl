# Plan-time facts of the queue module on a mocked provider: the DLQ and its redrive
# policies, the queue policy's confused-deputy conditions, the notification's events.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name                          = "energy-test-ingest"
  dead_letter_queue_name        = "energy-test-ingest-dlq"
  source_bucket_name            = "energy-test-raw"
  source_bucket_arn             = "arn:aws:s3:::energy-test-raw"
  visibility_timeout_seconds    = 190
  message_retention_seconds     = 345600
  dead_letter_retention_seconds = 1209600
  receive_wait_time_seconds     = 20
  max_receive_count             = 3
  filter_prefix                 = ""
}

run "dead_letter_queue_and_redrive" {
  command = apply

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy) == { deadLetterTargetArn = aws_sqs_queue.dead_letter.arn, maxReceiveCount = 3 }
    error_message = "The queue must redrive to the DLQ after max_receive_count receives."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue_redrive_allow_policy.dead_letter.redrive_allow_policy) == { redrivePermission = "byQueue", sourceQueueArns = [aws_sqs_queue.this.arn] }
    error_message = "Only the ingest queue may use the DLQ."
  }

  assert {
    condition     = aws_sqs_queue_redrive_allow_policy.dead_letter.queue_url == aws_sqs_queue.dead_letter.url
    error_message = "The redrive-allow policy belongs on the DLQ."
  }

  assert {
    condition     = aws_sqs_queue.this.visibility_timeout_seconds == 190 && aws_sqs_queue.this.receive_wait_time_seconds == 20 && aws_sqs_queue.dead_letter.message_retention_seconds == 1209600
    error_message = "Queue settings must be those passed in."
  }

  assert {
    condition     = aws_sqs_queue.this.sqs_managed_sse_enabled && aws_sqs_queue.dead_letter.sqs_managed_sse_enabled
    error_message = "Both queues use SQS-managed SSE (S3 cannot send to alias/aws/sqs)."
  }

  assert {
    condition     = aws_s3_bucket_notification.source.queue[0].events == toset(["s3:ObjectCreated:*"]) && aws_s3_bucket_notification.source.queue[0].queue_arn == aws_sqs_queue.this.arn
    error_message = "The bucket must announce every ObjectCreated event to the queue."
  }

  assert {
    condition     = aws_s3_bucket_notification.source.queue[0].filter_prefix == null
    error_message = "An empty filter_prefix must announce every key (no filter)."
  }

  assert {
    condition     = anytrue([for statement in data.aws_iam_policy_document.this.statement : contains([for c in statement.condition : c.variable], "aws:SourceAccount") && contains([for c in statement.condition : c.variable], "aws:SourceArn")])
    error_message = "S3 may send only for this bucket and this account."
  }
}
