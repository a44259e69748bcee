output "zone_id" {
  description = "ID of the hosted zone."
  value       = module.zone.id
}

output "zone_arn" {
  description = "ARN of the hosted zone (for cert-manager or external-dns IRSA policies)."
  value       = module.zone.arn
}

output "name_servers" {
  description = "Name servers to delegate the domain to (NS records in the parent zone)."
  value       = module.zone.name_servers
}

output "certificate_arn" {
  description = "ARN of the ACM certificate for <domain> and *.<domain> (alb.ingress.kubernetes.io/certificate-arn)."
  value       = module.certificate.acm_certificate_arn
}
