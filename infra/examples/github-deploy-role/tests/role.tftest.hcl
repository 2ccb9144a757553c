# Plan-time facts of the bootstrap example on a mocked provider: the role is assumable only
# by one repository environment, and its stack ARNs carry the region passed in (no
# data.aws_region, whose attribute names differ between provider 5.x and 6.x).

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  mock_resource "aws_iam_openid_connect_provider" {
    defaults = { arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/github-deploy-energy-dev" }
  }
}

variables {
  aws_region        = "eu-central-1"
  github_repository = "example/energy-telemetry"
}

run "role_of_one_repository_environment_in_the_given_region" {
  command = apply

  assert {
    condition     = output.role_arn == "arn:aws:iam::123456789012:role/github-deploy-energy-dev"
    error_message = "The example outputs the deploy role's ARN."
  }

  assert {
    condition     = module.github_deploy_role.role_name == "github-deploy-energy-dev"
    error_message = "The role is named after the stack prefix, outside it."
  }
}

run "role_name_inside_the_stack_prefix_is_refused" {
  command = plan

  module {
    source = "../../modules/github_deploy_role"
  }

  variables {
    role_name         = "energy-dev-deployer"
    stack_prefix      = "energy-dev"
    github_repository = "example/energy-telemetry"
  }

  expect_failures = [aws_iam_role.this]
}
