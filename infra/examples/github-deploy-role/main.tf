# Bootstrap, applied once by an administrator with their own credentials (and its own
# local or remote state): the GitHub OIDC provider and the role the deploy workflow
# assumes. Kept out of the stack's configuration so that the deploy role never manages
# itself.

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Project   = "energy-telemetry"
      Stack     = var.stack_prefix
      ManagedBy = "terraform"
    }
  }
}

module "github_deploy_role" {
  source = "../../modules/github_deploy_role"

  role_name            = "github-deploy-${var.stack_prefix}"
  aws_region           = var.aws_region
  github_repository    = var.github_repository
  github_environment   = var.github_environment
  stack_prefix         = var.stack_prefix
  create_oidc_provider = var.create_oidc_provider
  oidc_provider_arn    = var.oidc_provider_arn
  state_bucket_name    = var.state_bucket_name
  state_key            = var.state_key
}
