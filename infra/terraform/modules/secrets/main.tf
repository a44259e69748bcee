# Secrets Manager entries for the application. One JSON secret holds every key
# the chart's Secret needs (DATABASE_URL, REDIS_URL, ...): External Secrets
# syncs it into the cluster, or an operator copies it once. Terraform writes
# the values it knows (database, Redis, generated keys); the third-party
# credentials start as placeholders and are set by hand (see
# docs/deployment.md) — later applies leave them alone.

resource "random_password" "secret_key" {
  length  = 64
  special = false
}

resource "random_bytes" "field_encryption_key" {
  length = 32
}

locals {
  generated = {
    DATABASE_URL          = "postgres://${var.database.username}:${var.database.password}@${var.database.address}:${var.database.port}/${var.database.name}?sslmode=require"
    REDIS_URL             = "rediss://:${var.redis.auth_token}@${var.redis.address}:${var.redis.port}/0"
    SECRET_KEY            = random_password.secret_key.result
    FIELD_ENCRYPTION_KEYS = random_bytes.field_encryption_key.base64
  }
  placeholders = {
    SENTRY_DSN            = ""
    KLAVIYO_CLIENT_ID     = "set-me"
    KLAVIYO_CLIENT_SECRET = "set-me"
    STRIPE_API_KEY        = "set-me"
    STRIPE_WEBHOOK_SECRET = "set-me"
  }
}

module "app" {
  #checkov:skip=CKV_TF_1:Registry module pinned to an exact version; registry versions are immutable releases and a registry source cannot take a commit hash
  source  = "terraform-aws-modules/secrets-manager/aws"
  version = "2.1.0"

  name        = "${var.name}/app"
  description = "Alva application secrets (${var.name}): env for the Helm chart's Secret"
  kms_key_id  = var.kms_key_arn

  recovery_window_in_days = 30
  block_public_policy     = true

  secret_string = jsonencode(merge(local.placeholders, local.generated))
  # Third-party keys are edited in place after the first apply.
  ignore_secret_changes = true

  tags = var.tags
}
