variable "domain" {
  type        = string
  description = "Sending (and optionally receiving) domain."
}

variable "mail_from_domain" {
  type        = string
  description = "Custom MAIL FROM domain shared by every Region."
}

variable "name_prefix" {
  type        = string
  description = "Prefix for names that must be unique per Region (IAM is global)."
}

variable "partner_account_id" {
  type        = string
  description = "Account allowed to send as this identity."
}

variable "suppressed_reasons" {
  type        = list(string)
  description = "Account-level suppression list reasons for this Region."
}

variable "receive" {
  type        = bool
  description = "Whether this Region receives mail for the domain."
  default     = false
}

variable "feedback_topic_arn" {
  type        = string
  description = "Existing SNS topic for bounces and complaints; null creates one in this Region."
  default     = null
}
