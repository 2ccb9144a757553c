variable "name" {
  description = "Name of the ingest queue, 1-80 letters, digits, hyphens and underscores."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.name))
    error_message = "name must be 1-80 letters, digits, hyphens or underscores."
  }
}

variable "dead_letter_queue_name" {
  description = "Name of the dead-letter queue, 1-80 letters, digits, hyphens and underscores."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.dead_letter_queue_name))
    error_message = "dead_letter_queue_name must be 1-80 letters, digits, hyphens or underscores."
  }
}

variable "visibility_timeout_seconds" {
  description = "Seconds a received message stays invisible to other consumers, 0-43200; keep it at least 6 x the consumer's timeout plus its batching window."
  type        = number

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200 && floor(var.visibility_timeout_seconds) == var.visibility_timeout_seconds
    error_message = "visibility_timeout_seconds must be a whole number between 0 and 43200."
  }
}

variable "message_retention_seconds" {
  description = "Seconds the ingest queue keeps a message, 60-1209600 (1 minute to 14 days)."
  type        = number

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "message_retention_seconds must be between 60 and 1209600."
  }
}

variable "dead_letter_retention_seconds" {
  description = "Seconds the dead-letter queue keeps a message, 60-1209600; the maximum (14 days) leaves time to investigate and redrive."
  type        = number

  validation {
    condition     = var.dead_letter_retention_seconds >= 60 && var.dead_letter_retention_seconds <= 1209600
    error_message = "dead_letter_retention_seconds must be between 60 and 1209600."
  }
}

variable "receive_wait_time_seconds" {
  description = "Long-poll wait of a receive, seconds, 0-20."
  type        = number

  validation {
    condition     = var.receive_wait_time_seconds >= 0 && var.receive_wait_time_seconds <= 20
    error_message = "receive_wait_time_seconds must be between 0 and 20."
  }
}

variable "max_receive_count" {
  description = "Receives after which SQS moves a message to the dead-letter queue, 1-1000."
  type        = number

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number between 1 and 1000."
  }
}

variable "source_bucket_name" {
  description = "Name of the bucket whose ObjectCreated events feed the queue."
  type        = string
}

variable "source_bucket_arn" {
  description = "ARN of that bucket: the only source S3 may send messages for."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9.-]{3,63}$", var.source_bucket_arn))
    error_message = "source_bucket_arn must be an S3 bucket ARN (arn:<partition>:s3:::<bucket>)."
  }
}

variable "filter_prefix" {
  description = "Only objects whose key starts with this prefix are notified (\"\" for every key); keep the quarantine prefix outside it."
  type        = string
}

variable "filter_suffix" {
  description = "Only objects whose key ends with this suffix are notified (\"\" for every key)."
  type        = string
  default     = ""
}
