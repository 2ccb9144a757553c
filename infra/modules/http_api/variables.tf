variable "name" {
  description = "Name of the HTTP API (also names its access log group), 1-128 characters."
  type        = string

  validation {
    condition     = length(var.name) >= 1 && length(var.name) <= 128
    error_message = "name must be 1-128 characters."
  }
}

variable "function_name" {
  description = "Name of the Lambda function that serves every route (it is given permission to be invoked by this API)."
  type        = string
}

variable "function_invoke_arn" {
  description = "Invoke ARN of that function (the Lambda proxy integration's URI)."
  type        = string
}

variable "route_keys" {
  description = "Routes sent to the function without an authorizer, as \"METHOD /path\" or \"$default\" (every request; the function answers 404 and 405 itself). Ignored when authorizer is set: the routes come from routes.json."
  type        = list(string)
  default     = ["$default"]

  validation {
    condition     = length(var.route_keys) > 0 && alltrue([for key in var.route_keys : key == "$default" || can(regex("^(ANY|GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) /", key))])
    error_message = "route_keys must be a non-empty list of \"$default\" or \"METHOD /path\" entries."
  }
}

variable "integration_timeout_milliseconds" {
  description = "How long API Gateway waits for the function, ms, 50-30000; keep it above the function timeout."
  type        = number
  default     = 29000

  validation {
    condition     = var.integration_timeout_milliseconds >= 50 && var.integration_timeout_milliseconds <= 30000
    error_message = "integration_timeout_milliseconds must be between 50 and 30000."
  }
}

variable "throttling_rate_limit" {
  description = "Steady-state requests per second the stage accepts for each route, beyond which it answers 429."
  type        = number

  validation {
    condition     = var.throttling_rate_limit > 0
    error_message = "throttling_rate_limit must be positive."
  }
}

variable "throttling_burst_limit" {
  description = "Requests the stage accepts in a burst above the rate limit (token bucket size)."
  type        = number

  validation {
    condition     = var.throttling_burst_limit >= 0 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit must be a whole number of at least 0."
  }
}

variable "log_retention_days" {
  description = "Days the access log group keeps events; one of CloudWatch's allowed values (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  type        = number

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "authorizer" {
  description = "JWT authorizer of the data routes: the issuer (iss, https URL) and the accepted audiences (aud, or client_id of Cognito access tokens). null = every route open."
  type = object({
    issuer   = string
    audience = list(string)
  })
  default = null

  validation {
    condition     = var.authorizer == null || (startswith(try(var.authorizer.issuer, ""), "https://") && length(try(var.authorizer.audience, [])) > 0)
    error_message = "authorizer.issuer must be an https:// URL and authorizer.audience a non-empty list."
  }
}

variable "authorization_scopes" {
  description = "Scopes a token needs per route group (any one of a list; empty = any valid token): readings = /fetch* and /v1/*, docs = /openapi.json and /docs."
  type = object({
    readings = list(string)
    docs     = list(string)
  })
  default = { readings = [], docs = [] }
}

variable "cors_allowed_origins" {
  description = "Origins allowed to call the API from a browser (https://dashboard.example.com); empty = no CORS headers."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for origin in var.cors_allowed_origins : origin == "*" || can(regex("^https?://[^/]+$", origin))])
    error_message = "cors_allowed_origins entries must be \"*\" or scheme://host[:port] without a path."
  }
}
