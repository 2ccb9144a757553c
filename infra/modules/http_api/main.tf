# An API Gateway HTTP API in front of one Lambda function (proxy integration, payload
# 2.0): the $default stage with throttling and JSON access logs, and, with an authorizer,
# a JWT authorizer on every route but the open ones (routes.json, which the local stack's
# HTTP API reads too).

locals {
  route_groups = jsondecode(file("${path.module}/routes.json"))

  # Without an authorizer: the given routes, open. With one: the open routes, the data and
  # docs routes with their scopes, and $default behind the authorizer, so a route added to the
  # function later is protected before anyone thinks of it.
  routes = var.authorizer == null ? {
    for key in var.route_keys : key => { authorization_type = "NONE", scopes = [] }
    } : merge(
    { for key in local.route_groups.open : key => { authorization_type = "NONE", scopes = [] } },
    { for key in local.route_groups.readings : key => { authorization_type = "JWT", scopes = var.authorization_scopes.readings } },
    { for key in local.route_groups.docs : key => { authorization_type = "JWT", scopes = var.authorization_scopes.docs } },
    { "$default" = { authorization_type = "JWT", scopes = [] } },
  )
}

resource "aws_apigatewayv2_api" "this" {
  name          = var.name
  protocol_type = "HTTP"
  description   = "Query API and dashboard of the energy telemetry pipeline."

  # API Gateway answers preflights itself (before the authorizer) for these origins only.
  dynamic "cors_configuration" {
    for_each = length(var.cors_allowed_origins) > 0 ? [var.cors_allowed_origins] : []
    content {
      allow_origins = cors_configuration.value
      allow_methods = ["GET", "HEAD", "OPTIONS", "POST"]
      allow_headers = ["authorization", "content-type"]
      max_age       = 300
    }
  }
}

resource "aws_apigatewayv2_authorizer" "this" {
  count = var.authorizer == null ? 0 : 1

  api_id           = aws_apigatewayv2_api.this.id
  name             = "${var.name}-jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.authorizer.issuer
    audience = var.authorizer.audience
  }
}

resource "aws_apigatewayv2_integration" "this" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = var.function_invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = var.integration_timeout_milliseconds
}

resource "aws_apigatewayv2_route" "this" {
  #checkov:skip=CKV_AWS_309:Open by design are only /health, the dashboard page, its assets and its sign-in exchange (routes.json); every data route has the JWT authorizer unless api_auth = "none" is chosen explicitly.
  for_each = local.routes

  api_id               = aws_apigatewayv2_api.this.id
  route_key            = each.key
  target               = "integrations/${aws_apigatewayv2_integration.this.id}"
  authorization_type   = each.value.authorization_type
  authorizer_id        = each.value.authorization_type == "JWT" ? aws_apigatewayv2_authorizer.this[0].id : null
  authorization_scopes = length(each.value.scopes) > 0 ? each.value.scopes : null
}

resource "aws_cloudwatch_log_group" "access" {
  #checkov:skip=CKV_AWS_158:Log events are encrypted at rest by CloudWatch Logs; a customer-managed key adds cost without a requirement for one.
  #checkov:skip=CKV_AWS_338:Retention is a variable (default 30 days) because access logs of this API are not audit records.
  name              = "/aws/apigateway/${var.name}/access"
  retention_in_days = var.log_retention_days
}

resource "aws_apigatewayv2_stage" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_rate_limit    = var.throttling_rate_limit
    throttling_burst_limit   = var.throttling_burst_limit
    detailed_metrics_enabled = true
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      requestTime        = "$context.requestTime"
      ip                 = "$context.identity.sourceIp"
      httpMethod         = "$context.httpMethod"
      path               = "$context.path"
      routeKey           = "$context.routeKey"
      status             = "$context.status"
      protocol           = "$context.protocol"
      responseLength     = "$context.responseLength"
      responseLatency    = "$context.responseLatency"
      integrationLatency = "$context.integrationLatency"
      integrationError   = "$context.integrationErrorMessage"
      userAgent          = "$context.identity.userAgent"
    })
  }
}

resource "aws_lambda_permission" "this" {
  statement_id  = "AllowInvokeFromHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = var.function_name
  principal     = "apigateway.amazonaws.com"

  # Any stage, method and route of this API only.
  source_arn = "${aws_apigatewayv2_api.this.execution_arn}/*/*"
}
