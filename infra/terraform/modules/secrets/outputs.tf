output "app_secret_arn" {
  description = "ARN of the application secret (External Secrets reads it)."
  value       = module.app.secret_arn
}

output "app_secret_name" {
  description = "Name of the application secret (<name>/app)."
  value       = "${var.name}/app"
}
