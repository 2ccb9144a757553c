variable "role_name" {
  description = "Name of the deploy role, 1-64 characters; keep it outside the stack prefix so that the role cannot rewrite its own policy."
  type        = string
  default     = "github-deploy-energy-dev"

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "role_name must be 1-64 characters of letters, digits and +=,.@_-."
  }
}

# A variable, not data.aws_region: its region attribute exists only in provider 6.x
# (5.x calls it name, 6.x deprecates name), and the module supports both majors.
variable "aws_region" {
  description = "Region of the stack the role deploys (the region part of its resources' ARNs), such as eu-west-1."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a region name such as eu-west-1."
  }
}

variable "github_repository" {
  description = "Repository allowed to assume the role, as owner/name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name."
  }
}

variable "github_environment" {
  description = "GitHub environment whose jobs may assume the role (protect it with required reviewers and a main-only branch rule)."
  type        = string
  default     = "production"
}

variable "create_oidc_provider" {
  description = "Whether to create the account's GitHub OIDC provider; false when the account already has one (pass its ARN in oidc_provider_arn)."
  type        = bool
  default     = true
}

variable "oidc_provider_arn" {
  description = "ARN of an existing token.actions.githubusercontent.com OIDC provider, used when create_oidc_provider is false."
  type        = string
  default     = null
}

variable "stack_prefix" {
  description = "Prefix of the stack the role deploys: it may manage only resources whose names start with \"<stack_prefix>-\"."
  type        = string
  default     = "energy-dev"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.stack_prefix))
    error_message = "stack_prefix must be 3-32 lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "state_bucket_name" {
  description = "Bucket of the Terraform S3 backend the deploy job uses, or null when the role needs no state access."
  type        = string
  default     = null
}

variable "state_key" {
  description = "Key of the state object in state_bucket_name (its .tflock lock file sits next to it)."
  type        = string
  default     = "energy-telemetry/energy-dev.tfstate"
}

variable "max_session_duration_seconds" {
  description = "Longest session the role grants, seconds, 3600-43200."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_duration_seconds >= 3600 && var.max_session_duration_seconds <= 43200
    error_message = "max_session_duration_seconds must be between 3600 and 43200."
  }
}
