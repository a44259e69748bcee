output "app_role_arn" {
  description = "Role for the Alva ServiceAccount (chart value serviceAccount.irsaRoleArn)."
  value       = module.app.arn
}

output "load_balancer_controller_role_arn" {
  description = "Role for the AWS Load Balancer Controller's ServiceAccount (kube-system/aws-load-balancer-controller)."
  value       = module.load_balancer_controller.arn
}

output "external_secrets_role_arn" {
  description = "Role for External Secrets Operator's ServiceAccount (external-secrets/external-secrets)."
  value       = module.external_secrets.arn
}
