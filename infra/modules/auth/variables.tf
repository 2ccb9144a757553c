variable "name" {
  description = "Names the user pool (<name>-users), its app client (<name>-dashboard) and resource server; 1-100 characters."
  type        = string

  validation {
    condition     = length(var.name) >= 1 && length(var.name) <= 100
    error_message = "name must be 1-100 characters."
  }
}

variable "region" {
  description = "Region of the pool (its hosted sign-in domain is <prefix>.auth.<region>.amazoncognito.com)."
  type        = string
}

variable "domain_prefix" {
  description = "Prefix of the hosted sign-in domain, https://<prefix>.auth.<region>.amazoncognito.com: globally unique, lower-case letters, digits and hyphens, 1-63 characters, without aws, amazon or cognito."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", var.domain_prefix)) && !can(regex("aws|amazon|cognito", var.domain_prefix))
    error_message = "domain_prefix must be 1-63 lower-case letters, digits or hyphens (not at either end) and must not contain aws, amazon or cognito."
  }
}

variable "callback_urls" {
  description = "URLs Cognito may redirect to after sign-in: the dashboard's URL (https, or http://localhost), each exactly as the browser shows it."
  type        = list(string)

  validation {
    condition     = length(var.callback_urls) > 0 && alltrue([for url in var.callback_urls : can(regex("^(https://|http://localhost[:/])", url))])
    error_message = "callback_urls must be a non-empty list of https:// (or http://localhost) URLs."
  }
}

variable "resource_server_identifier" {
  description = "Identifier of the API's resource server: scopes are <identifier>/<scope>, e.g. energy-api/readings.read."
  type        = string
  default     = "energy-api"
}

variable "scopes" {
  description = "Scopes of the resource server (name => description) the dashboard's client may request; routes require them through the HTTP API's authorization scopes."
  type        = map(string)
  default = {
    "readings.read" = "Read readings, anomalies and summaries"
    "docs.read"     = "Read the API description"
  }
}

variable "access_token_validity_minutes" {
  description = "Lifetime of access and ID tokens, minutes, 5-1440; the dashboard refreshes shortly before expiry."
  type        = number
  default     = 60

  validation {
    condition     = var.access_token_validity_minutes >= 5 && var.access_token_validity_minutes <= 1440
    error_message = "access_token_validity_minutes must be between 5 and 1440."
  }
}

variable "refresh_token_validity_days" {
  description = "Lifetime of refresh tokens, days, 1-3650: how long a dashboard tab stays signed in without a new sign-in."
  type        = number
  default     = 7

  validation {
    condition     = var.refresh_token_validity_days >= 1 && var.refresh_token_validity_days <= 3650
    error_message = "refresh_token_validity_days must be between 1 and 3650."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the user pool (and its users) on destroy."
  type        = bool
  default     = false
}
