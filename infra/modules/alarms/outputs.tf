output "alarm_arns" {
  description = "ARN of each alarm, by key (<label>-dlq-not-empty, <label>-errors, ingest-oldest-message-age)."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.this : key => alarm.arn }
}

output "alarm_names" {
  description = "Name of each alarm, by key."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.this : key => alarm.alarm_name }
}

output "alarm_actions" {
  description = "The distinct actions (SNS topic ARNs) the alarms notify."
  value       = distinct(flatten([for alarm in aws_cloudwatch_metric_alarm.this : alarm.alarm_actions]))
}
