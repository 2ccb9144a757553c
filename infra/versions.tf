terraform {
  # 1.5: check blocks and import blocks; the S3 backend's use_lockfile needs 1.10 (see README).
  required_version = ">= 1.5.0"

  required_providers {
    # Pinned to the provider release whose schema the tests check against
    # (infra/schema, extracted from @cdktn/provider-aws).
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.66"
    }
  }
}
