# PostgreSQL 15 on RDS: Multi-AZ, encrypted, automated backups with PITR, and
# a parameter group tuned for schema-per-tenant (django-tenants).
#
# No RDS Proxy and no transaction pooling (PgBouncer pool_mode=transaction):
# django-tenants switches tenants with `SET search_path` on the connection, so
# a server connection must stay with one client for the whole session. Session
# pooling only; size max_connections for (api pods x gunicorn workers x threads
# + worker pods x processes x threads) with Django's CONN_MAX_AGE persistent
# connections.

resource "aws_security_group" "db" {
  #checkov:skip=CKV2_AWS_5:Attached to the RDS instance through the registry module input vpc_security_group_ids; checkov does not download registry modules, so it cannot see the attachment
  name_prefix = "${var.name}-postgres-"
  description = "PostgreSQL for ${var.name}: reachable from the EKS nodes and pods only"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-postgres" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "from_eks" {
  for_each = toset(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from EKS nodes and pods"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = each.value
}

resource "random_password" "master" {
  length  = 40
  special = false
}

module "db" {
  #checkov:skip=CKV_TF_1:Registry module pinned to an exact version; registry versions are immutable releases and a registry source cannot take a commit hash
  source  = "terraform-aws-modules/rds/aws"
  version = "7.2.0"

  identifier = var.name

  engine               = "postgres"
  engine_version       = var.engine_version
  family               = "postgres15"
  major_engine_version = "15"
  instance_class       = var.instance_class

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_name  = var.database_name
  username = var.master_username
  port     = 5432

  # The application connects with a DATABASE_URL kept in Secrets Manager (see
  # the secrets module), so the password is ours rather than RDS-managed.
  manage_master_user_password = false
  password_wo                 = random_password.master.result
  password_wo_version         = var.master_password_version

  multi_az               = var.multi_az
  db_subnet_group_name   = var.db_subnet_group_name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false

  iam_database_authentication_enabled = true

  backup_retention_period  = var.backup_retention_days
  backup_window            = "03:00-04:00"
  maintenance_window       = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot    = true
  delete_automated_backups = false
  deletion_protection      = var.deletion_protection
  skip_final_snapshot      = false

  auto_minor_version_upgrade  = true
  allow_major_version_upgrade = false

  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.kms_key_arn
  performance_insights_retention_period = 7
  monitoring_interval                   = 60
  create_monitoring_role                = true
  monitoring_role_name                  = "${var.name}-rds-monitoring"

  enabled_cloudwatch_logs_exports        = ["postgresql", "upgrade"]
  create_cloudwatch_log_group            = true
  cloudwatch_log_group_retention_in_days = 90
  cloudwatch_log_group_kms_key_id        = var.kms_key_arn

  create_db_option_group    = false
  create_db_parameter_group = true
  parameter_group_name      = var.name
  parameters = [
    # Every tenant schema adds tables; keep the catalog cache and planner happy.
    { name = "max_connections", value = tostring(var.max_connections), apply_method = "pending-reboot" },
    { name = "log_min_duration_statement", value = "500" },
    { name = "log_lock_waits", value = "1" },
    { name = "idle_in_transaction_session_timeout", value = "60000" },
    { name = "rds.force_ssl", value = "1" },
    { name = "log_connections", value = "1" },
    { name = "log_disconnections", value = "1" },
  ]

  tags = var.tags
}
