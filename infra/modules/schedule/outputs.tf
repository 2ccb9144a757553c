output "schedule_arn" {
  description = "ARN of the schedule."
  value       = aws_scheduler_schedule.this.arn
}

output "schedule_name" {
  description = "Name of the schedule."
  value       = aws_scheduler_schedule.this.name
}

output "role_arn" {
  description = "ARN of the schedule's execution role."
  value       = aws_iam_role.this.arn
}

output "dead_letter_queue_name" {
  description = "Name of the queue that receives invocations that failed after every retry."
  value       = aws_sqs_queue.dead_letter.name
}

output "dead_letter_queue_arn" {
  description = "ARN of the schedule's dead-letter queue."
  value       = aws_sqs_queue.dead_letter.arn
}

output "dead_letter_queue_url" {
  description = "URL of the schedule's dead-letter queue."
  value       = aws_sqs_queue.dead_letter.url
}

output "schedule_input" {
  description = "Input the schedule sends its target, as stored."
  value       = aws_scheduler_schedule.this.target[0].input
}
