terraform {
  # 1.5: check blocks and import blocks; the S3 backend's use_lockfile needs 1.10 (see README).
  required_version = ">= 1.5.0"

  required_providers {
    # Both majors: validated and tested with the real terraform on 5.100 (the provider these
    # machines have), and against the checked-in 6.x schema (infra/schema) until a 6.x
    # provider can be had; no 6.x-only attribute is used (see infra/README.md).
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }
}
