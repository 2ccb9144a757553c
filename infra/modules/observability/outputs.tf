output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "dashboard_url" {
  description = "Console URL of the CloudWatch dashboard."
  value       = "https://${var.region}.console.aws.amazon.com/cloudwatch/home?region=${var.region}#dashboards/dashboard/${aws_cloudwatch_dashboard.this.dashboard_name}"
}

output "query_definition_names" {
  description = "Names of the saved Logs Insights queries (CloudWatch > Logs Insights > Saved queries), by query."
  value       = { for key, query in aws_cloudwatch_query_definition.this : key => query.name }
}
