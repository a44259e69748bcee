variable "name" {
  description = "Name of the EKS cluster (e.g. alva-production)."
  type        = string
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the control plane and nodes (upgrade one minor at a time)."
  type        = string
  default     = "1.34"
}

variable "vpc_id" {
  description = "VPC the cluster runs in."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets (one per AZ) for the control plane ENIs and the nodes."
  type        = list(string)
}

variable "endpoint_public_access" {
  description = "Expose the Kubernetes API endpoint publicly (restricted by endpoint_public_access_cidrs) so CI and operators can reach it."
  type        = bool
  default     = true
}

variable "endpoint_public_access_cidrs" {
  description = "CIDRs allowed to reach the public API endpoint (office/VPN egress, CI runners)."
  type        = list(string)
}

variable "access_entries" {
  description = "Extra EKS access entries (IAM principals -> Kubernetes permissions), in the terraform-aws-modules/eks access_entries format."
  type        = any
  default     = {}
}

variable "node_groups" {
  description = "Managed node groups by name. Nodes spread over the three private subnets."
  type = map(object({
    instance_types = list(string)
    capacity_type  = optional(string, "ON_DEMAND")
    min_size       = number
    max_size       = number
    desired_size   = number
    labels         = optional(map(string), {})
  }))
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
