variable "environment" {
  description = "Environment name (production or staging); prefixes every resource as alva-<environment>."
  type        = string

  validation {
    condition     = contains(["production", "staging"], var.environment)
    error_message = "environment must be production or staging."
  }
}

variable "region" {
  description = "AWS region of the environment."
  type        = string
}

variable "domain" {
  description = "APP_DOMAIN of the environment (stores on *.<domain>, app.<domain>, support.<domain>)."
  type        = string
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC (/16)."
  type        = string
}

variable "azs" {
  description = "The three availability zones of the environment, in var.region."
  type        = list(string)
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all AZs instead of one per AZ (cheaper, less available)."
  type        = bool
}

variable "kubernetes_version" {
  description = "EKS Kubernetes minor version."
  type        = string
}

variable "cluster_endpoint_public_access_cidrs" {
  description = "CIDRs allowed to reach the Kubernetes API endpoint (operators, CI)."
  type        = list(string)
}

variable "cluster_access_entries" {
  description = "Extra EKS access entries (e.g. the GitHub Actions deploy role), terraform-aws-modules/eks format."
  type        = any
  default     = {}
}

variable "node_groups" {
  description = "EKS managed node groups by name (instance types, sizes, capacity type, labels)."
  type = map(object({
    instance_types = list(string)
    capacity_type  = optional(string, "ON_DEMAND")
    min_size       = number
    max_size       = number
    desired_size   = number
    labels         = optional(map(string), {})
  }))
}

variable "db_instance_class" {
  description = "RDS instance class of PostgreSQL."
  type        = string
}

variable "db_allocated_storage" {
  description = "Initial RDS storage in GiB (autoscaling above it)."
  type        = number
}

variable "db_multi_az" {
  description = "Run PostgreSQL Multi-AZ."
  type        = bool
  default     = true
}

variable "db_max_connections" {
  description = "PostgreSQL max_connections (session pooling: one per app thread plus headroom)."
  type        = number
}

variable "db_backup_retention_days" {
  description = "Days of automated backups / point-in-time recovery."
  type        = number
}

variable "db_deletion_protection" {
  description = "Protect the database from deletion."
  type        = bool
  default     = true
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
}

variable "redis_num_cache_clusters" {
  description = "Redis nodes (primary + replicas); 2+ enables Multi-AZ failover."
  type        = number
}

variable "kubernetes_namespace" {
  description = "Namespace the Alva chart is installed in (trusted by the pod IAM role)."
  type        = string
  default     = "alva"
}

variable "kubernetes_service_account" {
  description = "ServiceAccount name of the Alva backend pods (the chart's full name, `alva` for release alva)."
  type        = string
  default     = "alva"
}

variable "ingress_load_balancer" {
  description = "Ingress load balancer (dns_name, zone_id) once the controller created it; null until then."
  type = object({
    dns_name = string
    zone_id  = string
  })
  default = null
}

variable "wait_for_certificate_validation" {
  description = "Wait for ACM validation (needs the zone delegated); false on the very first apply."
  type        = bool
  default     = true
}
