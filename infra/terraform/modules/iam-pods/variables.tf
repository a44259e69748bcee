variable "name" {
  description = "Prefix of the role names (e.g. alva-production)."
  type        = string
}

variable "region" {
  description = "AWS region of the bucket (scopes the KMS ViaService condition)."
  type        = string
}

variable "oidc_provider_arn" {
  description = "ARN of the EKS cluster's IAM OIDC provider."
  type        = string
}

variable "namespace" {
  description = "Kubernetes namespace of the Alva release."
  type        = string
  default     = "alva"
}

variable "service_account" {
  description = "ServiceAccount of the Alva backend pods (the chart's default: the release full name)."
  type        = string
  default     = "alva"
}

variable "bucket_arn" {
  description = "ARN of the files bucket the backend may use."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key encrypting the bucket and the secrets."
  type        = string
}

variable "secret_arns" {
  description = "Secrets Manager secrets External Secrets may read."
  type        = list(string)
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
