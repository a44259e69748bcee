output "primary_endpoint" {
  description = "Hostname of the primary endpoint (TLS on 6379)."
  value       = module.redis.replication_group_primary_endpoint_address
}

output "port" {
  description = "Redis port."
  value       = 6379
}

output "auth_token" {
  description = "Redis AUTH token (kept in state: protect the state bucket)."
  value       = random_password.auth_token.result
  sensitive   = true
}

output "security_group_id" {
  description = "Security group of the cache."
  value       = aws_security_group.redis.id
}
