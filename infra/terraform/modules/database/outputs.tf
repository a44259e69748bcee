output "address" {
  description = "Hostname of the PostgreSQL endpoint."
  value       = module.db.db_instance_address
}

output "port" {
  description = "Port of the PostgreSQL endpoint."
  value       = module.db.db_instance_port
}

output "database_name" {
  description = "Name of the application database."
  value       = var.database_name
}

output "username" {
  description = "Master user name."
  value       = var.master_username
  sensitive   = true
}

output "password" {
  description = "Master password (kept in state: protect the state bucket)."
  value       = random_password.master.result
  sensitive   = true
}

output "instance_identifier" {
  description = "DB instance identifier (for snapshots and point-in-time restores)."
  value       = module.db.db_instance_identifier
}

output "security_group_id" {
  description = "Security group of the database."
  value       = aws_security_group.db.id
}
