# The public hosted zone for APP_DOMAIN, a DNS-validated ACM certificate for
# <domain> and *.<domain>, and the records that point the store wildcard,
# app. and support. at the ingress load balancer once it exists.

module "zone" {
  #checkov:skip=CKV_TF_1:Registry module pinned to an exact version; registry versions are immutable releases and a registry source cannot take a commit hash
  source  = "terraform-aws-modules/route53/aws"
  version = "6.5.0"

  name    = var.domain
  comment = "Alva ${var.domain}"

  records = var.ingress_load_balancer == null ? {} : {
    for host in ["*", "app", "support"] : host => {
      name = host
      type = "A"
      alias = {
        name                   = var.ingress_load_balancer.dns_name
        zone_id                = var.ingress_load_balancer.zone_id
        evaluate_target_health = true
      }
    }
  }

  tags = var.tags
}

module "certificate" {
  #checkov:skip=CKV_TF_1:Registry module pinned to an exact version; registry versions are immutable releases and a registry source cannot take a commit hash
  source  = "terraform-aws-modules/acm/aws"
  version = "6.3.0"

  domain_name               = var.domain
  subject_alternative_names = ["*.${var.domain}"]
  zone_id                   = module.zone.id
  validation_method         = "DNS"
  # Validation needs the zone delegated from the parent domain first; set
  # false for the very first apply if delegation is not in place yet.
  wait_for_validation = var.wait_for_certificate_validation

  tags = var.tags
}
