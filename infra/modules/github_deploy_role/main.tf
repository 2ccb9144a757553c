# Optional: the OIDC provider for GitHub Actions and a role that deploy jobs of one
# repository and environment assume (no long-lived keys). The role may manage only this
# stack's resources (names starting with "<stack_prefix>-") and its Terraform state.
#
# Every action is named (no wildcards): the reads are those the AWS provider's refresh
# sends for each resource type; a provider upgrade that reads something new fails with
# AccessDenied naming the action to add here. "*" resources appear only where the API
# has no resource-level permission; each such statement says so.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0

  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

locals {
  oidc_provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : var.oidc_provider_arn

  partition = data.aws_partition.current.partition
  account   = data.aws_caller_identity.current.account_id
  region    = var.aws_region
  prefix    = "${var.stack_prefix}-"

  # ARN patterns of the stack's resources.
  bucket_arn         = "arn:${local.partition}:s3:::${local.prefix}*"
  queue_arn          = "arn:${local.partition}:sqs:${local.region}:${local.account}:${local.prefix}*"
  table_arn          = "arn:${local.partition}:dynamodb:${local.region}:${local.account}:table/${local.prefix}*"
  topic_arn          = "arn:${local.partition}:sns:${local.region}:${local.account}:${local.prefix}*"
  function_arn       = "arn:${local.partition}:lambda:${local.region}:${local.account}:function:${local.prefix}*"
  role_arn           = "arn:${local.partition}:iam::${local.account}:role/${local.prefix}*"
  schedule_arn       = "arn:${local.partition}:scheduler:${local.region}:${local.account}:schedule/default/${local.prefix}*"
  alarm_arn          = "arn:${local.partition}:cloudwatch:${local.region}:${local.account}:alarm:${local.prefix}*"
  function_log_arn   = "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:/aws/lambda/${local.prefix}*"
  api_access_log_arn = "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:/aws/apigateway/${local.prefix}*"
}

data "aws_iam_policy_document" "assume_role" {
  statement {
    sid     = "GitHubActionsOfOneRepositoryEnvironment"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    # Only jobs that run in the protected environment of this repository.
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.github_repository}:environment:${var.github_environment}"]
    }
  }
}

resource "aws_iam_role" "this" {
  name                 = var.role_name
  description          = "Deploys the ${var.stack_prefix} stack from GitHub Actions (${var.github_repository}, environment ${var.github_environment})."
  assume_role_policy   = data.aws_iam_policy_document.assume_role.json
  max_session_duration = var.max_session_duration_seconds

  lifecycle {
    precondition {
      condition     = var.create_oidc_provider || var.oidc_provider_arn != null
      error_message = "Set oidc_provider_arn when create_oidc_provider is false."
    }

    precondition {
      condition     = !startswith(var.role_name, "${var.stack_prefix}-")
      error_message = "role_name must not start with the stack prefix: the role could then rewrite its own permissions."
    }
  }
}

data "aws_iam_policy_document" "this" {
  statement {
    sid    = "ManageStackBucket"
    effect = "Allow"
    actions = [
      "s3:CreateBucket",
      "s3:DeleteBucket",
      "s3:ListBucket",
      "s3:ListBucketVersions",
      "s3:GetBucketLocation",
      "s3:GetBucketPolicy",
      "s3:GetBucketAcl",
      "s3:GetBucketCORS",
      "s3:GetBucketWebsite",
      "s3:GetBucketVersioning",
      "s3:GetBucketRequestPayment",
      "s3:GetBucketLogging",
      "s3:GetBucketObjectLockConfiguration",
      "s3:GetBucketTagging",
      "s3:GetBucketOwnershipControls",
      "s3:GetBucketPublicAccessBlock",
      "s3:GetBucketNotification",
      "s3:GetAccelerateConfiguration",
      "s3:GetLifecycleConfiguration",
      "s3:GetReplicationConfiguration",
      "s3:GetEncryptionConfiguration",
      "s3:PutBucketPolicy",
      "s3:DeleteBucketPolicy",
      "s3:PutBucketTagging",
      "s3:PutBucketVersioning",
      "s3:PutBucketOwnershipControls",
      "s3:PutBucketPublicAccessBlock",
      "s3:PutBucketNotification",
      "s3:PutLifecycleConfiguration",
      "s3:PutEncryptionConfiguration",
    ]
    resources = [local.bucket_arn]
  }

  # force_destroy empties the bucket (every version) before deleting it.
  statement {
    sid       = "EmptyStackBucketOnDestroy"
    effect    = "Allow"
    actions   = ["s3:DeleteObject", "s3:DeleteObjectVersion"]
    resources = ["${local.bucket_arn}/*"]
  }

  statement {
    sid    = "ManageStackQueues"
    effect = "Allow"
    actions = [
      "sqs:CreateQueue",
      "sqs:DeleteQueue",
      "sqs:GetQueueAttributes",
      "sqs:SetQueueAttributes",
      "sqs:GetQueueUrl",
      "sqs:ListQueueTags",
      "sqs:TagQueue",
      "sqs:UntagQueue",
    ]
    resources = [local.queue_arn]
  }

  statement {
    sid    = "ManageStackTables"
    effect = "Allow"
    actions = [
      "dynamodb:CreateTable",
      "dynamodb:DeleteTable",
      "dynamodb:UpdateTable",
      "dynamodb:DescribeTable",
      "dynamodb:DescribeContinuousBackups",
      "dynamodb:DescribeTimeToLive",
      "dynamodb:ListTagsOfResource",
      "dynamodb:TagResource",
      "dynamodb:UntagResource",
      "dynamodb:UpdateContinuousBackups",
      "dynamodb:UpdateTimeToLive",
    ]
    resources = [local.table_arn, "${local.table_arn}/index/*"]
  }

  statement {
    sid    = "ManageStackTopic"
    effect = "Allow"
    actions = [
      "sns:CreateTopic",
      "sns:DeleteTopic",
      "sns:GetTopicAttributes",
      "sns:SetTopicAttributes",
      "sns:ListTagsForResource",
      "sns:TagResource",
      "sns:UntagResource",
      "sns:Subscribe",
      "sns:Unsubscribe",
      "sns:GetSubscriptionAttributes",
      "sns:SetSubscriptionAttributes",
      "sns:ListSubscriptionsByTopic",
    ]
    # Subscription ARNs are the topic ARN plus a suffix, so the pattern covers them.
    resources = [local.topic_arn]
  }

  statement {
    sid    = "ManageStackFunctions"
    effect = "Allow"
    actions = [
      "lambda:CreateFunction",
      "lambda:DeleteFunction",
      "lambda:GetFunction",
      "lambda:GetFunctionConfiguration",
      "lambda:GetFunctionCodeSigningConfig",
      "lambda:GetFunctionConcurrency",
      "lambda:GetFunctionRecursionConfig",
      "lambda:GetRuntimeManagementConfig",
      "lambda:GetPolicy",
      "lambda:ListVersionsByFunction",
      "lambda:ListTags",
      "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration",
      "lambda:PutFunctionConcurrency",
      "lambda:DeleteFunctionConcurrency",
      "lambda:AddPermission",
      "lambda:RemovePermission",
      "lambda:TagResource",
      "lambda:UntagResource",
    ]
    resources = [local.function_arn]
  }

  # Event source mappings get a generated UUID: their ARN cannot name the stack, so the
  # function they target is checked instead (the lambda:FunctionArn condition key).
  statement {
    sid    = "ManageStackEventSourceMappings"
    effect = "Allow"
    actions = [
      "lambda:CreateEventSourceMapping",
      "lambda:UpdateEventSourceMapping",
      "lambda:DeleteEventSourceMapping",
    ]
    # A mapping's ARN holds a generated UUID: the condition below scopes it instead.
    resources = ["*"]

    condition {
      test     = "ArnLike"
      variable = "lambda:FunctionArn"
      values   = [local.function_arn]
    }
  }

  # Reading and tagging a mapping carry no lambda:FunctionArn key: scoped to the
  # account's mappings instead.
  statement {
    sid       = "ReadAndTagEventSourceMappings"
    effect    = "Allow"
    actions   = ["lambda:GetEventSourceMapping", "lambda:ListTags", "lambda:TagResource", "lambda:UntagResource"]
    resources = ["arn:${local.partition}:lambda:${local.region}:${local.account}:event-source-mapping:*"]
  }

  statement {
    sid     = "ListEventSourceMappings"
    effect  = "Allow"
    actions = ["lambda:ListEventSourceMappings"]
    # No resource-level permission for this action: AWS requires "*".
    resources = ["*"]
  }

  statement {
    sid    = "ManageStackRoles"
    effect = "Allow"
    actions = [
      "iam:CreateRole",
      "iam:DeleteRole",
      "iam:GetRole",
      "iam:UpdateRole",
      "iam:UpdateRoleDescription",
      "iam:UpdateAssumeRolePolicy",
      "iam:TagRole",
      "iam:UntagRole",
      "iam:ListRolePolicies",
      "iam:ListAttachedRolePolicies",
      "iam:ListInstanceProfilesForRole",
      "iam:GetRolePolicy",
      "iam:PutRolePolicy",
      "iam:DeleteRolePolicy",
    ]
    resources = [local.role_arn]
  }

  statement {
    sid       = "PassStackRolesToLambdaAndScheduler"
    effect    = "Allow"
    actions   = ["iam:PassRole"]
    resources = [local.role_arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["lambda.amazonaws.com", "scheduler.amazonaws.com"]
    }
  }

  statement {
    sid    = "ManageStackLogGroups"
    effect = "Allow"
    actions = [
      "logs:CreateLogGroup",
      "logs:DeleteLogGroup",
      "logs:PutRetentionPolicy",
      "logs:DeleteRetentionPolicy",
      "logs:ListTagsForResource",
      "logs:ListTagsLogGroup",
      "logs:TagResource",
      "logs:UntagResource",
      "logs:TagLogGroup",
      "logs:UntagLogGroup",
    ]
    resources = [local.function_log_arn, "${local.function_log_arn}:*", local.api_access_log_arn, "${local.api_access_log_arn}:*"]
  }

  # DescribeLogGroups and the log-delivery APIs API Gateway uses to set up access
  # logging have no resource-level permissions: AWS requires "*".
  statement {
    sid    = "ReadLogGroupsAndSetUpApiAccessLogs"
    effect = "Allow"
    actions = [
      "logs:DescribeLogGroups",
      "logs:CreateLogDelivery",
      "logs:GetLogDelivery",
      "logs:UpdateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:DescribeResourcePolicies",
    ]
    # No resource-level permissions for these actions: AWS requires "*".
    resources = ["*"]
  }

  statement {
    sid    = "ManageStackSchedule"
    effect = "Allow"
    actions = [
      "scheduler:CreateSchedule",
      "scheduler:GetSchedule",
      "scheduler:UpdateSchedule",
      "scheduler:DeleteSchedule",
    ]
    resources = [local.schedule_arn]
  }

  # HTTP API ids are generated, so the ARNs cannot name the stack: the role may manage
  # the HTTP APIs of this region (API Gateway authorises by HTTP verb on a path).
  statement {
    sid    = "ManageHttpApis"
    effect = "Allow"
    actions = [
      "apigateway:GET",
      "apigateway:POST",
      "apigateway:PUT",
      "apigateway:PATCH",
      "apigateway:DELETE",
    ]
    resources = [
      "arn:${local.partition}:apigateway:${local.region}::/apis",
      "arn:${local.partition}:apigateway:${local.region}::/apis/*",
      "arn:${local.partition}:apigateway:${local.region}::/tags/*",
    ]
  }

  statement {
    sid    = "ManageStackAlarms"
    effect = "Allow"
    actions = [
      "cloudwatch:PutMetricAlarm",
      "cloudwatch:DeleteAlarms",
      "cloudwatch:DescribeAlarms",
      "cloudwatch:ListTagsForResource",
      "cloudwatch:TagResource",
      "cloudwatch:UntagResource",
    ]
    resources = [local.alarm_arn]
  }

  dynamic "statement" {
    for_each = var.state_bucket_name == null ? [] : [var.state_bucket_name]

    content {
      sid       = "ListStateBucket"
      effect    = "Allow"
      actions   = ["s3:ListBucket"]
      resources = ["arn:${local.partition}:s3:::${statement.value}"]
    }
  }

  dynamic "statement" {
    for_each = var.state_bucket_name == null ? [] : [var.state_bucket_name]

    content {
      sid     = "ReadWriteStateAndLock"
      effect  = "Allow"
      actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
      resources = [
        "arn:${local.partition}:s3:::${statement.value}/${var.state_key}",
        "arn:${local.partition}:s3:::${statement.value}/${var.state_key}.tflock",
      ]
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "deploy-${var.stack_prefix}"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}
