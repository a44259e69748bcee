# The merchants' files. Browsers upload straight to S3 with presigned
# (multipart) requests from https://<store>.<domain>, and downloads are 60 s
# presigned GETs, so the bucket stays private: no public access at all.

module "files" {
  #checkov:skip=CKV_TF_1:Registry module pinned to an exact version; registry versions are immutable releases and a registry source cannot take a commit hash
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "5.14.1"

  bucket        = var.bucket_name
  force_destroy = false

  # No ACLs: the bucket owner owns every object.
  control_object_ownership = true
  object_ownership         = "BucketOwnerEnforced"

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true

  attach_deny_insecure_transport_policy = true
  attach_require_latest_tls_policy      = true

  versioning = {
    enabled = true
  }

  server_side_encryption_configuration = {
    rule = {
      apply_server_side_encryption_by_default = {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = var.kms_key_arn
      }
      bucket_key_enabled = true
    }
  }

  lifecycle_rule = [
    {
      id                                     = "abort-incomplete-multipart-uploads"
      enabled                                = true
      filter                                 = {}
      abort_incomplete_multipart_upload_days = 7
    },
    {
      # Deleted or replaced files stay restorable for a while, then go.
      id      = "expire-noncurrent-versions"
      enabled = true
      filter  = {}
      noncurrent_version_expiration = {
        noncurrent_days = var.noncurrent_version_retention_days
      }
    },
  ]

  cors_rule = [
    {
      allowed_methods = ["PUT", "POST", "GET"]
      allowed_origins = ["https://*.${var.domain}"]
      allowed_headers = ["*"]
      # The browser needs each part's ETag to complete a multipart upload.
      expose_headers  = ["ETag"]
      max_age_seconds = 3000
    },
  ]

  tags = var.tags
}
