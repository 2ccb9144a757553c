output "table_name" {
  description = "Name of the table."
  value       = aws_dynamodb_table.this.name
}

output "table_arn" {
  description = "ARN of the table."
  value       = aws_dynamodb_table.this.arn
}

output "table_index_arns" {
  description = "ARN of each global secondary index, by index name (for IAM Query permissions)."
  value       = { for index in var.global_secondary_indexes : index.name => "${aws_dynamodb_table.this.arn}/index/${index.name}" }
}
