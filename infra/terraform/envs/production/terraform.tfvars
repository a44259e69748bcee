# Production sizing. Non-secret; secrets live in Secrets Manager.
environment = "production"
region      = "us-east-1"
domain      = "alva.example.com"

azs                = ["us-east-1a", "us-east-1b", "us-east-1c"]
vpc_cidr           = "10.20.0.0/16"
single_nat_gateway = false

kubernetes_version = "1.34"
# Replace with the operators' VPN egress and the CI runners' ranges.
cluster_endpoint_public_access_cidrs = ["203.0.113.0/24"]

node_groups = {
  general = {
    instance_types = ["m7i.large", "m6i.large"]
    min_size       = 3
    max_size       = 12
    desired_size   = 3
  }
}

db_instance_class        = "db.r7g.large"
db_allocated_storage     = 100
db_multi_az              = true
db_max_connections       = 400
db_backup_retention_days = 14
db_deletion_protection   = true

redis_node_type          = "cache.r7g.large"
redis_num_cache_clusters = 2
