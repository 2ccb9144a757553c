# The raw-file bucket: generator output and uploads under raw_prefix, processor rejects
# under quarantine_prefix. Private, encrypted, TLS-only, versioned, with expiry rules.

resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_18:Server access logs would need a second bucket; CloudTrail data events cover audits where required.
  #checkov:skip=CKV_AWS_144:Raw files are a transient input (the readings live in DynamoDB with PITR); cross-region replication is not worth its cost here.
  #checkov:skip=CKV_AWS_145:SSE-S3 (AES256) encrypts at rest; a KMS key would add per-request cost and key-policy coupling for telemetry that carries no secrets.
  #checkov:skip=CKV2_AWS_62:The ObjectCreated notification is configured by the queue module (aws_s3_bucket_notification.source), which checkov does not link across modules.
  bucket        = var.bucket_name
  force_destroy = var.force_destroy

  lifecycle {
    precondition {
      condition     = !startswith(var.quarantine_prefix, var.raw_prefix) && !startswith(var.raw_prefix, var.quarantine_prefix)
      error_message = "raw_prefix and quarantine_prefix must not contain one another: quarantined files would re-enter the pipeline."
    }
  }
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  # ACLs disabled: access is decided by IAM and the bucket policy only.
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  # Versioning keeps an overwritten or deleted raw file recoverable until the
  # noncurrent-version rule below expires it.
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "raw-files"
    status = "Enabled"

    filter {
      prefix = var.raw_prefix
    }

    expiration {
      days = var.raw_expiration_days
    }
  }

  rule {
    id     = "quarantine"
    status = "Enabled"

    filter {
      prefix = var.quarantine_prefix
    }

    expiration {
      days = var.quarantine_expiration_days
    }
  }

  rule {
    id     = "whole-bucket-housekeeping"
    status = "Enabled"

    # An empty filter applies the rule to every object in the bucket.
    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }
  }

  # Lifecycle rules on a versioned bucket need versioning to be configured first.
  depends_on = [aws_s3_bucket_versioning.this]
}

data "aws_iam_policy_document" "this" {
  # Refuse every request that is not made over TLS, whoever makes it.
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.this.json

  # S3 rejects a policy change that races the public access block being applied.
  depends_on = [aws_s3_bucket_public_access_block.this]
}
