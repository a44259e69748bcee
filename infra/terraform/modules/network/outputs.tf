output "vpc_id" {
  description = "ID of the VPC."
  value       = module.vpc.vpc_id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC (allowed as the ingress source in the chart's NetworkPolicy for ALB targets)."
  value       = module.vpc.vpc_cidr_block
}

output "azs" {
  description = "The three availability zones in use."
  value       = local.azs
}

output "private_subnet_ids" {
  description = "Private subnets (EKS nodes and pods), one per AZ."
  value       = module.vpc.private_subnets
}

output "public_subnet_ids" {
  description = "Public subnets (internet-facing load balancers), one per AZ."
  value       = module.vpc.public_subnets
}

output "database_subnet_group_name" {
  description = "DB subnet group spanning the isolated database subnets."
  value       = module.vpc.database_subnet_group_name
}

output "database_subnets_cidr_blocks" {
  description = "CIDRs of the database subnets (egress to 5432 in the chart's NetworkPolicy)."
  value       = module.vpc.database_subnets_cidr_blocks
}

output "elasticache_subnet_group_name" {
  description = "ElastiCache subnet group spanning the isolated cache subnets."
  value       = module.vpc.elasticache_subnet_group_name
}

output "elasticache_subnets_cidr_blocks" {
  description = "CIDRs of the cache subnets (egress to 6379 in the chart's NetworkPolicy)."
  value       = module.vpc.elasticache_subnets_cidr_blocks
}
