output "bucket_name" {
  description = "Name of the files bucket (S3_BUCKET in the chart)."
  value       = module.files.s3_bucket_id
}

output "bucket_arn" {
  description = "ARN of the files bucket (scopes the pods' IAM role)."
  value       = module.files.s3_bucket_arn
}
