# Plan-time facts of the bootstrap example on a mocked provider: the role is assumable only
# by one repository environment, and its stack ARNs carry the region passed in (no
# data.aws_region, whose attribute names differ between provider 5.x and 6.x).

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  aws_region        = "eu-central-1"
  github_repository = "example/energy-telemetry"
}

run "role_of_one_repository_environment_in_the_given_region" {
  command = apply

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
