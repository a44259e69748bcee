variable "name" {
  description = "Prefix of the secret names (e.g. alva-production); the secret is <name>/app."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key encrypting the secret."
  type        = string
}

variable "database" {
  description = "PostgreSQL connection details for DATABASE_URL."
  type = object({
    address  = string
    port     = number
    name     = string
    username = string
    password = string
  })
  sensitive = true
}

variable "redis" {
  description = "Redis connection details for REDIS_URL (TLS, AUTH token)."
  type = object({
    address    = string
    port       = number
    auth_token = string
  })
  sensitive = true
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
