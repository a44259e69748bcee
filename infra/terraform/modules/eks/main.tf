# EKS control plane with managed node groups spread over the private subnets,
# IRSA (OIDC provider) for pod IAM roles, envelope encryption of Secrets and
# the VPC CNI's NetworkPolicy enforcement (the chart ships NetworkPolicies).

module "eks" {
  #checkov:skip=CKV_TF_1:Registry module pinned to an exact version; registry versions are immutable releases and a registry source cannot take a commit hash
  source  = "terraform-aws-modules/eks/aws"
  version = "21.25.0"

  name               = var.name
  kubernetes_version = var.kubernetes_version

  vpc_id     = var.vpc_id
  subnet_ids = var.private_subnet_ids

  endpoint_private_access      = true
  endpoint_public_access       = var.endpoint_public_access
  endpoint_public_access_cidrs = var.endpoint_public_access_cidrs

  # Whoever runs the first apply can administer the cluster; add more people
  # and the CI deploy role through access_entries.
  enable_cluster_creator_admin_permissions = true
  access_entries                           = var.access_entries

  enable_irsa = true

  # Kubernetes Secrets are envelope-encrypted with a KMS key the module creates.
  encryption_config = {
    resources = ["secrets"]
  }

  enabled_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  addons = {
    coredns    = {}
    kube-proxy = {}
    vpc-cni = {
      before_compute = true
      configuration_values = jsonencode({
        enableNetworkPolicy = "true"
      })
    }
    eks-pod-identity-agent = {
      before_compute = true
    }
  }

  eks_managed_node_groups = {
    for name, group in var.node_groups : name => {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = group.instance_types
      capacity_type  = group.capacity_type
      min_size       = group.min_size
      max_size       = group.max_size
      desired_size   = group.desired_size
      labels         = merge({ "alva/node-group" = name }, group.labels)
    }
  }

  tags = var.tags
}
