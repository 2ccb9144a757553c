output "bucket_name" {
  description = "Name of the raw-file bucket."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the raw-file bucket."
  value       = aws_s3_bucket.this.arn
}

output "raw_prefix" {
  description = "Key prefix of raw files."
  value       = var.raw_prefix
}

output "quarantine_prefix" {
  description = "Key prefix of quarantined files."
  value       = var.quarantine_prefix
}
