# IAM roles for service accounts (IRSA):
#  - app: the Alva backend pods; read/write objects in the files bucket only,
#    and use the KMS key for SSE-KMS on that bucket (through S3 only).
#  - load-balancer-controller: the AWS Load Balancer Controller (ALB ingress).
#  - external-secrets: External Secrets Operator, read-only on Alva's secrets.

module "app" {
  #checkov:skip=CKV_TF_1:Registry module pinned to an exact version; registry versions are immutable releases and a registry source cannot take a commit hash
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "6.4.0"

  name            = "${var.name}-app"
  use_name_prefix = false
  description     = "Alva backend pods (${var.name}): files bucket only"

  oidc_providers = {
    this = {
      provider_arn               = var.oidc_provider_arn
      namespace_service_accounts = ["${var.namespace}:${var.service_account}"]
    }
  }

  create_inline_policy = true
  inline_policy_permissions = {
    ListBucket = {
      actions   = ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"]
      resources = [var.bucket_arn]
    }
    Objects = {
      actions = [
        "s3:GetObject",
        "s3:GetObjectAttributes",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts",
      ]
      resources = ["${var.bucket_arn}/*"]
    }
    BucketKey = {
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [var.kms_key_arn]
      condition = [{
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${var.region}.amazonaws.com"]
      }]
    }
  }

  tags = var.tags
}

module "load_balancer_controller" {
  #checkov:skip=CKV_TF_1:Registry module pinned to an exact version; registry versions are immutable releases and a registry source cannot take a commit hash
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "6.4.0"

  name            = "${var.name}-aws-load-balancer-controller"
  use_name_prefix = false

  attach_load_balancer_controller_policy = true

  oidc_providers = {
    this = {
      provider_arn               = var.oidc_provider_arn
      namespace_service_accounts = ["kube-system:aws-load-balancer-controller"]
    }
  }

  tags = var.tags
}

module "external_secrets" {
  #checkov:skip=CKV_TF_1:Registry module pinned to an exact version; registry versions are immutable releases and a registry source cannot take a commit hash
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "6.4.0"

  name            = "${var.name}-external-secrets"
  use_name_prefix = false

  attach_external_secrets_policy        = true
  external_secrets_secrets_manager_arns = var.secret_arns
  external_secrets_kms_key_arns         = [var.kms_key_arn]

  oidc_providers = {
    this = {
      provider_arn               = var.oidc_provider_arn
      namespace_service_accounts = ["external-secrets:external-secrets"]
    }
  }

  tags = var.tags
}
