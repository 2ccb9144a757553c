# One on-demand DynamoDB table: keys and indexes from variables, encrypted with KMS,
# point-in-time recovery on, optional TTL.

locals {
  # Every attribute a key of the table or of an index uses; DynamoDB rejects
  # attribute definitions that no key uses, and keys whose attribute is undefined.
  key_attributes = toset(compact(concat(
    [var.hash_key, var.range_key],
    [for index in var.global_secondary_indexes : index.hash_key],
    [for index in var.global_secondary_indexes : index.range_key],
  )))
}

resource "aws_dynamodb_table" "this" {
  #checkov:skip=CKV_AWS_119:SSE uses the AWS-managed KMS key by default; pass kms_key_arn for a customer-managed key where policy requires one.
  name         = var.name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = var.hash_key
  range_key    = var.range_key

  deletion_protection_enabled = var.deletion_protection_enabled

  dynamic "attribute" {
    for_each = var.attributes

    content {
      name = attribute.key
      type = attribute.value
    }
  }

  dynamic "global_secondary_index" {
    for_each = var.global_secondary_indexes

    # hash_key/range_key of an index are deprecated in provider 6.x in favour of key_schema
    # blocks (6.29+); kept while the infra contract tests read the index keys from them.
    content {
      name            = global_secondary_index.value.name
      hash_key        = global_secondary_index.value.hash_key
      range_key       = global_secondary_index.value.range_key
      projection_type = global_secondary_index.value.projection_type
    }
  }

  dynamic "ttl" {
    for_each = var.ttl_attribute == null ? [] : [var.ttl_attribute]

    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery_enabled
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  lifecycle {
    precondition {
      condition     = local.key_attributes == toset(keys(var.attributes))
      error_message = "attributes must declare exactly the key attributes of the table and its indexes."
    }
  }
}
