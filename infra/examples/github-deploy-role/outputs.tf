output "role_arn" {
  description = "Set this as the AWS_DEPLOY_ROLE_ARN variable of the GitHub environment."
  value       = module.github_deploy_role.role_arn
}

output "oidc_provider_arn" {
  description = "ARN of the GitHub OIDC provider the role trusts."
  value       = module.github_deploy_role.oidc_provider_arn
}
