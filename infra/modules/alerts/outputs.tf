output "topic_arn" {
  description = "ARN of the alert topic."
  value       = aws_sns_topic.this.arn
}

output "topic_name" {
  description = "Name of the alert topic."
  value       = aws_sns_topic.this.name
}

output "email_subscription_arns" {
  description = "ARN of each e-mail subscription, by address (\"pending confirmation\" until the recipient confirms)."
  value       = { for address, subscription in aws_sns_topic_subscription.email : address => subscription.arn }
}

output "email_filter_policies" {
  description = "Filter policy of each e-mail subscription, by address (null = unfiltered)."
  value       = { for address, subscription in aws_sns_topic_subscription.email : address => subscription.filter_policy }
}

output "email_filter_scopes" {
  description = "Filter policy scope of each e-mail subscription, by address (null = unfiltered)."
  value       = { for address, subscription in aws_sns_topic_subscription.email : address => subscription.filter_policy_scope }
}
