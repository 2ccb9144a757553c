output "api_id" {
  description = "Id of the HTTP API."
  value       = aws_apigatewayv2_api.this.id
}

output "api_endpoint" {
  description = "Base URL of the API's $default stage, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "api_execution_arn" {
  description = "Execution ARN of the API (prefix of the ARNs IAM policies use for its routes)."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "stage_invoke_url" {
  description = "Invoke URL of the $default stage."
  value       = aws_apigatewayv2_stage.this.invoke_url
}

output "access_log_group_name" {
  description = "Name of the access log group."
  value       = aws_cloudwatch_log_group.access.name
}

output "route_authorization" {
  description = "Every route key with its authorization type (NONE or JWT) and required scopes."
  value       = { for key, route in local.routes : key => { authorization_type = route.authorization_type, scopes = route.scopes } }
}

output "authorizer" {
  description = "The JWT authorizer's issuer and audiences as created (null without one)."
  value = var.authorizer == null ? null : {
    id       = aws_apigatewayv2_authorizer.this[0].id
    issuer   = one(aws_apigatewayv2_authorizer.this[0].jwt_configuration).issuer
    audience = one(aws_apigatewayv2_authorizer.this[0].jwt_configuration).audience
  }
}
