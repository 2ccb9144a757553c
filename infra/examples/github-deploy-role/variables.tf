variable "aws_region" {
  description = "Region of the stack the role deploys (the same as the stack's aws_region)."
  type        = string
  default     = "eu-west-1"
}

variable "github_repository" {
  description = "Repository whose deploy workflow assumes the role, as owner/name."
  type        = string
}

variable "github_environment" {
  description = "Protected GitHub environment the deploy job runs in."
  type        = string
  default     = "production"
}

variable "stack_prefix" {
  description = "Prefix of the stack the role deploys (the stack's prefix variable)."
  type        = string
  default     = "energy-dev"
}

variable "create_oidc_provider" {
  description = "Whether to create the account's GitHub OIDC provider (false if the account already has one)."
  type        = bool
  default     = true
}

variable "oidc_provider_arn" {
  description = "ARN of the existing GitHub OIDC provider when create_oidc_provider is false."
  type        = string
  default     = null
}

variable "state_bucket_name" {
  description = "Bucket of the stack's S3 backend (TF_STATE_BUCKET of the deploy workflow), or null."
  type        = string
  default     = null
}

variable "state_key" {
  description = "Key of the stack's state in state_bucket_name (TF_STATE_KEY of the deploy workflow)."
  type        = string
  default     = "energy-telemetry/energy-dev.tfstate"
}
