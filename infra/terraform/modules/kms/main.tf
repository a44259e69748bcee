# One customer-managed KMS key per environment for data at rest: RDS, ElastiCache,
# the files bucket and Secrets Manager. The key policy is AWS's default one:
# the account owns the key and IAM policies decide who may use it (the pod
# role may only decrypt through S3, see iam-pods).

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

data "aws_iam_policy_document" "key" {
  # In a key policy "Resource: *" means "this key", and delegating to the
  # account root is the AWS default key policy; access is granted by IAM.
  #checkov:skip=CKV_AWS_109:Key policy: the resource is the key itself and only the account root is trusted (AWS default key policy); permissions are delegated to IAM
  #checkov:skip=CKV_AWS_111:Key policy: the resource is the key itself and only the account root is trusted (AWS default key policy); permissions are delegated to IAM
  #checkov:skip=CKV_AWS_356:Key policy: "*" is the only valid resource in a key policy and denotes this key
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  # CloudWatch Logs is the one service that needs the key policy itself to
  # let it in (the RDS log group is encrypted with this key).
  statement {
    sid       = "CloudWatchLogsOfThisAccount"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.${data.aws_region.current.region}.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:log-group:*"]
    }
  }
}

resource "aws_kms_key" "this" {
  description             = "${var.name} data at rest (RDS, ElastiCache, S3, Secrets Manager)"
  enable_key_rotation     = true
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this.key_id
}
