variable "bucket_name" {
  description = "Name of the raw-file bucket; globally unique, 3-63 lowercase letters, digits and hyphens (the root appends the account id)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "raw_prefix" {
  description = "Key prefix the generator writes raw files under (also the prefix the lifecycle rule for raw files matches); must end with \"/\"."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.*'()-][A-Za-z0-9!_.*'()/-]*/$", var.raw_prefix))
    error_message = "raw_prefix must be a non-empty S3 key prefix ending with \"/\"."
  }
}

variable "quarantine_prefix" {
  description = "Key prefix the processor writes rejected records and unreadable files under; must end with \"/\" and differ from raw_prefix."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.*'()-][A-Za-z0-9!_.*'()/-]*/$", var.quarantine_prefix))
    error_message = "quarantine_prefix must be a non-empty S3 key prefix ending with \"/\"."
  }
}

variable "raw_expiration_days" {
  description = "Days after which raw files expire (the readings themselves live on in DynamoDB), 1-36500."
  type        = number

  validation {
    condition     = var.raw_expiration_days >= 1 && var.raw_expiration_days <= 36500 && floor(var.raw_expiration_days) == var.raw_expiration_days
    error_message = "raw_expiration_days must be a whole number of days between 1 and 36500."
  }
}

variable "quarantine_expiration_days" {
  description = "Days after which quarantined files expire: time to inspect and replay them, 1-36500."
  type        = number

  validation {
    condition     = var.quarantine_expiration_days >= 1 && var.quarantine_expiration_days <= 36500 && floor(var.quarantine_expiration_days) == var.quarantine_expiration_days
    error_message = "quarantine_expiration_days must be a whole number of days between 1 and 36500."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days an overwritten or deleted object version is kept before it expires (the bucket is versioned), 1-36500."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && var.noncurrent_version_expiration_days <= 36500 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number of days between 1 and 36500."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which incomplete multipart uploads are aborted (their parts are billed until then), 1-365."
  type        = number
  default     = 7

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1 && var.abort_incomplete_multipart_upload_days <= 365
    error_message = "abort_incomplete_multipart_upload_days must be between 1 and 365."
  }
}

variable "force_destroy" {
  description = "Whether `terraform destroy` may delete the bucket while it still holds objects (all versions are deleted with it)."
  type        = bool
  default     = false
}
