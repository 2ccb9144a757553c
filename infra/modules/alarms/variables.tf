variable "alarm_name_prefix" {
  description = "Prefix of every alarm name (the stack prefix)."
  type        = string
}

variable "alarm_topic_arn" {
  description = "ARN of the SNS topic notified when an alarm fires and when it recovers."
  type        = string
}

variable "queue_name" {
  description = "Name of the ingest queue whose oldest message's age is watched."
  type        = string
}

variable "dead_letter_queue_names" {
  description = "Dead-letter queues to watch, by label (e.g. ingest, schedule): one alarm each as soon as a message is in it."
  type        = map(string)
  default     = {}
}

variable "function_names" {
  description = "Lambda functions to watch, by label (e.g. processor): one alarm each when an invocation fails."
  type        = map(string)
  default     = {}
}

variable "oldest_message_age_threshold_seconds" {
  description = "Age of the ingest queue's oldest message, seconds, above which processing counts as stuck; at least 60."
  type        = number

  validation {
    condition     = var.oldest_message_age_threshold_seconds >= 60
    error_message = "oldest_message_age_threshold_seconds must be at least 60."
  }
}

variable "function_errors_threshold" {
  description = "Failed invocations per period above which a function alarm fires (0: any failure)."
  type        = number
  default     = 0

  validation {
    condition     = var.function_errors_threshold >= 0
    error_message = "function_errors_threshold must be at least 0."
  }
}

variable "period_seconds" {
  description = "Length of one evaluation period, seconds: 60 or a multiple of 60 (SQS and Lambda publish metrics every minute)."
  type        = number
  default     = 300

  validation {
    condition     = var.period_seconds >= 60 && var.period_seconds % 60 == 0
    error_message = "period_seconds must be a multiple of 60."
  }
}
