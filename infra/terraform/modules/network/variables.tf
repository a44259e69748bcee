variable "name" {
  description = "Name of the VPC and prefix of its resources (e.g. alva-production)."
  type        = string
}

variable "cidr" {
  description = "IPv4 CIDR of the VPC; a /16 leaves room for three /20 private subnets."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.cidr)) && tonumber(split("/", var.cidr)[1]) <= 16
    error_message = "cidr must be a valid IPv4 CIDR of /16 or larger."
  }
}

variable "azs" {
  description = "The three availability zones to spread the subnets over (e.g. [\"us-east-1a\", \"us-east-1b\", \"us-east-1c\"])."
  type        = list(string)

  validation {
    condition     = length(var.azs) == 3 && length(distinct(var.azs)) == 3
    error_message = "azs must name exactly three distinct availability zones."
  }
}

variable "single_nat_gateway" {
  description = "Use one NAT gateway for all AZs (cheaper, for staging) instead of one per AZ."
  type        = bool
  default     = false
}

variable "flow_log_retention_days" {
  description = "Days VPC flow logs are kept in CloudWatch Logs."
  type        = number
  default     = 365
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
