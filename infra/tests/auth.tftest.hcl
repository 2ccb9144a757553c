# API authorization of the stage (api_auth), on a mocked provider: which routes carry the JWT
# authorizer, what the api function is told, and the external-issuer variant.

mock_provider "aws" {
  # The provider and the modules validate ARNs even when mocked: valid ones for what is read.
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::energy-dev-raw-123456789012" }
  }
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:energy-dev-ingest"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/energy-dev-ingest"
    }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:eu-west-1:123456789012:energy-dev-alerts" }
  }
  mock_resource "aws_dynamodb_table" {
    defaults = { arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/energy-dev-table" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/energy-dev" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/energy-dev" }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:eu-west-1:123456789012:function:energy-dev-function"
      invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:energy-dev-function/invocations"
    }
  }
  mock_resource "aws_apigatewayv2_api" {
    defaults = {
      execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:abc123"
      api_endpoint  = "https://abc123.execute-api.eu-west-1.amazonaws.com"
    }
  }
  mock_resource "aws_cognito_user_pool" {
    defaults = {
      id       = "eu-west-1_abc123"
      arn      = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc123"
      endpoint = "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc123"
    }
  }
  mock_resource "aws_cognito_user_pool_client" {
    defaults = { id = "dashboardclient123" }
  }
  mock_resource "aws_apigatewayv2_authorizer" {
    defaults = { id = "authz1" }
  }
}


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
    condition     = module.http_api.authorizer.issuer == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc123" && module.http_api.authorizer.audience == toset(["dashboardclient123"])
    error_message = "The authorizer must accept the stage pool's tokens for the dashboard's client."
  }

  assert {
    condition     = jsondecode(nonsensitive(module.api.environment_variables["API_AUTH"])).mode == "jwt" && jsondecode(nonsensitive(module.api.environment_variables["API_AUTH"])).tokenUrl == "https://energy-dev-123456789012.auth.eu-west-1.amazoncognito.com/oauth2/token"
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
