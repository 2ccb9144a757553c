variable "function_name" {
  description = "Name of the function, its execution role and its log group, 1-64 letters, digits, hyphens and underscores."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.function_name))
    error_message = "function_name must be 1-64 letters, digits, hyphens or underscores."
  }
}

variable "description" {
  description = "What the function does, at most 256 characters."
  type        = string
  default     = ""

  validation {
    condition     = length(var.description) <= 256
    error_message = "description must be at most 256 characters."
  }
}

variable "zip_path" {
  description = "Path of the deployment package (the bundler's deterministic apps/<name>/dist/<name>.zip); build it before plan."
  type        = string

  validation {
    condition     = endswith(var.zip_path, ".zip")
    error_message = "zip_path must name a .zip file."
  }
}

variable "handler" {
  description = "Entry point inside the zip, <file without extension>.<export>."
  type        = string
  default     = "index.handler"
}

variable "runtime" {
  description = "Lambda runtime identifier (a Node.js runtime: the bundles are ESM for Node)."
  type        = string
  default     = "nodejs22.x"

  validation {
    condition     = can(regex("^nodejs[0-9]+\\.x$", var.runtime))
    error_message = "runtime must be a Node.js runtime such as nodejs22.x."
  }
}

variable "architecture" {
  description = "Instruction set the function runs on: arm64 (Graviton, cheaper per GB-second) or x86_64."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "memory_mb" {
  description = "Memory of the function, MB, 128-10240 (CPU grows with it)."
  type        = number

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 10240 && floor(var.memory_mb) == var.memory_mb
    error_message = "memory_mb must be a whole number between 128 and 10240."
  }
}

variable "timeout_seconds" {
  description = "Maximum run time of one invocation, seconds, 1-900."
  type        = number

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 900 && floor(var.timeout_seconds) == var.timeout_seconds
    error_message = "timeout_seconds must be a whole number between 1 and 900."
  }
}

variable "environment_variables" {
  description = "Environment of the function: exactly the variables its handler reads."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for name in keys(var.environment_variables) : can(regex("^[A-Za-z][A-Za-z0-9_]*$", name)) && !startswith(name, "AWS_")])
    error_message = "Environment variable names must be letters, digits and underscores, start with a letter, and not use the reserved AWS_ prefix."
  }
}

variable "policy_statements" {
  description = "Allow statements of the execution role beyond logs, tracing and the SQS event source: the actions the code's SDK calls send, on this stack's resources only."
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
  }))
  default = []

  validation {
    condition     = alltrue([for statement in var.policy_statements : can(regex("^[A-Za-z0-9]+$", statement.sid))])
    error_message = "Every statement sid must be letters and digits only."
  }

  validation {
    condition     = alltrue(flatten([for statement in var.policy_statements : [for action in statement.actions : can(regex("^[a-z0-9-]+:[A-Za-z0-9]+$", action))]]))
    error_message = "Actions must be single service:Action names: no \"*\" and no wildcards."
  }
}

variable "log_retention_days" {
  description = "Days the function's log group keeps events; one of CloudWatch's allowed values (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  type        = number

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "tracing_mode" {
  description = "X-Ray tracing: PassThrough (only when the caller traces; the default, since the functions emit no SDK subsegments, so Active would record bare invocation segments and cost PutTraceSegments) or Active."
  type        = string
  default     = "PassThrough"

  validation {
    condition     = contains(["Active", "PassThrough"], var.tracing_mode)
    error_message = "tracing_mode must be Active or PassThrough."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for the function, 0 and up, or -1 for none (new accounts have too little concurrency to reserve any)."
  type        = number
  default     = -1

  validation {
    condition     = var.reserved_concurrent_executions >= -1 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions
    error_message = "reserved_concurrent_executions must be -1 or a whole number of at least 0."
  }
}

variable "sqs_event_source" {
  description = "SQS queue that invokes the function, or null. batch_size 1-10000 (a batching window of at least 1 s above 10), maximum_batching_window_seconds 0-300, maximum_concurrency 2-1000; queue_visibility_timeout_seconds is checked to be at least 6 x timeout_seconds + the window."
  type = object({
    queue_arn                        = string
    queue_visibility_timeout_seconds = number
    batch_size                       = number
    maximum_batching_window_seconds  = number
    maximum_concurrency              = number
  })
  default = null

  validation {
    condition     = var.sqs_event_source == null ? true : var.sqs_event_source.batch_size >= 1 && var.sqs_event_source.batch_size <= 10000
    error_message = "sqs_event_source.batch_size must be between 1 and 10000."
  }

  validation {
    condition     = var.sqs_event_source == null ? true : var.sqs_event_source.maximum_batching_window_seconds >= 0 && var.sqs_event_source.maximum_batching_window_seconds <= 300
    error_message = "sqs_event_source.maximum_batching_window_seconds must be between 0 and 300."
  }

  validation {
    condition     = var.sqs_event_source == null ? true : var.sqs_event_source.batch_size <= 10 || var.sqs_event_source.maximum_batching_window_seconds >= 1
    error_message = "sqs_event_source.batch_size above 10 needs maximum_batching_window_seconds of at least 1."
  }

  validation {
    condition     = var.sqs_event_source == null ? true : var.sqs_event_source.maximum_concurrency >= 2 && var.sqs_event_source.maximum_concurrency <= 1000
    error_message = "sqs_event_source.maximum_concurrency must be between 2 and 1000."
  }
}
