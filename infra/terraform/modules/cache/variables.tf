variable "name" {
  description = "Replication group id and prefix of its resources (e.g. alva-production)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the cache security group."
  type        = string
}

variable "subnet_group_name" {
  description = "ElastiCache subnet group (isolated cache subnets in three AZs)."
  type        = string
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to connect on 6379 (the EKS node security group)."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "KMS key for encryption at rest."
  type        = string
}

variable "engine_version" {
  description = "Redis engine version (7.x)."
  type        = string
  default     = "7.1"

  validation {
    condition     = startswith(var.engine_version, "7")
    error_message = "Alva runs on Redis 7."
  }
}

variable "node_type" {
  description = "Cache node type."
  type        = string
  default     = "cache.r7g.large"
}

variable "num_cache_clusters" {
  description = "Nodes in the replication group (primary + replicas); 2 or more enables Multi-AZ failover."
  type        = number
  default     = 2
}

variable "snapshot_retention_days" {
  description = "Days of daily snapshots kept (0 disables)."
  type        = number
  default     = 7
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
