# Redis 7 on ElastiCache (Dramatiq broker, rate limits, cache): a replication
# group with a replica in another AZ, TLS in transit, KMS encryption at rest and
# an AUTH token. Clients use rediss://:<token>@<primary>:6379/0.

resource "aws_security_group" "redis" {
  #checkov:skip=CKV2_AWS_5:Attached to the ElastiCache replication group through the registry module input security_group_ids; checkov does not download registry modules, so it cannot see the attachment
  name_prefix = "${var.name}-redis-"
  description = "Redis for ${var.name}: reachable from the EKS nodes and pods only"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-redis" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "from_eks" {
  for_each = toset(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.redis.id
  description                  = "Redis from EKS nodes and pods"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = each.value
}

resource "random_password" "auth_token" {
  # ElastiCache AUTH tokens: 16-128 printable characters, no @ " or /.
  length  = 64
  special = false
}

module "redis" {
  #checkov:skip=CKV_TF_1:Registry module pinned to an exact version; registry versions are immutable releases and a registry source cannot take a commit hash
  source  = "terraform-aws-modules/elasticache/aws"
  version = "1.10.3"

  replication_group_id = var.name
  description          = "Alva Redis (${var.name})"

  engine         = "redis"
  engine_version = var.engine_version
  node_type      = var.node_type
  port           = 6379

  cluster_mode_enabled       = false
  num_cache_clusters         = var.num_cache_clusters
  automatic_failover_enabled = var.num_cache_clusters > 1
  multi_az_enabled           = var.num_cache_clusters > 1

  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
  kms_key_arn                = var.kms_key_arn
  auth_token                 = random_password.auth_token.result
  auth_token_update_strategy = "ROTATE"

  maintenance_window       = "sun:05:30-sun:06:30"
  snapshot_window          = "02:00-03:00"
  snapshot_retention_limit = var.snapshot_retention_days
  apply_immediately        = false

  create_security_group = false
  security_group_ids    = [aws_security_group.redis.id]

  create_subnet_group = false
  subnet_group_name   = var.subnet_group_name

  create_parameter_group = true
  parameter_group_family = "redis7"
  parameters = [
    # Dramatiq keeps messages in Redis: never evict them.
    { name = "maxmemory-policy", value = "noeviction" },
  ]

  tags = var.tags
}
