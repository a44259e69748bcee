output "cluster_name" {
  description = "EKS cluster name: aws eks update-kubeconfig --name <this> --region <region>."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "Kubernetes API endpoint."
  value       = module.eks.cluster_endpoint
}

output "vpc_cidr_block" {
  description = "VPC CIDR (networkPolicy.ingressFrom ipBlock when the ALB targets pods directly)."
  value       = module.network.vpc_cidr_block
}

output "database_subnets_cidr_blocks" {
  description = "Database subnet CIDRs (networkPolicy.egress.postgres)."
  value       = module.network.database_subnets_cidr_blocks
}

output "elasticache_subnets_cidr_blocks" {
  description = "Cache subnet CIDRs (networkPolicy.egress.redis)."
  value       = module.network.elasticache_subnets_cidr_blocks
}

output "database_address" {
  description = "PostgreSQL endpoint hostname."
  value       = module.database.address
}

output "database_instance_identifier" {
  description = "RDS instance identifier (snapshots, point-in-time restore)."
  value       = module.database.instance_identifier
}

output "redis_primary_endpoint" {
  description = "Redis primary endpoint hostname (TLS)."
  value       = module.cache.primary_endpoint
}

output "files_bucket_name" {
  description = "Files bucket (chart value app.s3Bucket)."
  value       = module.storage.bucket_name
}

output "pod_role_arn" {
  description = "IRSA role of the Alva pods (chart value serviceAccount.irsaRoleArn)."
  value       = module.iam_pods.app_role_arn
}

output "load_balancer_controller_role_arn" {
  description = "IRSA role for the AWS Load Balancer Controller."
  value       = module.iam_pods.load_balancer_controller_role_arn
}

output "external_secrets_role_arn" {
  description = "IRSA role for External Secrets Operator."
  value       = module.iam_pods.external_secrets_role_arn
}

output "app_secret_name" {
  description = "Secrets Manager secret holding the chart's Secret keys."
  value       = module.secrets.app_secret_name
}

output "zone_name_servers" {
  description = "Name servers of the hosted zone: delegate the domain to them."
  value       = module.dns.name_servers
}

output "certificate_arn" {
  description = "ACM certificate for <domain> and *.<domain> (alb.ingress.kubernetes.io/certificate-arn)."
  value       = module.dns.certificate_arn
}
