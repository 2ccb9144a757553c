variable "name" {
  description = "Name of the schedule, of its execution role and (with a -dlq suffix) of its dead-letter queue, 1-60 letters, digits, hyphens and underscores."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,60}$", var.name))
    error_message = "name must be 1-60 letters, digits, hyphens or underscores."
  }
}

variable "schedule_expression" {
  description = "When the target runs: rate(...), cron(...) or at(...), in EventBridge Scheduler syntax."
  type        = string

  validation {
    condition     = can(regex("^(rate|cron|at)\\(.+\\)$", var.schedule_expression))
    error_message = "schedule_expression must be rate(...), cron(...) or at(...)."
  }
}

variable "schedule_expression_timezone" {
  description = "IANA time zone that cron(...) and at(...) expressions are read in."
  type        = string
  default     = "UTC"
}

variable "enabled" {
  description = "Whether the schedule runs (false pauses the generator without deleting anything)."
  type        = bool
  default     = true
}

variable "target_function_arn" {
  description = "ARN of the Lambda function the schedule invokes; the execution role may invoke only this function."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+$", var.target_function_arn))
    error_message = "target_function_arn must be an unqualified Lambda function ARN."
  }
}

variable "input" {
  description = "JSON the function receives as its event, or null for Scheduler's default (an empty event); may use <aws.scheduler.*> context placeholders."
  type        = string
  default     = null

  validation {
    condition     = var.input == null ? true : can(jsondecode(var.input))
    error_message = "input must be valid JSON."
  }
}

variable "maximum_retry_attempts" {
  description = "Retries of a failed invocation before the event goes to the dead-letter queue, 0-185."
  type        = number
  default     = 2

  validation {
    condition     = var.maximum_retry_attempts >= 0 && var.maximum_retry_attempts <= 185 && floor(var.maximum_retry_attempts) == var.maximum_retry_attempts
    error_message = "maximum_retry_attempts must be a whole number between 0 and 185."
  }
}

variable "maximum_event_age_seconds" {
  description = "Seconds an undelivered invocation is retried for before it goes to the dead-letter queue, 60-86400; keep it below the schedule period so ticks do not pile up."
  type        = number
  default     = 240

  validation {
    condition     = var.maximum_event_age_seconds >= 60 && var.maximum_event_age_seconds <= 86400
    error_message = "maximum_event_age_seconds must be between 60 and 86400."
  }
}

variable "dead_letter_retention_seconds" {
  description = "Seconds the schedule's dead-letter queue keeps a failed invocation, 60-1209600 (default 14 days)."
  type        = number

  validation {
    condition     = var.dead_letter_retention_seconds >= 60 && var.dead_letter_retention_seconds <= 1209600
    error_message = "dead_letter_retention_seconds must be between 60 and 1209600."
  }
}
