variable "bucket_name" {
  description = "Globally unique name of the files bucket (e.g. alva-production-files-<account id>)."
  type        = string
}

variable "domain" {
  description = "APP_DOMAIN; CORS allows browser uploads from https://*.<domain>."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key for server-side encryption (SSE-KMS with an S3 bucket key)."
  type        = string
}

variable "noncurrent_version_retention_days" {
  description = "Days a replaced or deleted object version stays restorable."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
