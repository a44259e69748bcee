variable "name" {
  description = "Identifier of the DB instance and prefix of its resources (e.g. alva-production)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the database security group."
  type        = string
}

variable "db_subnet_group_name" {
  description = "DB subnet group (isolated database subnets in three AZs)."
  type        = string
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to connect on 5432 (the EKS node security group)."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "KMS key encrypting storage, Performance Insights and the log group."
  type        = string
}

variable "engine_version" {
  description = "PostgreSQL engine version (major 15; minors auto-upgrade in the maintenance window)."
  type        = string
  default     = "15"

  validation {
    condition     = startswith(var.engine_version, "15")
    error_message = "This module manages PostgreSQL 15 (parameter group family postgres15)."
  }
}

variable "instance_class" {
  description = "DB instance class."
  type        = string
  default     = "db.r7g.large"
}

variable "allocated_storage" {
  description = "Initial storage in GiB."
  type        = number
  default     = 100
}

variable "max_allocated_storage" {
  description = "Storage autoscaling ceiling in GiB."
  type        = number
  default     = 1000
}

variable "multi_az" {
  description = "Run a synchronous standby in another AZ (automatic failover)."
  type        = bool
  default     = true
}

variable "database_name" {
  description = "Name of the application database."
  type        = string
  default     = "alva"
}

variable "master_username" {
  description = "Master user name (the application connects with it; schemas are created per tenant)."
  type        = string
  default     = "alva"
}

variable "master_password_version" {
  description = "Bump to push a new random master password (write-only attribute)."
  type        = number
  default     = 1
}

variable "max_connections" {
  description = "max_connections of the parameter group (session pooling: one per app thread, plus headroom)."
  type        = number
  default     = 400
}

variable "backup_retention_days" {
  description = "Days of automated backups and point-in-time recovery (1-35)."
  type        = number
  default     = 14
}

variable "deletion_protection" {
  description = "Refuse to delete the instance."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
