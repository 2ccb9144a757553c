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
    condition     = module.processor.event_source_mapping_uuid != null && module.generator.event_source_mapping_uuid == null && module.api.event_source_mapping_uuid == null && module.summarizer.event_source_mapping_uuid == null && module.alerter.event_source_mapping_uuid == null
    error_message = "Only the processor has an SQS event source."
  }

  assert {
    condition     = nonsensitive(module.processor.environment_variables["ALERT_FEED"]) == "none"
    error_message = "The per-reading feed is off unless per_reading_alert_feed asks for it."
  }

  assert {
    condition     = nonsensitive(module.alerter.environment_variables["SUMMARY_TABLE"]) == module.summary_table.table_name && nonsensitive(module.alerter.environment_variables["READINGS_TABLE"]) == module.readings_table.table_name && nonsensitive(module.alerter.environment_variables["ALERT_TOPIC_ARN"]) == module.alerts.topic_arn && module.alerter_schedule.schedule_input == null
    error_message = "The alerter reads the summary table and the anomaly index and publishes to the alert topic, on a schedule of its own that sends no input."
  }

  assert {
    condition = {
      for name in ["ALERT_INTERVAL_SECONDS", "ALERT_SILENT_AFTER_INTERVALS", "ALERT_QUIET_SECONDS", "ALERT_SETTLE_SECONDS", "ALERT_RENOTIFY_SECONDS", "ALERT_DIGEST_SECONDS"] :
      name => nonsensitive(module.alerter.environment_variables[name])
      } == {
      ALERT_INTERVAL_SECONDS       = "300"
      ALERT_SILENT_AFTER_INTERVALS = "3"
      ALERT_QUIET_SECONDS          = "10800"
      ALERT_SETTLE_SECONDS         = "300"
      ALERT_RENOTIFY_SECONDS       = "0"
      ALERT_DIGEST_SECONDS         = "3600"
    }
    error_message = "The alerter's settings are passed as whole seconds and counts (STACK_SETTINGS.alerter)."
  }

}

run "alarms_notify_a_topic_of_their_own" {
  command = apply

  # The mocked provider gives every topic the same ARN: give the alarm topic its own.
  override_module {
    target  = module.alarm_notifications
    outputs = { topic_arn = "arn:aws:sns:eu-west-1:123456789012:energy-dev-alarms", topic_name = "energy-dev-alarms" }
  }

  assert {
    condition     = one(module.alarms.alarm_actions) == "arn:aws:sns:eu-west-1:123456789012:energy-dev-alarms" && module.alerts.topic_arn != module.alarm_notifications.topic_arn
    error_message = "CloudWatch alarms notify a topic of their own, not the filtered alert topic."
  }
}

# --- alerts (issue 11): e-mail gets state changes, storms and digests; the per-reading feed is opt-in. ---

run "email_subscriptions_take_state_changes_and_digests" {
  command = apply

  variables {
    alert_email_addresses = ["ops@example.com"]
  }

  assert {
    condition     = jsondecode(module.alerts.email_filter_policies["ops@example.com"]) == { kind = ["alert", "digest", "storm"] } && module.alerts.email_filter_scopes["ops@example.com"] == "MessageAttributes"
    error_message = "An alert-topic e-mail subscription must filter on kind = alert, digest or storm (not the per-reading feed)."
  }

  assert {
    condition     = module.alarm_notifications.email_filter_policies["ops@example.com"] == null
    error_message = "Alarm e-mails must stay unfiltered: CloudWatch alarms publish without message attributes."
  }
}

run "email_subscriptions_unfiltered_when_no_kinds" {
  command = apply

  variables {
    alert_email_addresses     = ["ops@example.com"]
    alert_email_message_kinds = []
  }

  assert {
    condition     = module.alerts.email_filter_policies["ops@example.com"] == null
    error_message = "An empty alert_email_message_kinds sends every message."
  }
}

run "per_reading_feed_opt_in" {
  command = apply

  variables {
    per_reading_alert_feed = true
  }

  assert {
    condition     = nonsensitive(module.processor.environment_variables["ALERT_FEED"]) == "readings"
    error_message = "per_reading_alert_feed = true turns the processor's per-reading feed on."
  }
}

run "rejects_an_unknown_message_kind" {
  command = plan

  variables {
    alert_email_message_kinds = ["alarm"]
  }

  expect_failures = [var.alert_email_message_kinds]
}

run "rejects_a_zero_quiet_period" {
  command = plan

  variables {
    alert_quiet_seconds = 0
  }

  expect_failures = [var.alert_quiet_seconds]
}

# --- API authorization (api_auth; docs/auth.md): which routes carry the JWT authorizer, what the
# api function is told, and the variants. ---

run "jwt_by_default_with_the_stage_user_pool" {
  command = apply

  assert {
    condition     = length(module.auth) == 1 && module.http_api.route_authorization["GET /health"].authorization_type == "NONE"
    error_message = "By default the stage creates its user pool, and /health stays open."
  }

  assert {
    condition = alltrue([
      for key in ["GET /fetchrecords", "GET /fetchanomalies", "GET /fetchall", "GET /v1/{proxy+}", "GET /openapi.json", "GET /docs", "$default"] :
      module.http_api.route_authorization[key].authorization_type == "JWT"
    ])
    error_message = "Every data route, the OpenAPI document, the docs and $default must carry the JWT authorizer."
  }

  assert {
    condition = toset([for key, route in module.http_api.route_authorization : key if route.authorization_type == "NONE"]) == toset([
      "GET /health", "GET /", "GET /assets/{file}", "GET /auth/config.json", "POST /auth/token",
    ])
    error_message = "Only /health, the dashboard page, its assets and its sign-in exchange may be open."
  }

  assert {
    condition     = module.http_api.authorizer.issuer == module.auth[0].issuer && startswith(module.auth[0].issuer, "https://") && module.http_api.authorizer.audience == toset([module.auth[0].client_id])
    error_message = "The authorizer must accept the stage pool's tokens for the dashboard's client."
  }

  assert {
    condition     = jsondecode(nonsensitive(module.api.environment_variables["API_AUTH"])).mode == "jwt" && jsondecode(nonsensitive(module.api.environment_variables["API_AUTH"])).tokenUrl == "https://energy-dev-123456789012.auth.eu-west-1.amazoncognito.com/oauth2/token" && jsondecode(nonsensitive(module.api.environment_variables["API_AUTH"])).clientId == module.auth[0].client_id
    error_message = "The api function must be told the issuer and the hosted sign-in endpoints."
  }

  assert {
    condition     = contains(values(module.auth[0].scopes), "energy-api/readings.read")
    error_message = "The resource server must offer energy-api/readings.read."
  }

  assert {
    condition     = length(module.observability.query_definition_names) == 5
    error_message = "The five saved queries of docs/runbook.md must exist."
  }
}

run "scopes_per_route_group" {
  command = apply

  variables {
    api_auth_scopes = { readings = ["energy-api/readings.read"], docs = ["energy-api/docs.read"] }
  }

  assert {
    condition     = module.http_api.route_authorization["GET /v1/{proxy+}"].scopes == tolist(["energy-api/readings.read"]) && module.http_api.route_authorization["GET /openapi.json"].scopes == tolist(["energy-api/docs.read"])
    error_message = "Each route group must require its scopes."
  }
}

run "none_opens_every_route" {
  command = apply

  variables {
    api_auth = "none"
  }

  assert {
    condition     = length(module.auth) == 0 && module.http_api.authorizer == null && keys(module.http_api.route_authorization) == ["$default"] && module.http_api.route_authorization["$default"].authorization_type == "NONE"
    error_message = "api_auth = none: no pool, no authorizer, one open $default route."
  }

  assert {
    condition     = jsondecode(nonsensitive(module.api.environment_variables["API_AUTH"])) == { mode = "none" }
    error_message = "The api function must be told that auth is off."
  }
}

run "external_issuer" {
  command = apply

  variables {
    api_auth_issuer        = "https://login.example.com/realms/energy"
    api_auth_audience      = ["energy-dashboard"]
    api_auth_authorize_url = "https://login.example.com/realms/energy/protocol/openid-connect/auth"
    api_auth_token_url     = "https://login.example.com/realms/energy/protocol/openid-connect/token"
  }

  assert {
    condition     = length(module.auth) == 0 && module.http_api.route_authorization["GET /fetchall"].authorization_type == "JWT"
    error_message = "With an external issuer the stage creates no pool and still protects the data routes."
  }
}

run "rejects_an_unknown_mode" {
  command = plan

  variables {
    api_auth = "basic"
  }

  expect_failures = [var.api_auth]
}
