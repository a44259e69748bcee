terraform {
  # Write-only arguments (the RDS password) need Terraform 1.11+.
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.20"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.7"
    }
  }

  # Remote state in S3, filled per AWS account: create the state bucket
  # (versioned, SSE-KMS, public access blocked) once, copy
  # backend.hcl.example to backend.hcl with its name and run
  #   terraform init -backend-config=backend.hcl
  # The state holds the generated database and Redis passwords: restrict
  # access to the bucket to the people and roles that run Terraform.
  backend "s3" {}
}
