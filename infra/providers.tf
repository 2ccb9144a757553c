provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge(var.tags, {
      Project   = "energy-telemetry"
      Stack     = var.prefix
      ManagedBy = "terraform"
    })
  }
}
