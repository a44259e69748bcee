# Alva environment: network, EKS, PostgreSQL, Redis, files bucket, DNS and
# certificate, pod IAM roles and the application secret.

data "aws_caller_identity" "current" {}

locals {
  name = "alva-${var.environment}"
  tags = {
    Project     = "alva"
    Environment = var.environment
    ManagedBy   = "terraform"
  }
}

module "kms" {
  source = "../../modules/kms"

  name = local.name
  tags = local.tags
}

module "network" {
  source = "../../modules/network"

  name               = local.name
  cidr               = var.vpc_cidr
  azs                = var.azs
  single_nat_gateway = var.single_nat_gateway
  tags               = local.tags
}

module "eks" {
  source = "../../modules/eks"

  name                         = local.name
  kubernetes_version           = var.kubernetes_version
  vpc_id                       = module.network.vpc_id
  private_subnet_ids           = module.network.private_subnet_ids
  endpoint_public_access_cidrs = var.cluster_endpoint_public_access_cidrs
  access_entries               = var.cluster_access_entries
  node_groups                  = var.node_groups
  tags                         = local.tags
}

module "database" {
  source = "../../modules/database"

  name                       = local.name
  vpc_id                     = module.network.vpc_id
  db_subnet_group_name       = module.network.database_subnet_group_name
  allowed_security_group_ids = [module.eks.node_security_group_id, module.eks.cluster_primary_security_group_id]
  kms_key_arn                = module.kms.key_arn
  instance_class             = var.db_instance_class
  allocated_storage          = var.db_allocated_storage
  multi_az                   = var.db_multi_az
  max_connections            = var.db_max_connections
  backup_retention_days      = var.db_backup_retention_days
  deletion_protection        = var.db_deletion_protection
  tags                       = local.tags
}

module "cache" {
  source = "../../modules/cache"

  name                       = local.name
  vpc_id                     = module.network.vpc_id
  subnet_group_name          = module.network.elasticache_subnet_group_name
  allowed_security_group_ids = [module.eks.node_security_group_id, module.eks.cluster_primary_security_group_id]
  kms_key_arn                = module.kms.key_arn
  node_type                  = var.redis_node_type
  num_cache_clusters         = var.redis_num_cache_clusters
  tags                       = local.tags
}

module "storage" {
  source = "../../modules/storage"

  bucket_name = "${local.name}-files-${data.aws_caller_identity.current.account_id}"
  domain      = var.domain
  kms_key_arn = module.kms.key_arn
  tags        = local.tags
}

module "dns" {
  source = "../../modules/dns"

  domain                          = var.domain
  ingress_load_balancer           = var.ingress_load_balancer
  wait_for_certificate_validation = var.wait_for_certificate_validation
  tags                            = local.tags
}

module "secrets" {
  source = "../../modules/secrets"

  name        = local.name
  kms_key_arn = module.kms.key_arn
  database = {
    address  = module.database.address
    port     = module.database.port
    name     = module.database.database_name
    username = module.database.username
    password = module.database.password
  }
  redis = {
    address    = module.cache.primary_endpoint
    port       = module.cache.port
    auth_token = module.cache.auth_token
  }
  tags = local.tags
}

module "iam_pods" {
  source = "../../modules/iam-pods"

  name              = local.name
  region            = var.region
  oidc_provider_arn = module.eks.oidc_provider_arn
  namespace         = var.kubernetes_namespace
  service_account   = var.kubernetes_service_account
  bucket_arn        = module.storage.bucket_arn
  kms_key_arn       = module.kms.key_arn
  secret_arns       = [module.secrets.app_secret_arn]
  tags              = local.tags
}
