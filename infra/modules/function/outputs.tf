output "function_name" {
  description = "Name of the function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the function."
  value       = aws_lambda_function.this.arn
}

output "function_invoke_arn" {
  description = "Invoke ARN of the function (for API Gateway integrations)."
  value       = aws_lambda_function.this.invoke_arn
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the function's execution role."
  value       = aws_iam_role.this.name
}

output "log_group_name" {
  description = "Name of the function's log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "event_source_mapping_uuid" {
  description = "Id of the SQS event source mapping, or null when the function has none."
  value       = one(aws_lambda_event_source_mapping.sqs[*].uuid)
}

output "environment_variables" {
  description = "Environment of the function, by name (sensitive: the API's holds its cursor-signing key)."
  value       = var.environment_variables
  sensitive   = true
}
