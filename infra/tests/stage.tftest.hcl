# Plan-time facts of the whole stage (infra/), on a mocked provider: no AWS, no emulator.
# `command = apply` on a mock provider creates nothing; it only makes every value known.
# The deployed stage itself is exercised on the emulator by tests/deployedStage.test.ts.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "defaults" {
  command = apply

  assert {
    condition     = module.queue.queue_visibility_timeout_seconds >= 6 * var.processor_timeout_seconds + var.processor_maximum_batching_window_seconds
    error_message = "The ingest queue's visibility timeout must be at least 6 x the processor timeout + the batching window."
  }

  assert {
    condition     = module.generator_schedule.schedule_input == "{\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}"
    error_message = "The schedule must send the placeholder unescaped (jsonencode would store \\u003c...\\u003e)."
  }

  assert {
    condition     = nonsensitive(module.processor.environment_variables["QUARANTINE_PREFIX"]) == var.quarantine_prefix && nonsensitive(module.processor.environment_variables["POWERTOOLS_SERVICE_NAME"]) == "energy-processor"
    error_message = "The processor's environment must carry the quarantine prefix and its service name."
  }

  assert {
    condition     = nonsensitive(module.generator.environment_variables["KEY_PREFIX"]) == var.raw_prefix && nonsensitive(module.generator.environment_variables["RAW_BUCKET"]) == module.storage.bucket_name
    error_message = "The generator must write under the raw prefix of the stage's bucket."
  }

  assert {
    condition     = nonsensitive(module.api.environment_variables["READINGS_TABLE"]) == module.readings_table.table_name && length(nonsensitive(module.api.environment_variables["CURSOR_SECRET"])) >= 32
    error_message = "The API reads the readings table and signs cursors with a key of at least 32 characters."
  }

  assert {
    condition     = nonsensitive(module.processor.environment_variables["INGEST_QUEUE_URL"]) == module.queue.queue_url
    error_message = "The processor continues big files in messages to its own ingest queue."
  }

  assert {
    condition     = nonsensitive(module.summarizer.environment_variables["SUMMARY_TABLE"]) == module.summary_table.table_name && module.summarizer_schedule.schedule_input == null
    error_message = "The summarizer rolls up the summary table, on a schedule of its own that sends no input."
  }

  assert {
    condition     = module.processor.event_source_mapping_uuid != null && module.generator.event_source_mapping_uuid == null && module.api.event_source_mapping_uuid == null && module.summarizer.event_source_mapping_uuid == null
    error_message = "Only the processor has an SQS event source."
  }
}
