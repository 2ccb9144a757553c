# Plan-time facts of the function module, on a mocked provider (no AWS, no emulator):
# the SQS event source's batch settings and partial batch responses, the visibility
# timeout rule, the environment and the role's statements.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  function_name      = "energy-test-processor"
  zip_path           = "../../../apps/processor/dist/processor.zip"
  timeout_seconds    = 30
  memory_mb          = 512
  log_retention_days = 30
  environment_variables = {
    READINGS_TABLE = "energy-test-readings"
  }
  policy_statements = [
    { sid = "WriteReadings", actions = ["dynamodb:BatchWriteItem"], resources = ["arn:aws:dynamodb:eu-west-1:123456789012:table/energy-test-readings"] },
  ]
  sqs_event_source = {
    queue_arn                        = "arn:aws:sqs:eu-west-1:123456789012:energy-test-ingest"
    queue_visibility_timeout_seconds = 190
    batch_size                       = 10
    maximum_batching_window_seconds  = 5
    maximum_concurrency              = 5
  }
}

run "sqs_event_source_reports_batch_item_failures" {
  command = apply

  assert {
    condition     = aws_lambda_event_source_mapping.sqs[0].function_response_types == toset(["ReportBatchItemFailures"])
    error_message = "The event source must report batch item failures, or Lambda retries whole batches."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.sqs[0].batch_size == 10 && aws_lambda_event_source_mapping.sqs[0].maximum_batching_window_in_seconds == 5
    error_message = "Batch size and batching window must be those passed in."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.sqs[0].scaling_config[0].maximum_concurrency == 5
    error_message = "Maximum concurrency must be the one passed in."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.sqs[0].event_source_arn == var.sqs_event_source.queue_arn
    error_message = "The mapping must read the queue passed in."
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables == tomap({ READINGS_TABLE = "energy-test-readings" })
    error_message = "The function's environment must be exactly the variables passed in."
  }

  assert {
    condition     = aws_lambda_function.this.handler == "index.handler" && aws_lambda_function.this.runtime == "nodejs22.x" && aws_lambda_function.this.architectures == tolist(["arm64"])
    error_message = "Handler, runtime and architecture must match the bundler's output."
  }

  assert {
    condition     = aws_lambda_function.this.logging_config[0].log_group == aws_cloudwatch_log_group.this.name
    error_message = "The function must log to its own log group (the one with retention)."
  }
}

run "visibility_timeout_below_six_function_timeouts_plus_window_fails" {
  command = plan

  variables {
    sqs_event_source = {
      queue_arn                        = "arn:aws:sqs:eu-west-1:123456789012:energy-test-ingest"
      queue_visibility_timeout_seconds = 184
      batch_size                       = 10
      maximum_batching_window_seconds  = 5
      maximum_concurrency              = 5
    }
  }

  expect_failures = [aws_lambda_event_source_mapping.sqs]
}

run "visibility_timeout_of_exactly_six_function_timeouts_plus_window_passes" {
  command = plan

  variables {
    sqs_event_source = {
      queue_arn                        = "arn:aws:sqs:eu-west-1:123456789012:energy-test-ingest"
      queue_visibility_timeout_seconds = 185
      batch_size                       = 10
      maximum_batching_window_seconds  = 5
      maximum_concurrency              = 5
    }
  }

  assert {
    condition     = length(aws_lambda_event_source_mapping.sqs) == 1
    error_message = "6 x 30 s + 5 s = 185 s is enough."
  }
}

run "wildcard_action_is_rejected" {
  command = plan

  variables {
    policy_statements = [{ sid = "Everything", actions = ["s3:*"], resources = ["*"] }]
  }

  expect_failures = [var.policy_statements]
}

run "no_event_source_without_a_queue" {
  command = plan

  variables {
    sqs_event_source = null
  }

  assert {
    condition     = length(aws_lambda_event_source_mapping.sqs) == 0
    error_message = "A function without sqs_event_source gets no mapping."
  }
}
