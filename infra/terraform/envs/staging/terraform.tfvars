# Staging: same shape as production, smaller and cheaper (one NAT gateway,
# single-node Redis, no deletion protection). Non-secret.
environment = "staging"
region      = "us-east-1"
domain      = "staging.alva.example.com"

azs                = ["us-east-1a", "us-east-1b", "us-east-1c"]
vpc_cidr           = "10.30.0.0/16"
single_nat_gateway = true

kubernetes_version = "1.34"
# Replace with the operators' VPN egress and the CI runners' ranges.
cluster_endpoint_public_access_cidrs = ["203.0.113.0/24"]

node_groups = {
  general = {
    instance_types = ["t3.large", "t3a.large"]
    capacity_type  = "SPOT"
    min_size       = 2
    max_size       = 4
    desired_size   = 2
  }
}

db_instance_class        = "db.t4g.medium"
db_allocated_storage     = 20
db_multi_az              = true
db_max_connections       = 200
db_backup_retention_days = 7
db_deletion_protection   = false

redis_node_type          = "cache.t4g.small"
redis_num_cache_clusters = 1
