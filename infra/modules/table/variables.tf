variable "name" {
  description = "Name of the table, 3-255 letters, digits, underscores, hyphens and dots."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,255}$", var.name))
    error_message = "name must be 3-255 letters, digits, underscores, hyphens or dots."
  }
}

variable "attributes" {
  description = "Type of every key attribute of the table and its indexes, by name: S (string), N (number) or B (binary). Only key attributes belong here."
  type        = map(string)

  validation {
    condition     = alltrue([for type in values(var.attributes) : contains(["S", "N", "B"], type)])
    error_message = "Every attribute type must be S, N or B."
  }
}

variable "hash_key" {
  description = "Partition key attribute of the table (declared in attributes)."
  type        = string
}

variable "range_key" {
  description = "Sort key attribute of the table (declared in attributes), or null for a partition key only."
  type        = string
  default     = null
}

variable "global_secondary_indexes" {
  description = "Global secondary indexes: name, partition key, optional sort key (both declared in attributes) and projection type (ALL, KEYS_ONLY or INCLUDE)."
  type = list(object({
    name            = string
    hash_key        = string
    range_key       = optional(string)
    projection_type = optional(string, "ALL")
  }))
  default = []

  validation {
    condition     = alltrue([for index in var.global_secondary_indexes : contains(["ALL", "KEYS_ONLY", "INCLUDE"], index.projection_type)])
    error_message = "projection_type must be ALL, KEYS_ONLY or INCLUDE."
  }
}

variable "ttl_attribute" {
  description = "Attribute holding an item's expiry time (epoch seconds), or null to keep items forever."
  type        = string
  default     = null
}

variable "point_in_time_recovery_enabled" {
  description = "Whether point-in-time recovery (continuous backups for 35 days) is on."
  type        = bool
  default     = true
}

variable "deletion_protection_enabled" {
  description = "Whether the table refuses deletion (turn it off before `terraform destroy`)."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "ARN of a customer-managed KMS key to encrypt the table with, or null for the AWS-managed key alias/aws/dynamodb."
  type        = string
  default     = null
}
