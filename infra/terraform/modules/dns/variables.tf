variable "domain" {
  description = "APP_DOMAIN served by this environment (e.g. alva.example.com); the zone is created for it."
  type        = string
}

variable "ingress_load_balancer" {
  description = "DNS name and hosted zone id of the ingress load balancer, known after the first helm install; null skips the records."
  type = object({
    dns_name = string
    zone_id  = string
  })
  default = null
}

variable "wait_for_certificate_validation" {
  description = "Wait until ACM has validated the certificate (requires the zone to be delegated)."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
