variable "name" {
  description = "Names the dashboard (<name>-operations) and prefixes the saved queries (<name>/<query>); 1-200 characters."
  type        = string

  validation {
    condition     = length(var.name) >= 1 && length(var.name) <= 200
    error_message = "name must be 1-200 characters."
  }
}

variable "region" {
  description = "Region of the stage (the dashboard's widgets name it)."
  type        = string
}

variable "function_names" {
  description = "Lambda function names by role: generator, processor, api and alerter (their log groups are /aws/lambda/<name>)."
  type = object({
    generator = string
    processor = string
    api       = string
    alerter   = string
  })
}

variable "queue_name" {
  description = "Name of the ingest queue (depth and age of the oldest message)."
  type        = string
}

variable "dead_letter_queue_name" {
  description = "Name of the ingest dead-letter queue (its depth)."
  type        = string
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the processor's EMF metrics (POWERTOOLS_METRICS_NAMESPACE)."
  type        = string
  default     = "EnergyTelemetry"
}

variable "metrics_service" {
  description = "Value of the service dimension of those metrics (POWERTOOLS_SERVICE_NAME of the processor)."
  type        = string
  default     = "energy-processor"
}

variable "period_seconds" {
  description = "Period of the dashboard's graphs, seconds: 60 or a multiple of 60."
  type        = number
  default     = 300

  validation {
    condition     = var.period_seconds >= 60 && var.period_seconds % 60 == 0
    error_message = "period_seconds must be 60 or a multiple of 60."
  }
}
