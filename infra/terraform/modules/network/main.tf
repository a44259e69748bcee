# VPC across three availability zones: public subnets for the load balancers,
# private subnets for the EKS nodes, isolated subnets for RDS and ElastiCache.

# The AZs are named explicitly: a data source returning "the first three" would
# reshuffle the subnets if AWS added a zone. This lookup only proves they exist.
data "aws_availability_zones" "selected" {
  state = "available"

  filter {
    name   = "zone-name"
    values = var.azs
  }

  lifecycle {
    postcondition {
      condition     = length(self.names) == length(var.azs)
      error_message = "Every zone in var.azs must exist and be available in this region."
    }
  }
}

locals {
  azs = sort(data.aws_availability_zones.selected.names)
}

module "vpc" {
  #checkov:skip=CKV_TF_1:Registry module pinned to an exact version; registry versions are immutable releases and a registry source cannot take a commit hash
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.6.1"

  name = var.name
  cidr = var.cidr
  azs  = local.azs

  # /20 per AZ for pods and nodes (VPC CNI gives every pod a VPC address).
  private_subnets     = [for i, _ in local.azs : cidrsubnet(var.cidr, 4, i)]
  public_subnets      = [for i, _ in local.azs : cidrsubnet(var.cidr, 8, i + 48)]
  database_subnets    = [for i, _ in local.azs : cidrsubnet(var.cidr, 8, i + 64)]
  elasticache_subnets = [for i, _ in local.azs : cidrsubnet(var.cidr, 8, i + 72)]

  create_database_subnet_group    = true
  create_elasticache_subnet_group = true

  enable_nat_gateway     = true
  single_nat_gateway     = var.single_nat_gateway
  one_nat_gateway_per_az = !var.single_nat_gateway

  enable_dns_hostnames = true
  enable_dns_support   = true

  # Nothing may use the default security group.
  manage_default_security_group  = true
  default_security_group_ingress = []
  default_security_group_egress  = []

  enable_flow_log                                 = true
  create_flow_log_cloudwatch_log_group            = true
  create_flow_log_cloudwatch_iam_role             = true
  flow_log_max_aggregation_interval               = 60
  flow_log_cloudwatch_log_group_retention_in_days = var.flow_log_retention_days

  public_subnet_tags = {
    "kubernetes.io/role/elb" = "1"
  }
  private_subnet_tags = {
    "kubernetes.io/role/internal-elb" = "1"
  }

  tags = var.tags
}
