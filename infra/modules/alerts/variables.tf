variable "topic_name" {
  description = "Name of the alert topic, 1-256 letters, digits, hyphens and underscores."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,256}$", var.topic_name))
    error_message = "topic_name must be 1-256 letters, digits, hyphens or underscores."
  }
}

variable "display_name" {
  description = "Sender name shown in alert e-mails, at most 100 characters."
  type        = string

  validation {
    condition     = length(var.display_name) <= 100
    error_message = "display_name must be at most 100 characters."
  }
}

variable "email_addresses" {
  description = "E-mail addresses subscribed to the topic; each must confirm the subscription from the e-mail AWS sends."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for address in var.email_addresses : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", address))])
    error_message = "Every entry of email_addresses must be an e-mail address."
  }
}

variable "email_message_kinds" {
  description = "Values of the `kind` message attribute the e-mail subscriptions receive (alert, digest, reading); empty = every message, attributes or not."
  type        = list(string)
}
