# Plan-time facts of the schedule module on a mocked provider: the input reaches the
# target verbatim (the placeholder unescaped), retries and the DLQ are set.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name                          = "energy-test-generator-schedule"
  schedule_expression           = "rate(5 minutes)"
  target_function_arn           = "arn:aws:lambda:eu-west-1:123456789012:function:energy-test-generator"
  dead_letter_retention_seconds = 1209600
  input                         = "{\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}"
}

run "input_retries_and_dead_letter_queue" {
  command = apply

  assert {
    condition     = aws_scheduler_schedule.this.target[0].input == "{\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}"
    error_message = "The input must reach Scheduler verbatim, with the placeholder's < and > unescaped."
  }

  assert {
    condition     = aws_scheduler_schedule.this.target[0].retry_policy[0].maximum_retry_attempts == 2 && aws_scheduler_schedule.this.target[0].retry_policy[0].maximum_event_age_in_seconds == 240
    error_message = "Failed invocations are retried (2 attempts, 240 s)."
  }

  assert {
    condition     = aws_scheduler_schedule.this.target[0].dead_letter_config[0].arn == aws_sqs_queue.dead_letter.arn
    error_message = "Invocations that still fail go to the schedule's own DLQ."
  }

  assert {
    condition     = aws_scheduler_schedule.this.flexible_time_window[0].mode == "OFF" && aws_scheduler_schedule.this.state == "ENABLED"
    error_message = "The schedule runs exactly on the tick."
  }
}

run "invalid_json_input_is_rejected" {
  command = plan

  variables {
    input = "{scheduledTime: now}"
  }

  expect_failures = [var.input]
}
