# A notification topic delivered to e-mail subscribers: the alert topic (the alerter's state
# changes and digests, the processor's opt-in per-reading feed) or the alarm topic (CloudWatch
# alarms), which is why it admits CloudWatch alarms of this account.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

resource "aws_sns_topic" "this" {
  #checkov:skip=CKV_AWS_26:CloudWatch alarms cannot publish to a topic under the AWS-managed alias/aws/sns key, and alerts carry no secrets; a customer-managed key would need its own key policy.
  name         = var.topic_name
  display_name = var.display_name
}

data "aws_iam_policy_document" "this" {
  # The processor publishes through its own role's identity policy (same account), so
  # the topic policy only has to admit CloudWatch alarms of this account.
  statement {
    sid       = "AllowCloudWatchAlarmsOfThisAccount"
    effect    = "Allow"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.this.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${data.aws_partition.current.partition}:cloudwatch:*:${data.aws_caller_identity.current.account_id}:alarm:*"]
    }
  }

  # The topic owner keeps managing the topic and its subscriptions.
  statement {
    sid    = "AllowOwnerAccountManagement"
    effect = "Allow"
    actions = [
      "sns:GetTopicAttributes",
      "sns:SetTopicAttributes",
      "sns:AddPermission",
      "sns:RemovePermission",
      "sns:DeleteTopic",
      "sns:Subscribe",
      "sns:ListSubscriptionsByTopic",
      "sns:Publish",
    ]
    resources = [aws_sns_topic.this.arn]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

resource "aws_sns_topic_policy" "this" {
  arn    = aws_sns_topic.this.arn
  policy = data.aws_iam_policy_document.this.json
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.email_addresses)

  topic_arn = aws_sns_topic.this.arn
  protocol  = "email"
  endpoint  = each.value

  # Only messages whose `kind` attribute is listed (MESSAGE_KIND in packages/core); none = all.
  # A message without attributes never matches a filter policy, so a topic that receives
  # CloudWatch alarms must leave its subscriptions unfiltered.
  filter_policy       = length(var.email_message_kinds) == 0 ? null : jsonencode({ kind = var.email_message_kinds })
  filter_policy_scope = length(var.email_message_kinds) == 0 ? null : "MessageAttributes"
}
